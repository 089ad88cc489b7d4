/**
 * Fused scaled dot-product attention on WebGPU. The forward is the FlashAttention kernel
 * (kernels/flash_attention.wgsl) writing the weights as well: one dispatch when a row fits one
 * (the models' case). The backward (kernels/attention.wgsl) is three kernels, each split over
 * ranges of keys or queries so that no invocation exceeds llvmpipe's loop budget (see
 * ./flash_attention.ts). They replace the head split/merge copies, two batched matmuls and a
 * softmax each way.
 */

import type { AttentionParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, type ParamValues, workgroupGrid } from "../runtime.ts";
import {
  checkFlash,
  LOOP_ITERATION_BUDGET,
  recordFlashForward,
  sizeParams,
} from "./flash_attention.ts";

const WG = 64;

/** BackwardParams of kernels/attention.wgsl for one range of keys (or queries). */
function uniforms(
  p: AttentionParams,
  range: { start: number; end: number; first: boolean },
): ParamValues {
  const { start, end } = range;
  return { ...sizeParams(p), scale: p.scale, start, end, first: range.first ? 1 : 0 };
}

/**
 * out [B, tq, heads * dk] and weights [B, heads, tq, tk] (see Backend.attention): the
 * FlashAttention forward writing the weights too (in one dispatch for rows that fit one, else
 * as scores turned into weights by one more pass).
 */
export function attention(
  rt: GpuRuntime,
  q: GpuBuffer,
  kv: GpuBuffer,
  mask: GpuBuffer | null,
  p: AttentionParams,
): { out: GpuBuffer; weights: GpuBuffer } {
  checkFlash("attention", p);
  const weights = rt.alloc(p.batch * p.heads * p.tq * p.tk);
  const { out, lse } = recordFlashForward(rt, { q, kv, mask }, weights, p);
  rt.release(lse);
  return { out, weights };
}

/**
 * How many keys (or queries) one backward dispatch may take with head width dk: the loops of
 * an invocation, about (dk + 2) per key plus dk, stay within llvmpipe's budget.
 */
export function backwardRangeLength(dk: number): number {
  return Math.max(1, Math.floor((LOOP_ITERATION_BUDGET - dk - 2) / (dk + 2)));
}

/** [start, end) ranges of at most `step` covering 0..n (one empty range when n is 0). */
function ranges(n: number, step: number): { start: number; end: number; first: boolean }[] {
  const out = [];
  for (let start = 0; start < n || start === 0; start += step) {
    out.push({ start, end: Math.min(n, start + step), first: start === 0 });
  }
  return out;
}

/** dq [B, tq, heads * dk], dk and dv [B, tk, heads * dk] (see Backend.attentionBackward). */
export function attentionBackward(
  rt: GpuRuntime,
  q: GpuBuffer,
  kv: GpuBuffer,
  weights: GpuBuffer,
  dOut: GpuBuffer,
  p: AttentionParams,
): { dq: GpuBuffer; dk: GpuBuffer; dv: GpuBuffer } {
  const d = p.heads * p.dk;
  const rows = p.batch * p.heads * p.tq;
  const ds = rt.alloc(weights.length); // dScores [B, heads, tq, tk]
  const rowDot = rt.alloc(rows); // sum_j W_j dW_j [B, heads, tq]
  const dq = rt.alloc(p.batch * p.tq * d);
  const dk = rt.alloc(p.batch * p.tk * d);
  const dv = rt.alloc(p.batch * p.tk * d);
  const step = backwardRangeLength(p.dk);
  const rowGroups = workgroupGrid(Math.ceil(rows / WG));
  const keys = ranges(p.tk, step);
  for (const range of keys) {
    rt.dispatch({ file: "attention", entry: "attention_backward_dots", inputs: 3, outputs: 2 }, {
      params: uniforms(p, range),
      inputs: [kv, weights, dOut],
      outputs: [ds, rowDot],
      workgroups: rowGroups,
    });
  }
  for (const range of keys) {
    rt.dispatch({ file: "attention", entry: "attention_backward_rows", inputs: 3, outputs: 2 }, {
      params: uniforms(p, range),
      inputs: [kv, weights, rowDot],
      outputs: [ds, dq],
      workgroups: rowGroups,
    });
  }
  for (const range of ranges(p.tq, step)) {
    rt.dispatch({ file: "attention", entry: "attention_backward_cols", inputs: 4, outputs: 2 }, {
      params: uniforms(p, range),
      inputs: [q, ds, weights, dOut],
      outputs: [dk, dv],
      workgroups: workgroupGrid(Math.ceil((p.batch * p.heads * p.tk) / WG)),
    });
  }
  rt.release(ds);
  rt.release(rowDot);
  return { dq, dk, dv };
}
