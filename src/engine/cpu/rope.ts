import type { RopeParams } from "../backend/contract.ts";

/**
 * Rotary position embedding (Su et al. 2021, RoFormer) of x [rows, t, dim]:
 * the pair (x[2i], x[2i+1]) at position pos = offset + t-index is rotated by
 * theta = pos * base^(-2i/dim):
 *   y[2i]   = x[2i] cos theta - x[2i+1] sin theta
 *   y[2i+1] = x[2i] sin theta + x[2i+1] cos theta
 * `inverse` rotates by -theta, which is the backward pass (rotations are
 * orthogonal).
 */
export function rope(x: Float32Array, p: RopeParams): Float32Array {
  const { rows, t, dim } = p;
  const offset = p.offset ?? 0;
  const base = p.base ?? 10000;
  const sign = p.inverse ? -1 : 1;
  const out = new Float32Array(rows * t * dim);
  for (let s = 0; s < t; s++) {
    const pos = offset + s;
    for (let i = 0; i < dim / 2; i++) {
      const theta = sign * pos * Math.pow(base, (-2 * i) / dim);
      const cos = Math.cos(theta);
      const sin = Math.sin(theta);
      for (let r = 0; r < rows; r++) {
        const o = (r * t + s) * dim + 2 * i;
        const a = x[o];
        const b = x[o + 1];
        out[o] = a * cos - b * sin;
        out[o + 1] = a * sin + b * cos;
      }
    }
  }
  return out;
}
