/**
 * Layer normalization (Ba et al. 2016) and its backward on WebGPU (kernels/layer_norm.wgsl).
 * The forward is one dispatch; the backward two: dx and per-workgroup partial sums of dgamma,
 * dbeta, then the partials' totals. Both read vec4s when cols is a multiple of 4.
 */

import type { RowParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, workgroupGrid } from "../runtime.ts";
import { full } from "./elementwise.ts";

/** Invocations per workgroup (the kernels' default `WG`). */
const WG = 64;

/**
 * y = (x - mean) * rstd * gamma + beta per row of x [rows, cols], rstd = 1 / sqrt(var + eps)
 * with the biased variance (as torch). Returns y [rows, cols], mean [rows] and rstd [rows].
 */
export function layerNorm(
  rt: GpuRuntime,
  x: GpuBuffer,
  gamma: GpuBuffer,
  beta: GpuBuffer,
  p: RowParams & { eps: number },
): { y: GpuBuffer; mean: GpuBuffer; rstd: GpuBuffer } {
  const { rows, cols, eps } = p;
  const y = rt.alloc(rows * cols); // [rows, cols]
  const mean = rt.alloc(rows); // [rows]
  const rstd = rt.alloc(rows); // [rows]
  if (rows > 0) {
    const entry = cols % 4 === 0 ? "layer_norm_forward4" : "layer_norm_forward";
    rt.dispatch({ file: "layer_norm", entry, inputs: 3, outputs: 3 }, {
      params: { rows, cols, eps, groups: 0 }, // groups is the backward's
      inputs: [x, gamma, beta],
      outputs: [y, mean, rstd],
      workgroups: workgroupGrid(Math.ceil(rows / WG)),
    });
  }
  return { y, mean, rstd };
}

/**
 * Gradients of layerNorm given the saved mean and rstd [rows]: dx [rows, cols] and
 * dgamma, dbeta [cols] (sums over rows).
 */
export function layerNormBackward(
  rt: GpuRuntime,
  x: GpuBuffer,
  gamma: GpuBuffer,
  mean: GpuBuffer,
  rstd: GpuBuffer,
  dy: GpuBuffer,
  p: RowParams,
): { dx: GpuBuffer; dgamma: GpuBuffer; dbeta: GpuBuffer } {
  const { rows, cols } = p;
  const dx = rt.alloc(rows * cols); // [rows, cols]
  const groups = Math.ceil(rows / WG);
  if (groups === 0) return { dx, dgamma: full(rt, cols, 0), dbeta: full(rt, cols, 0) };
  const dgamma = rt.alloc(cols); // [cols]
  const dbeta = rt.alloc(cols); // [cols]
  const partials = rt.alloc(2 * groups * cols); // [2, groups, cols]: dgamma's, then dbeta's
  const params = { rows, cols, eps: 0, groups }; // eps is the forward's
  const entry = cols % 4 === 0 ? "layer_norm_backward_rows4" : "layer_norm_backward_rows";
  rt.dispatch({ file: "layer_norm", entry, inputs: 5, outputs: 2 }, {
    params,
    inputs: [x, gamma, mean, rstd, dy],
    outputs: [dx, partials],
    workgroups: workgroupGrid(groups),
  });
  rt.dispatch({ file: "layer_norm", entry: "layer_norm_backward_cols", inputs: 1, outputs: 2 }, {
    params,
    inputs: [partials],
    outputs: [dgamma, dbeta],
    workgroups: workgroupGrid(Math.ceil(cols / WG)),
  });
  rt.release(partials);
  return { dx, dgamma, dbeta };
}
