/**
 * Mean cross-entropy and its gradient on WebGPU (kernels/cross_entropy.wgsl). The mean over
 * counted rows needs a reduction: a per-row dispatch and a one-invocation dispatch, recorded in
 * the same submit, so the loss stays on the GPU until someone reads it.
 *
 * Unlike the cpu backend, which throws, a target that is neither ignoreIndex nor a class in
 * [0, cols) cannot be reported from a kernel without a readback: such a row is ignored.
 */

import type { CrossEntropyParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, Params, workgroupGrid } from "../runtime.ts";

/** Invocations per workgroup (the kernels' default `WG`). */
const WG = 64;

function check(op: string, logits: GpuBuffer, targets: GpuBuffer, p: CrossEntropyParams): void {
  if (!Number.isInteger(p.rows) || p.rows < 0) {
    throw new Error(`${op}: rows must be a non-negative integer, got ${p.rows}`);
  }
  if (!Number.isInteger(p.cols) || p.cols < 1) {
    throw new Error(`${op}: cols must be a positive integer, got ${p.cols}`);
  }
  if (logits.length !== p.rows * p.cols) {
    throw new Error(
      `${op}: logits has ${logits.length} elements, expected ${
        p.rows * p.cols
      } for [${p.rows}, ${p.cols}]`,
    );
  }
  if (targets.length !== p.rows) {
    throw new Error(`${op}: targets has ${targets.length} elements, expected ${p.rows}`);
  }
  const eps = p.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) {
    throw new Error(`${op}: expected labelSmoothing in [0, 1], got ${eps}`);
  }
}

function ceParams(p: CrossEntropyParams): Params {
  return new Params().u32(p.rows).u32(p.cols).f32(p.ignoreIndex).f32(p.labelSmoothing ?? 0);
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
  check("crossEntropy", logits, targets, p);
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
  check("crossEntropyBackward", logits, targets, p);
  if (dLoss.length !== 1) {
    throw new Error(`crossEntropyBackward: dLoss has ${dLoss.length} elements, expected 1`);
  }
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
