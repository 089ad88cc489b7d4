import { uniformAt } from "../random.ts";

/**
 * Inverted dropout (Srivastava et al. 2014): keep element i where
 * uniformAt(seed, i) >= rate and scale it by 1 / (1 - rate), else 0. The mask
 * is a pure function of (seed, i), so the backward pass (and the webgpu
 * kernel) redraw the same mask. rate 0 is the identity.
 */
export function dropout(
  x: Float32Array,
  p: { n: number; rate: number; seed: number },
): Float32Array {
  if (p.rate === 0) return x.slice(0, p.n);
  const keepScale = 1 / (1 - p.rate);
  const out = new Float32Array(p.n);
  for (let i = 0; i < p.n; i++) {
    out[i] = uniformAt(p.seed, i) >= p.rate ? x[i] * keepScale : 0;
  }
  return out;
}
