/**
 * In place AdamW step on WebGPU (kernels/adam.wgsl): one dispatch, one invocation per
 * element (16 per invocation when n is a multiple of 4). The global-norm clip factor is
 * computed inside the kernel from normSq[0], so clipping never needs a readback.
 */

import type { AdamParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, workgroupGrid } from "../runtime.ts";

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
  const { n, lr, beta1, beta2, eps } = p;
  if (n === 0) return;
  const params = {
    n,
    lr,
    beta1,
    beta2,
    eps,
    correction1: 1 - Math.pow(beta1, p.step),
    correction2: 1 - Math.pow(beta2, p.step),
    weight_decay: p.weightDecay ?? 0,
    clip: p.clip ? 1 : 0,
    max_norm: p.clip?.maxNorm ?? 0,
  };
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
