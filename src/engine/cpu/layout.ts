import type { AxisParams } from "../backend/contract.ts";

/** x viewed as [outer, axisLen, inner] -> [outer, len, inner], taken from index start. */
export function sliceAxis(x: Float32Array, p: AxisParams): Float32Array {
  const { outer, inner, axisLen, start, len } = p;
  const out = new Float32Array(outer * len * inner); // [outer, len, inner]
  for (let o = 0; o < outer; o++) {
    const from = (o * axisLen + start) * inner;
    out.set(x.subarray(from, from + len * inner), o * len * inner);
  }
  return out;
}

/** In place: dst [outer, axisLen, inner] receives src [outer, len, inner] at index start. */
export function writeAxis(dst: Float32Array, src: Float32Array, p: AxisParams): void {
  const { outer, inner, axisLen, start, len } = p;
  for (let o = 0; o < outer; o++) {
    dst.set(src.subarray(o * len * inner, (o + 1) * len * inner), (o * axisLen + start) * inner);
  }
}

/**
 * General transpose of a contiguous tensor of rank 1..6: output dim i is input
 * dim perm[i], so out shape[i] = shape[perm[i]]. Walks the output in order and
 * keeps the matching input offset with an odometer over the output index.
 */
export function permute(x: Float32Array, p: { shape: number[]; perm: number[] }): Float32Array {
  const { shape, perm } = p;
  const rank = shape.length;
  const inStrides = new Array<number>(rank);
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    inStrides[d] = stride;
    stride *= shape[d];
  }
  const outShape = perm.map((d) => shape[d]);
  const step = perm.map((d) => inStrides[d]); // input offset step per output dim
  const out = new Float32Array(x.length);
  if (x.length === 0) return out;
  const index = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = x[src];
    // Advance the output index like an odometer, last dim fastest.
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++;
      src += step[d];
      if (index[d] < outShape[d]) break;
      src -= step[d] * outShape[d];
      index[d] = 0;
    }
  }
  return out;
}
