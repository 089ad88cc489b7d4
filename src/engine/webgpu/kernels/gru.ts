/**
 * The fused GRU step on WebGPU (kernels/gru.wgsl): the whole cell - both gates, the candidate
 * and the interpolation - in one dispatch instead of ~15, and its backward in one more.
 */

import type { GruCellParams } from "../../backend/contract.ts";
import { checkLength, checkSize } from "../check.ts";
import { type GpuBuffer, type GpuRuntime, Params, workgroupGrid } from "../runtime.ts";

const WG = 64;

function params(op: string, xp: GpuBuffer, p: GruCellParams): Params {
  const { batch, hidden } = p;
  checkSize(op, "batch", batch);
  checkSize(op, "hidden", hidden);
  const stride = p.xpStride ?? 3 * hidden;
  const offset = p.xpOffset ?? 0;
  if (!Number.isInteger(stride) || stride < 3 * hidden || !Number.isInteger(offset) || offset < 0) {
    throw new Error(
      `${op}: expected xpStride >= 3 * hidden = ${
        3 * hidden
      } and xpOffset >= 0, got ${stride} and ${offset}`,
    );
  }
  if (batch > 0 && xp.length < (batch - 1) * stride + offset + 3 * hidden) {
    throw new Error(
      `${op}: xp has ${xp.length} elements, too few for ${batch} rows of stride ${stride} from ${offset}`,
    );
  }
  return new Params().u32(batch).u32(hidden).u32(stride).u32(offset);
}

/** h' [B, H] of one GRU step (see Backend.gruCell). */
export function gruCell(
  rt: GpuRuntime,
  xp: GpuBuffer,
  hp: GpuBuffer,
  h: GpuBuffer,
  p: GruCellParams,
): GpuBuffer {
  const uniforms = params("gruCell", xp, p);
  checkLength("gruCell", "hp", hp, [p.batch, 3 * p.hidden]);
  checkLength("gruCell", "h", h, [p.batch, p.hidden]);
  const out = rt.alloc(p.batch * p.hidden);
  rt.dispatch({ file: "gru", entry: "gru_forward", inputs: 3, outputs: 1 }, {
    params: uniforms,
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
  const uniforms = params("gruCellBackward", xp, p);
  checkLength("gruCellBackward", "hp", hp, [p.batch, 3 * p.hidden]);
  checkLength("gruCellBackward", "h", h, [p.batch, p.hidden]);
  checkLength("gruCellBackward", "dhNext", dhNext, [p.batch, p.hidden]);
  const dxp = rt.alloc(p.batch * 3 * p.hidden);
  const dhp = rt.alloc(p.batch * 3 * p.hidden);
  const dh = rt.alloc(p.batch * p.hidden);
  rt.dispatch({ file: "gru", entry: "gru_backward", inputs: 4, outputs: 3 }, {
    params: uniforms,
    inputs: [xp, hp, h, dhNext],
    outputs: [dxp, dhp, dh],
    workgroups: workgroupGrid(Math.ceil((p.batch * p.hidden) / WG)),
  });
  return { dxp, dhp, dh };
}
