/** In place: dst viewed as [outer, axisLen, inner] += src [outer, len, inner] at start. */
import type { AxisParams } from "../backend/contract.ts";

export function accumulateAxis(dst: Float32Array, src: Float32Array, p: AxisParams): void {
  const { outer, inner, axisLen, start, len } = p;
  for (const [key, v] of Object.entries({ outer, inner, axisLen, start, len })) {
    if (!Number.isInteger(v) || v < 0) {
      throw new Error(`accumulateAxis: ${key} must be a non-negative integer, got ${v}`);
    }
  }
  if (start + len > axisLen) {
    throw new Error(
      `accumulateAxis: expected start + len <= axisLen ${axisLen}, got start ${start} and len ${len}`,
    );
  }
  for (
    const [name, a, n] of [["dst", dst, outer * axisLen * inner], [
      "src",
      src,
      outer * len * inner,
    ]] as const
  ) {
    if (a.length !== n) {
      throw new Error(`accumulateAxis: ${name} has ${a.length} elements, expected ${n}`);
    }
  }
  if (dst === src) {
    throw new Error(
      "accumulateAxis: expected src and dst to be different buffers, got the same one",
    );
  }
  const window = len * inner;
  for (let o = 0; o < outer; o++) {
    const to = (o * axisLen + start) * inner;
    const from = o * window;
    for (let i = 0; i < window; i++) dst[to + i] += src[from + i];
  }
}
