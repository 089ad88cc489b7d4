/**
 * In place AdamW step on WebGPU (kernels/adam.wgsl): one dispatch, one invocation per
 * element (16 per invocation when n is a multiple of 4). The global-norm clip factor is
 * computed inside the kernel from normSq[0], so clipping never needs a readback.
 */

import type { AdamParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, Params, workgroupGrid } from "../runtime.ts";

/** Invocations per workgroup (the kernel's default `WG`). */
const WG = 64;

/**
 * Updates param, m and v in place (AdamW with bias correction, as the cpu backend):
 * param -= lr * wd * param; m, v = moving averages of g and g^2;
 * param -= lr * (m / (1 - beta1^step)) / (sqrt(v / (1 - beta2^step)) + eps).
 * With p.clip, g = grad * min(1, maxNorm / (sqrt(normSq[0]) + 1e-6)).
 */
export function adam(
  rt: GpuRuntime,
  param: GpuBuffer,
  grad: GpuBuffer,
  m: GpuBuffer,
  v: GpuBuffer,
  normSq: GpuBuffer | null,
  p: AdamParams,
): void {
  const { n } = p;
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`adam: n must be a non-negative integer, got ${n}`);
  }
  if (!Number.isInteger(p.step) || p.step < 1) {
    throw new Error(`adam: expected a 1-based integer step, got ${p.step}`);
  }
  for (const [name, b] of [["param", param], ["grad", grad], ["m", m], ["v", v]] as const) {
    if (b.length !== n) throw new Error(`adam: ${name} has ${b.length} elements, expected ${n}`);
  }
  if (p.clip) {
    if (!normSq) throw new Error("adam: clip is set, expected a normSq storage, got null");
    if (normSq.length !== 1) {
      throw new Error(`adam: normSq has ${normSq.length} elements, expected 1`);
    }
  }
  if (n === 0) return;
  const params = new Params()
    .u32(n)
    .f32(p.lr)
    .f32(p.beta1)
    .f32(p.beta2)
    .f32(p.eps)
    .f32(1 - Math.pow(p.beta1, p.step))
    .f32(1 - Math.pow(p.beta2, p.step))
    .f32(p.weightDecay ?? 0)
    .u32(p.clip ? 1 : 0)
    .f32(p.clip?.maxNorm ?? 0);
  // 16 elements per invocation when they are whole vec4s.
  const vec4 = n % 4 === 0;
  rt.dispatch({ file: "adam", entry: vec4 ? "adam_step4" : "adam_step", inputs: 2, outputs: 3 }, {
    params,
    // Without clipping the kernel never reads binding 2, but it must hold a valid buffer: grad.
    inputs: [grad, p.clip && normSq ? normSq : grad],
    outputs: [param, m, v],
    workgroups: workgroupGrid(Math.ceil(n / (vec4 ? 16 * WG : WG))),
  });
}
