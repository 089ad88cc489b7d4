/**
 * Sizing shared by the whole-sequence recurrent kernels (kernels/gru_sequence.wgsl,
 * kernels/lstm_sequence.wgsl): a workgroup owns ROWS batch rows (8, or fewer for a batch that
 * would leave most of 8 rows idle, such as a single sentence), an invocation owns quads of 4
 * consecutive hidden units (every access is a vec4, so H must be a multiple of 4), and the rows'
 * states live in workgroup memory - GRU: h twice (forward), 3 gate gradients and dh (backward);
 * LSTM: h twice and c, then 4 gate gradients, dh and dc. The arrays are sized by the override
 * constant CAPQ (quads per row, >= H / 4), so the device's workgroup storage caps the hidden size;
 * models step through time with the cell primitives beyond it.
 */
import type { GpuRuntime, ParamValues } from "../runtime.ts";

/** Most batch rows per workgroup (the kernels spell out 8). */
const MAX_ROWS = 8;
/** Invocations per workgroup: llvmpipe's SIMD width, so a barrier switches no coroutines. */
const WG = 8;
/** CAPQ is rounded up to a multiple of this, so nearby hidden sizes share one pipeline. */
const CAPQ_STEP = 8;
/** vec4 slots per quad and row in the larger (backward) kernel: gate gradients + carried state. */
const SLOTS: Record<3 | 4, number> = { 3: 3 + 1, 4: 4 + 2 };
/** Storage buffers the backward entry points bind (inputs + outputs). */
const STORAGE_BUFFERS: Record<3 | 4, number> = { 3: 6 + 4, 4: 7 + 4 };

const roundUp = (n: number, step: number) => Math.ceil(n / step) * step;

export const sequenceKernel = {
  /** The largest hidden size whose arrays fit the device's workgroup storage. */
  maxHidden(rt: GpuRuntime, gates: 3 | 4): number {
    const quads = Math.floor(rt.limits.maxWorkgroupStorageBytes / (SLOTS[gates] * MAX_ROWS * 16));
    return 4 * Math.floor(quads / CAPQ_STEP) * CAPQ_STEP;
  },

  /**
   * True when the kernels take this hidden size on this device: a multiple of 4 within
   * maxHidden, on a device that binds enough storage buffers per stage (WebGPU's default is 8).
   */
  supports(rt: GpuRuntime, gates: 3 | 4, hidden: number): boolean {
    const buffers = rt.device.limits.maxStorageBuffersPerShaderStage >= STORAGE_BUFFERS[gates];
    return buffers && hidden > 0 && hidden % 4 === 0 && hidden <= this.maxHidden(rt, gates);
  },

  /**
   * Override constants for a batch and hidden size - ROWS (rows per workgroup: the batch rounded
   * up to a power of 2, at most 8), CAPQ (quads the arrays hold) and WG - and the workgroup count.
   */
  sizes(
    rt: GpuRuntime,
    op: string,
    p: { batch: number; hidden: number; gates: 3 | 4 },
  ): { constants: { ROWS: number; CAPQ: number; WG: number }; workgroups: number } {
    if (!this.supports(rt, p.gates, p.hidden)) {
      throw new Error(
        `${op}: expected a hidden size that is a multiple of 4 and at most ${
          this.maxHidden(rt, p.gates)
        } (the device's workgroup memory) on a device with ${
          STORAGE_BUFFERS[p.gates]
        } storage buffers per stage, got ${p.hidden}`,
      );
    }
    const rows = Math.min(MAX_ROWS, 2 ** Math.ceil(Math.log2(Math.max(p.batch, 1))));
    return {
      constants: { ROWS: rows, CAPQ: roundUp(p.hidden / 4, CAPQ_STEP), WG },
      workgroups: Math.ceil(p.batch / rows),
    };
  },

  /** The kernels' params (GruSequenceParams, LstmSequenceParams): quads = hidden / 4. */
  uniforms(p: { batch: number; steps: number; hidden: number }): ParamValues {
    const { batch, steps, hidden } = p;
    return { batch, steps, hidden, quads: hidden / 4 };
  },
};
