/**
 * A whole GRU layer over a sequence on WebGPU (kernels/gru_sequence.wgsl): the recurrence runs
 * inside one dispatch (a workgroup per 8 batch rows, their state in workgroup memory), its
 * backward in one more, instead of a matmul, a cell and joining slices per time step.
 */

import type { SequenceParams } from "../../backend/contract.ts";
import { sequenceLengths } from "../../backend/checks/recurrent.ts";
import { type GpuBuffer, type GpuRuntime, workgroupGrid } from "../runtime.ts";
import { sequenceKernel } from "./sequence_kernel.ts";

const GATES = 3;

/** out [B, S, H] and, with p.save, the gates saved [B, S, 4H] (see Backend.gruSequence). */
export function gruSequence(
  rt: GpuRuntime,
  xp: GpuBuffer,
  weightHh: GpuBuffer,
  biasHh: GpuBuffer,
  h0: GpuBuffer,
  p: SequenceParams,
): { out: GpuBuffer; saved: GpuBuffer | null } {
  const { batch: B, steps: S, hidden: H } = p;
  const lengths = sequenceLengths(p);
  const sizes = sequenceKernel.sizes(rt, "gruSequence", { batch: B, hidden: H, gates: GATES });
  const lens = rt.upload(Float32Array.from(lengths));
  const out = rt.alloc(B * S * H);
  const saved = p.save ? rt.alloc(B * S * 4 * H) : null;
  rt.dispatch({
    file: "gru_sequence",
    entry: saved ? "gru_sequence_forward" : "gru_sequence_infer",
    inputs: 5,
    outputs: saved ? 2 : 1,
    constants: sizes.constants,
  }, {
    params: sequenceKernel.uniforms(p),
    inputs: [xp, weightHh, biasHh, h0, lens],
    outputs: saved ? [out, saved] : [out],
    workgroups: workgroupGrid(sizes.workgroups),
  });
  rt.release(lens);
  return { out, saved };
}

/** dxp, dhp [B, S, 3H], dh0 [B, H] and hPrev [B, S, H] (see Backend.gruSequenceBackward). */
export function gruSequenceBackward(
  rt: GpuRuntime,
  saved: GpuBuffer,
  weightHh: GpuBuffer,
  out: GpuBuffer,
  h0: GpuBuffer,
  dOut: GpuBuffer,
  p: SequenceParams,
): { dxp: GpuBuffer; dhp: GpuBuffer; dh0: GpuBuffer; hPrev: GpuBuffer } {
  const { batch: B, steps: S, hidden: H } = p;
  const lengths = sequenceLengths(p);
  const sizes = sequenceKernel.sizes(rt, "gruSequenceBackward", {
    batch: B,
    hidden: H,
    gates: GATES,
  });
  const lens = rt.upload(Float32Array.from(lengths));
  const dxp = rt.alloc(B * S * 3 * H);
  const dhp = rt.alloc(B * S * 3 * H);
  const dh0 = rt.alloc(B * H);
  const hPrev = rt.alloc(B * S * H);
  rt.dispatch({
    file: "gru_sequence",
    entry: "gru_sequence_backward",
    inputs: 6,
    outputs: 4,
    constants: sizes.constants,
  }, {
    params: sequenceKernel.uniforms(p),
    inputs: [saved, weightHh, out, h0, lens, dOut],
    outputs: [dxp, dhp, dh0, hPrev],
    workgroups: workgroupGrid(sizes.workgroups),
  });
  rt.release(lens);
  return { dxp, dhp, dh0, hPrev };
}
