/**
 * The fused GRU step on WebGPU (kernels/gru.wgsl): the whole cell - both gates, the candidate
 * and the interpolation - in one dispatch instead of ~15, and its backward in one more.
 */

import type { GruCellParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, type ParamValues, workgroupGrid } from "../runtime.ts";

const WG = 64;

/** GruParams of kernels/gru.wgsl: xp's rows are xp_stride apart from xp_offset. */
function params(p: GruCellParams): ParamValues {
  const { batch, hidden } = p;
  return { batch, hidden, xp_stride: p.xpStride ?? 3 * hidden, xp_offset: p.xpOffset ?? 0 };
}

/** h' [B, H] of one GRU step (see Backend.gruCell). */
export function gruCell(
  rt: GpuRuntime,
  xp: GpuBuffer,
  hp: GpuBuffer,
  h: GpuBuffer,
  p: GruCellParams,
): GpuBuffer {
  const out = rt.alloc(p.batch * p.hidden);
  rt.dispatch({ file: "gru", entry: "gru_forward", inputs: 3, outputs: 1 }, {
    params: params(p),
    inputs: [xp, hp, h],
    outputs: [out],
    workgroups: workgroupGrid(Math.ceil((p.batch * p.hidden) / WG)),
  });
  return out;
}

/** dxp, dhp [B, 3H] and the direct dh [B, H] of one GRU step (see Backend.gruCellBackward). */
export function gruCellBackward(
  rt: GpuRuntime,
  xp: GpuBuffer,
  hp: GpuBuffer,
  h: GpuBuffer,
  dhNext: GpuBuffer,
  p: GruCellParams,
): { dxp: GpuBuffer; dhp: GpuBuffer; dh: GpuBuffer } {
  const dxp = rt.alloc(p.batch * 3 * p.hidden);
  const dhp = rt.alloc(p.batch * 3 * p.hidden);
  const dh = rt.alloc(p.batch * p.hidden);
  rt.dispatch({ file: "gru", entry: "gru_backward", inputs: 4, outputs: 3 }, {
    params: params(p),
    inputs: [xp, hp, h, dhNext],
    outputs: [dxp, dhp, dh],
    workgroups: workgroupGrid(Math.ceil((p.batch * p.hidden) / WG)),
  });
  return { dxp, dhp, dh };
}
