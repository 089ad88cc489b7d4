/**
 * Row-wise softmax, its backward and log-softmax on WebGPU (kernels/softmax.wgsl).
 * One invocation per row; each op records a single dispatch.
 */

import type { RowParams, SoftmaxParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, Params, workgroupGrid } from "../runtime.ts";

/** Invocations per workgroup (the kernels' default `WG`). */
const WG = 64;

function checkRows(op: string, rows: number, cols: number): void {
  for (const [name, v] of [["rows", rows], ["cols", cols]] as const) {
    if (!Number.isInteger(v) || v < 0) {
      throw new Error(`${op}: ${name} must be a non-negative integer, got ${v}`);
    }
  }
}

function checkLength(op: string, name: string, b: GpuBuffer, expected: number): void {
  if (b.length !== expected) {
    throw new Error(`${op}: ${name} has ${b.length} elements, expected ${expected}`);
  }
}

/**
 * softmax(x * scale + mask) over the last axis of x [rows, cols], with the causal and additive
 * masks broadcast as SoftmaxParams documents. `mask` is [maskGroups, maskRows, cols] or null.
 * A fully masked row gives zeros.
 */
export function softmax(
  rt: GpuRuntime,
  x: GpuBuffer,
  mask: GpuBuffer | null,
  p: SoftmaxParams,
): GpuBuffer {
  const { rows, cols } = p;
  checkRows("softmax", rows, cols);
  checkLength("softmax", "x", x, rows * cols);
  const scale = p.scale ?? 1;
  const heads = p.heads ?? 1;
  const tq = p.tq ?? (rows === 0 ? 1 : rows / heads);
  if (!Number.isInteger(heads) || heads < 1) {
    throw new Error(`softmax: heads must be a positive integer, got ${heads}`);
  }
  if (!Number.isInteger(tq) || tq < 1) {
    throw new Error(`softmax: tq must be a positive integer, got ${tq}`);
  }
  if (rows % (heads * tq) !== 0) {
    throw new Error(
      `softmax: rows must be a multiple of heads * tq = ${heads * tq}, got ${rows} rows`,
    );
  }
  const groups = rows / (heads * tq);
  const maskGroups = p.maskGroups ?? 1;
  const maskRows = p.maskRows ?? 1;
  if (mask) {
    if (maskGroups !== 1 && maskGroups !== groups) {
      throw new Error(`softmax: maskGroups must be 1 or groups = ${groups}, got ${maskGroups}`);
    }
    if (maskRows !== 1 && maskRows !== tq) {
      throw new Error(`softmax: maskRows must be 1 or tq = ${tq}, got ${maskRows}`);
    }
    checkLength("softmax", "mask", mask, maskGroups * maskRows * cols);
  }

  const y = rt.alloc(rows * cols); // [rows, cols]
  if (rows === 0 || cols === 0) return y;
  const params = new Params()
    .u32(rows)
    .u32(cols)
    .u32(tq)
    .u32(heads)
    .u32(p.causal ? 1 : 0)
    .i32(p.causalOffset ?? 0)
    .u32(mask ? 1 : 0)
    .u32(maskGroups)
    .u32(maskRows)
    .f32(scale);
  rt.dispatch({ file: "softmax", entry: "softmax_forward", inputs: 2, outputs: 1 }, {
    params,
    // Without a mask the kernel never reads binding 2, but it must hold a valid buffer: x again.
    inputs: [x, mask ?? x],
    outputs: [y],
    workgroups: workgroupGrid(Math.ceil(rows / WG)),
  });
  return y;
}

/** dx = scale * y * (dy - sum(dy * y)) row-wise, for y = softmax(...) [rows, cols]. */
export function softmaxBackward(
  rt: GpuRuntime,
  y: GpuBuffer,
  dy: GpuBuffer,
  p: RowParams & { scale?: number },
): GpuBuffer {
  const { rows, cols } = p;
  checkRows("softmaxBackward", rows, cols);
  checkLength("softmaxBackward", "y", y, rows * cols);
  checkLength("softmaxBackward", "dy", dy, rows * cols);
  const dx = rt.alloc(rows * cols); // [rows, cols]
  if (rows === 0 || cols === 0) return dx;
  const params = rowParams(rows, cols).f32(p.scale ?? 1);
  rt.dispatch({ file: "softmax", entry: "softmax_backward", inputs: 2, outputs: 1 }, {
    params,
    inputs: [y, dy],
    outputs: [dx],
    workgroups: workgroupGrid(Math.ceil(rows / WG)),
  });
  return dx;
}

/** log(softmax(x)) row-wise over x [rows, cols]; a row of -Infinity stays -Infinity. */
export function logSoftmax(rt: GpuRuntime, x: GpuBuffer, p: RowParams): GpuBuffer {
  const { rows, cols } = p;
  checkRows("logSoftmax", rows, cols);
  checkLength("logSoftmax", "x", x, rows * cols);
  const y = rt.alloc(rows * cols); // [rows, cols]
  if (rows === 0 || cols === 0) return y;
  rt.dispatch({ file: "softmax", entry: "log_softmax", inputs: 1, outputs: 1 }, {
    params: rowParams(rows, cols).f32(1),
    inputs: [x],
    outputs: [y],
    workgroups: workgroupGrid(Math.ceil(rows / WG)),
  });
  return y;
}

/** SoftmaxParams up to (not including) `scale`, with the masks off. */
function rowParams(rows: number, cols: number): Params {
  return new Params().u32(rows).u32(cols).u32(1).u32(1).u32(0).i32(0).u32(0).u32(1).u32(1);
}
