/**
 * Mean cross-entropy and its gradient on WebGPU (kernels/cross_entropy.wgsl). The mean over
 * counted rows needs a reduction: a per-row dispatch and a one-invocation dispatch, recorded in
 * the same submit, so the loss stays on the GPU until someone reads it.
 *
 * Unlike the cpu backend, which throws, a target that is neither ignoreIndex nor a class in
 * [0, cols) cannot be reported from a kernel without a readback: such a row is ignored.
 */

import type { CrossEntropyParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, type ParamValues, workgroupGrid } from "../runtime.ts";

/** Invocations per workgroup (the kernels' default `WG`). */
const WG = 64;

function ceParams(p: CrossEntropyParams): ParamValues {
  const { rows, cols } = p;
  return { rows, cols, ignore_index: p.ignoreIndex, smoothing: p.labelSmoothing ?? 0 };
}

/**
 * Mean cross-entropy of logits [rows, cols] against targets [rows] over the rows whose target
 * is not ignoreIndex (0 when there are none), with torch's label smoothing: a 1-element buffer.
 */
export function crossEntropy(
  rt: GpuRuntime,
  logits: GpuBuffer,
  targets: GpuBuffer,
  p: CrossEntropyParams,
): GpuBuffer {
  const params = ceParams(p);
  const loss = rt.alloc(1);
  const rowStats = rt.alloc(2 * p.rows); // [loss per row (rows), counted flag (rows)]
  if (p.rows > 0) {
    rt.dispatch({ file: "cross_entropy", entry: "ce_rows", inputs: 2, outputs: 1 }, {
      params,
      inputs: [logits, targets],
      outputs: [rowStats],
      workgroups: workgroupGrid(Math.ceil(p.rows / WG)),
    });
  }
  rt.dispatch({ file: "cross_entropy", entry: "ce_mean", inputs: 1, outputs: 1 }, {
    params,
    inputs: [rowStats],
    outputs: [loss],
    workgroups: [1],
  });
  rt.release(rowStats);
  return loss;
}

/**
 * Gradient of crossEntropy w.r.t. logits [rows, cols], times dLoss[0]:
 * (softmax(row) - target distribution) / counted rows; zeros for ignored rows.
 */
export function crossEntropyBackward(
  rt: GpuRuntime,
  logits: GpuBuffer,
  targets: GpuBuffer,
  dLoss: GpuBuffer,
  p: CrossEntropyParams,
): GpuBuffer {
  const dLogits = rt.alloc(p.rows * p.cols); // [rows, cols]
  if (p.rows === 0) return dLogits;
  const params = ceParams(p);
  const counted = rt.alloc(1);
  rt.dispatch({ file: "cross_entropy", entry: "ce_count", inputs: 1, outputs: 1 }, {
    params,
    inputs: [targets],
    outputs: [counted],
    workgroups: [1],
  });
  rt.dispatch({ file: "cross_entropy", entry: "ce_backward", inputs: 4, outputs: 1 }, {
    params,
    inputs: [logits, targets, counted, dLoss],
    outputs: [dLogits],
    workgroups: workgroupGrid(Math.ceil(p.rows / WG)),
  });
  rt.release(counted);
  return dLogits;
}
