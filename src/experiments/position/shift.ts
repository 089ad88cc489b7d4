/**
 * RoPE's claim checked numerically (Su et al. 2021): rotating q and k by their positions makes
 * q_i . k_j depend only on i - j, which adding a sinusoidal table to them does not.
 */
import type { Backend } from "../../engine/backend/contract.ts";
import { ops, Tensor, tidy } from "../../engine/mod.ts";
import { Rng } from "../../engine/random.ts";
import { sinusoidalTable } from "../../models/layers/positional.ts";
import type { ShiftCheck } from "./conclude.ts";

/** n draws of N(0, 1). */
export function randn(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/** Each draw's vector at every position 0..t-1, rotated by the engine's rope op: [draws, t, dk]. */
export async function rotatedAtEveryPosition(
  backend: Backend,
  vectors: Float32Array,
  shape: { draws: number; t: number; dk: number },
): Promise<Float32Array> {
  const { draws, t, dk } = shape;
  const tiled = new Float32Array(draws * t * dk);
  for (let r = 0; r < draws; r++) {
    for (let p = 0; p < t; p++) tiled.set(vectors.subarray(r * dk, (r + 1) * dk), (r * t + p) * dk);
  }
  const x = Tensor.from(backend, tiled, [draws, t, dk]); // [draws, T, dk], one vector per row
  try {
    const rotated = tidy(() => ops.keep(ops.rope(x))); // [draws, T, dk]
    try {
      return await rotated.toArray();
    } finally {
      rotated.dispose();
    }
  } finally {
    x.dispose();
  }
}

/**
 * RoPE's claim checked numerically: for random q, k of unit-variance entries and random
 * positions i, j < T/2 and shift 1 <= s < T/2, compare q_i . k_j with q_{i+s} . k_{j+s}, where
 * q_p is q rotated by the engine's rope op at position p, or q + PE[p] with the sinusoidal
 * table (the contrast). Dot products are taken in float64, so the differences are the op's.
 */
export async function checkShiftInvariance(
  backend: Backend,
  options: { draws: number; triples: number; dk: number; positions: number; seed: number },
): Promise<ShiftCheck> {
  const { draws, triples, dk, positions: t } = options;
  if (t < 4 || dk % 2 !== 0) {
    throw new Error(`expected at least 4 positions and an even dk, got ${t} and ${dk}`);
  }
  const rng = new Rng(options.seed);
  const q = randn(rng, draws * dk);
  const k = randn(rng, draws * dk);
  const rq = await rotatedAtEveryPosition(backend, q, { draws, t, dk });
  const rk = await rotatedAtEveryPosition(backend, k, { draws, t, dk });
  const pe = sinusoidalTable(t, dk);
  const half = t >> 1;
  const dot = (a: Float32Array, ai: number, b: Float32Array, bi: number) => {
    let s = 0;
    for (let c = 0; c < dk; c++) s += a[ai + c] * b[bi + c];
    return s;
  };
  /** (q + PE[i]) . (k + PE[j]) for draw r. */
  const added = (r: number, i: number, j: number) => {
    let s = 0;
    for (let c = 0; c < dk; c++) {
      s += (q[r * dk + c] + pe[i * dk + c]) * (k[r * dk + c] + pe[j * dk + c]);
    }
    return s;
  };
  let ropeMaxDiff = 0;
  let sinusoidalMaxDiff = 0;
  let squares = 0;
  let sinusoidalSquares = 0;
  for (let r = 0; r < draws; r++) {
    for (let n = 0; n < triples; n++) {
      const i = rng.int(half);
      const j = rng.int(half);
      const s = 1 + rng.int(half - 1);
      const at = (p: number) => (r * t + p) * dk;
      const before = dot(rq, at(i), rk, at(j));
      const after = dot(rq, at(i + s), rk, at(j + s));
      ropeMaxDiff = Math.max(ropeMaxDiff, Math.abs(before - after));
      const addedBefore = added(r, i, j);
      sinusoidalMaxDiff = Math.max(
        sinusoidalMaxDiff,
        Math.abs(addedBefore - added(r, i + s, j + s)),
      );
      squares += before * before;
      sinusoidalSquares += addedBefore * addedBefore;
    }
  }
  const comparisons = draws * triples;
  return {
    comparisons,
    scoreRms: Math.sqrt(squares / comparisons),
    ropeMaxDiff,
    sinusoidalScoreRms: Math.sqrt(sinusoidalSquares / comparisons),
    sinusoidalMaxDiff,
  };
}
