/**
 * Row-wise softmax, its backward and log-softmax on WebGPU (kernels/softmax.wgsl).
 * One invocation per row; each op records a single dispatch.
 */

import type { RowParams, SoftmaxParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, workgroupGrid } from "../runtime.ts";

/** Invocations per workgroup (the kernels' default `WG`). */
const WG = 64;

/** SoftmaxParams with the masks off and every row its own group, for the row-wise kernels. */
const NO_MASKS = {
  tq: 1,
  heads: 1,
  causal: 0,
  causal_offset: 0,
  has_mask: 0,
  mask_groups: 1,
  mask_rows: 1,
} as const;

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
  const heads = p.heads ?? 1;
  const y = rt.alloc(rows * cols); // [rows, cols]
  if (rows === 0 || cols === 0) return y;
  rt.dispatch({ file: "softmax", entry: "softmax_forward", inputs: 2, outputs: 1 }, {
    params: {
      rows,
      cols,
      tq: p.tq ?? rows / heads,
      heads,
      causal: p.causal ? 1 : 0,
      causal_offset: p.causalOffset ?? 0,
      has_mask: mask ? 1 : 0,
      mask_groups: p.maskGroups ?? 1,
      mask_rows: p.maskRows ?? 1,
      scale: p.scale ?? 1,
    },
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
  const dx = rt.alloc(rows * cols); // [rows, cols]
  if (rows === 0 || cols === 0) return dx;
  rt.dispatch({ file: "softmax", entry: "softmax_backward", inputs: 2, outputs: 1 }, {
    params: { ...NO_MASKS, rows, cols, scale: p.scale ?? 1 },
    inputs: [y, dy],
    outputs: [dx],
    workgroups: workgroupGrid(Math.ceil(rows / WG)),
  });
  return dx;
}

/** log(softmax(x)) row-wise over x [rows, cols]; a row of -Infinity stays -Infinity. */
export function logSoftmax(rt: GpuRuntime, x: GpuBuffer, p: RowParams): GpuBuffer {
  const { rows, cols } = p;
  const y = rt.alloc(rows * cols); // [rows, cols]
  if (rows === 0 || cols === 0) return y;
  rt.dispatch({ file: "softmax", entry: "log_softmax", inputs: 1, outputs: 1 }, {
    params: { ...NO_MASKS, rows, cols, scale: 1 },
    inputs: [x],
    outputs: [y],
    workgroups: workgroupGrid(Math.ceil(rows / WG)),
  });
  return y;
}
