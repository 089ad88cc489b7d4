/**
 * In place: dst viewed as [outer, axisLen, inner] += src [outer, len, inner] at `start`
 * (kernels/accumulate_axis.wgsl). The tape adds a slice's gradient into an existing gradient
 * with it, instead of zero-filling a full-size buffer and adding that.
 */

import type { AxisParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, workgroupGrid } from "../runtime.ts";
import { axisParams } from "./layout.ts";

const WG = 64;

/** dst[outer, start + i, inner] += src[outer, i, inner] for i < len. */
export function accumulateAxis(
  rt: GpuRuntime,
  dst: GpuBuffer,
  src: GpuBuffer,
  p: AxisParams,
): void {
  const n = p.outer * p.len * p.inner;
  rt.dispatch({ file: "accumulate_axis", entry: "accumulate_axis", inputs: 1, outputs: 1 }, {
    params: axisParams(p),
    inputs: [src],
    outputs: [dst],
    workgroups: workgroupGrid(Math.ceil(n / WG)),
  });
}
