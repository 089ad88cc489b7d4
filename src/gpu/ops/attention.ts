/**
 * Fused scaled dot-product attention on WebGPU (kernels/attention.wgsl): one dispatch for the
 * forward (scores, masks, softmax, weights x V, heads merged) and two for the backward, in
 * place of the head split/merge copies, two batched matmuls and a softmax each way.
 */

import type { AttentionParams } from "../../tensor/backend.ts";
import { checkAttention } from "../../tensor/cpu/attention.ts";
import { type GpuBuffer, type GpuRuntime, Params, workgroupGrid } from "../runtime.ts";

const WG = 64;

function uniforms(p: AttentionParams, hasMask: boolean): Params {
  return new Params()
    .u32(p.batch).u32(p.heads).u32(p.tq).u32(p.tk).u32(p.dk)
    .u32(p.qStride).u32(p.qOffset).u32(p.kvStride).u32(p.kOffset).u32(p.vOffset)
    .u32(p.causal ? 1 : 0).i32(p.causalOffset ?? 0)
    .u32(hasMask ? 1 : 0).u32(p.maskGroups ?? 1).u32(p.maskRows ?? 1)
    .f32(p.scale);
}

/** out [B, tq, heads * dk] and weights [B, heads, tq, tk] (see Backend.attention). */
export function attention(
  rt: GpuRuntime,
  q: GpuBuffer,
  kv: GpuBuffer,
  mask: GpuBuffer | null,
  p: AttentionParams,
): { out: GpuBuffer; weights: GpuBuffer } {
  checkAttention("attention", p, {
    q: q.length,
    kv: kv.length,
    ...(mask ? { mask: mask.length } : {}),
  });
  const out = rt.alloc(p.batch * p.tq * p.heads * p.dk);
  const weights = rt.alloc(p.batch * p.heads * p.tq * p.tk);
  const rows = p.batch * p.heads * p.tq;
  rt.dispatch({ file: "attention", entry: "attention_forward", inputs: 3, outputs: 2 }, {
    params: uniforms(p, mask !== null),
    inputs: [q, kv, mask ?? q], // without a mask the kernel never reads binding 3
    outputs: [out, weights],
    workgroups: workgroupGrid(Math.ceil(rows / WG)),
  });
  return { out, weights };
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
  checkAttention("attentionBackward", p, {
    q: q.length,
    kv: kv.length,
    weights: weights.length,
    dOut: dOut.length,
  });
  const d = p.heads * p.dk;
  const ds = rt.alloc(weights.length); // dScores [B, heads, tq, tk]
  const dq = rt.alloc(p.batch * p.tq * d);
  const dk = rt.alloc(p.batch * p.tk * d);
  const dv = rt.alloc(p.batch * p.tk * d);
  const params = uniforms(p, false);
  rt.dispatch({ file: "attention", entry: "attention_backward_rows", inputs: 4, outputs: 2 }, {
    params,
    inputs: [q, kv, weights, dOut],
    outputs: [ds, dq],
    workgroups: workgroupGrid(Math.ceil((p.batch * p.heads * p.tq) / WG)),
  });
  rt.dispatch({ file: "attention", entry: "attention_backward_cols", inputs: 4, outputs: 2 }, {
    params,
    inputs: [q, ds, weights, dOut],
    outputs: [dk, dv],
    workgroups: workgroupGrid(Math.ceil((p.batch * p.heads * p.tk) / WG)),
  });
  rt.release(ds);
  return { dq, dk, dv };
}
