/** In place: dst viewed as [outer, axisLen, inner] += src [outer, len, inner] at start. */
import type { AxisParams } from "../backend/contract.ts";

export function accumulateAxis(dst: Float32Array, src: Float32Array, p: AxisParams): void {
  const { outer, inner, axisLen, start, len } = p;
  const window = len * inner;
  for (let o = 0; o < outer; o++) {
    const to = (o * axisLen + start) * inner;
    const from = o * window;
    for (let i = 0; i < window; i++) dst[to + i] += src[from + i];
  }
}
