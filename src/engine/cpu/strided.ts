/**
 * Strided views on the cpu backend: gather (a view as a contiguous copy) and its adjoint
 * scatterAdd (a view's gradient added back at the view's positions).
 */
import type { StridedParams } from "../backend/contract.ts";

/** The storage index of every element of the view, in row-major order. */
function positions(p: StridedParams): Int32Array {
  const n = p.shape.reduce((a, d) => a * d, 1);
  const out = new Int32Array(n);
  const rank = p.shape.length;
  const index = new Array<number>(rank).fill(0);
  let at = p.offset;
  for (let i = 0; i < n; i++) {
    out[i] = at;
    // Advance the multi-index, last dim fastest, keeping `at` in step.
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++;
      at += p.strides[d];
      if (index[d] < p.shape[d]) break;
      at -= p.strides[d] * p.shape[d];
      index[d] = 0;
    }
  }
  return out;
}

/** out[i] = x[position of element i]. */
export function gather(x: Float32Array, p: StridedParams): Float32Array {
  const at = positions(p);
  const out = new Float32Array(at.length);
  for (let i = 0; i < at.length; i++) out[i] = x[at[i]];
  return out;
}

/** dst[position of element i] += src[i], in place. */
export function scatterAdd(dst: Float32Array, src: Float32Array, p: StridedParams): void {
  const at = positions(p);
  for (let i = 0; i < at.length; i++) dst[at[i]] += src[i];
}
