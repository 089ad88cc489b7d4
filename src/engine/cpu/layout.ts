import type { AxisParams } from "../backend/contract.ts";
import { checkLength, checkSize } from "./check.ts";

function checkAxis(op: string, p: AxisParams): void {
  for (const key of ["outer", "inner", "axisLen", "start", "len"] as const) {
    checkSize(op, key, p[key]);
  }
  if (p.start + p.len > p.axisLen) {
    throw new Error(
      `${op}: expected start + len <= axisLen ${p.axisLen}, got start ${p.start} and len ${p.len}`,
    );
  }
}

/** x viewed as [outer, axisLen, inner] -> [outer, len, inner], taken from index start. */
export function sliceAxis(x: Float32Array, p: AxisParams): Float32Array {
  checkAxis("sliceAxis", p);
  const { outer, inner, axisLen, start, len } = p;
  checkLength("sliceAxis", "x", x, [outer, axisLen, inner]);
  const out = new Float32Array(outer * len * inner); // [outer, len, inner]
  for (let o = 0; o < outer; o++) {
    const from = (o * axisLen + start) * inner;
    out.set(x.subarray(from, from + len * inner), o * len * inner);
  }
  return out;
}

/** In place: dst [outer, axisLen, inner] receives src [outer, len, inner] at index start. */
export function writeAxis(dst: Float32Array, src: Float32Array, p: AxisParams): void {
  checkAxis("writeAxis", p);
  const { outer, inner, axisLen, start, len } = p;
  checkLength("writeAxis", "dst", dst, [outer, axisLen, inner]);
  checkLength("writeAxis", "src", src, [outer, len, inner]);
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
  if (rank < 1 || rank > 6) throw new Error(`permute: expected rank 1..6, got rank ${rank}`);
  for (const [i, d] of shape.entries()) checkSize("permute", `shape[${i}]`, d);
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== rank || sorted.some((v, i) => v !== i)) {
    throw new Error(
      `permute: expected a permutation of 0..${rank - 1}, got [${perm.join(", ")}]`,
    );
  }
  checkLength("permute", "x", x, shape);

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
