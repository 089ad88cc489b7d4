/**
 * In place: dst viewed as [outer, axisLen, inner] += src [outer, len, inner] at `start`
 * (kernels/accumulate_axis.wgsl). The tape adds a slice's gradient into an existing gradient
 * with it, instead of zero-filling a full-size buffer and adding that.
 */

import type { AxisParams } from "../../backend/contract.ts";
import { checkLength, checkSize } from "../check.ts";
import { type GpuBuffer, type GpuRuntime, Params, workgroupGrid } from "../runtime.ts";

const WG = 64;

/** dst[outer, start + i, inner] += src[outer, i, inner] for i < len. */
export function accumulateAxis(
  rt: GpuRuntime,
  dst: GpuBuffer,
  src: GpuBuffer,
  p: AxisParams,
): void {
  for (const key of ["outer", "inner", "axisLen", "start", "len"] as const) {
    checkSize("accumulateAxis", key, p[key]);
  }
  if (p.start + p.len > p.axisLen) {
    throw new Error(
      `accumulateAxis: expected start + len <= axisLen ${p.axisLen}, got start ${p.start} and len ${p.len}`,
    );
  }
  checkLength("accumulateAxis", "dst", dst, [p.outer, p.axisLen, p.inner]);
  checkLength("accumulateAxis", "src", src, [p.outer, p.len, p.inner]);
  if (dst === src) {
    throw new Error(
      "accumulateAxis: expected src and dst to be different buffers, got the same one",
    );
  }
  const n = p.outer * p.len * p.inner;
  rt.dispatch({ file: "accumulate_axis", entry: "accumulate_axis", inputs: 1, outputs: 1 }, {
    params: new Params().u32(n).u32(p.inner).u32(p.len).u32(p.axisLen).u32(p.start),
    inputs: [src],
    outputs: [dst],
    workgroups: workgroupGrid(Math.ceil(n / WG)),
  });
}
