/**
 * A whole LSTM layer over a sequence on WebGPU (kernels/lstm_sequence.wgsl): the fused cell run
 * for every step inside one dispatch (a workgroup per 8 batch rows), its backward in one more.
 */

import type { SequenceParams } from "../../backend/contract.ts";
import { sequenceLengths } from "../../backend/checks/recurrent.ts";
import { type GpuBuffer, type GpuRuntime, workgroupGrid } from "../runtime.ts";
import { sequenceKernel } from "./sequence_kernel.ts";

const GATES = 4;

/** out [B, S, 2H] ([h | c] per step) and, with p.save, saved [B, S, 4H] (see Backend). */
export function lstmSequence(
  rt: GpuRuntime,
  xp: GpuBuffer,
  weightHh: GpuBuffer,
  biasHh: GpuBuffer,
  h0: GpuBuffer,
  c0: GpuBuffer,
  p: SequenceParams,
): { out: GpuBuffer; saved: GpuBuffer | null } {
  const { batch: B, steps: S, hidden: H } = p;
  const lengths = sequenceLengths(p);
  const sizes = sequenceKernel.sizes(rt, "lstmSequence", { batch: B, hidden: H, gates: GATES });
  const lens = rt.upload(Float32Array.from(lengths));
  const out = rt.alloc(B * S * 2 * H);
  const saved = p.save ? rt.alloc(B * S * 4 * H) : null;
  rt.dispatch({
    file: "lstm_sequence",
    entry: saved ? "lstm_sequence_forward" : "lstm_sequence_infer",
    inputs: 6,
    outputs: saved ? 2 : 1,
    constants: sizes.constants,
  }, {
    params: sequenceKernel.uniforms(p),
    inputs: [xp, weightHh, biasHh, h0, lens, c0],
    outputs: saved ? [out, saved] : [out],
    workgroups: workgroupGrid(sizes.workgroups),
  });
  rt.release(lens);
  return { out, saved };
}

/** dgates [B, S, 4H], dh0, dc0 [B, H] and hPrev [B, S, H] (see Backend.lstmSequenceBackward). */
export function lstmSequenceBackward(
  rt: GpuRuntime,
  saved: GpuBuffer,
  weightHh: GpuBuffer,
  out: GpuBuffer,
  h0: GpuBuffer,
  c0: GpuBuffer,
  dOut: GpuBuffer,
  p: SequenceParams,
): { dgates: GpuBuffer; dh0: GpuBuffer; dc0: GpuBuffer; hPrev: GpuBuffer } {
  const { batch: B, steps: S, hidden: H } = p;
  const lengths = sequenceLengths(p);
  const sizes = sequenceKernel.sizes(rt, "lstmSequenceBackward", {
    batch: B,
    hidden: H,
    gates: GATES,
  });
  const lens = rt.upload(Float32Array.from(lengths));
  const dgates = rt.alloc(B * S * 4 * H);
  const dh0 = rt.alloc(B * H);
  const dc0 = rt.alloc(B * H);
  const hPrev = rt.alloc(B * S * H);
  rt.dispatch({
    file: "lstm_sequence",
    entry: "lstm_sequence_backward",
    inputs: 7,
    outputs: 4,
    constants: sizes.constants,
  }, {
    params: sequenceKernel.uniforms(p),
    inputs: [saved, weightHh, out, h0, lens, dOut, c0],
    outputs: [dgates, dh0, dc0, hPrev],
    workgroups: workgroupGrid(sizes.workgroups),
  });
  rt.release(lens);
  return { dgates, dh0, dc0, hPrev };
}
