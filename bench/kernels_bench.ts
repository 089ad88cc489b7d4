/**
 * Kernel microbenchmarks: `deno task bench`. One GPU round trip costs ~11 ms on Deno 2.9, so
 * each webgpu iteration records a batch of operations into one submit and waits once; the
 * bench names say how many, divide to get the time per operation. `attn bench matmul` gives
 * GPU-timestamped per-op numbers; these are for comparing kernel edits quickly.
 */

import type { Backend, MatmulParams } from "../src/engine/backend/contract.ts";
import { CpuBackend } from "../src/engine/cpu/backend.ts";
import { WebGpuBackend } from "../src/engine/webgpu/backend.ts";
import { GpuRuntime } from "../src/engine/webgpu/runtime.ts";
import { MATMUL_VARIANTS, setMatmulOverride } from "../src/engine/webgpu/matmul_tuning.ts";

const cpu = new CpuBackend();
const gpu = await GpuRuntime.create().then((rt) => new WebGpuBackend(rt), () => null);

function operand(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i));
}

const SHAPES: { label: string; p: MatmulParams; perIteration: number }[] = [
  { label: "512^3", p: { batch: 1, m: 512, k: 512, n: 512 }, perIteration: 4 },
  { label: "[768,64]x[64,256]", p: { batch: 1, m: 768, k: 64, n: 256 }, perIteration: 16 },
  {
    label: "[768,256]x[64,256]^T",
    p: { batch: 1, m: 768, k: 256, n: 64, transB: true },
    perIteration: 16,
  },
  {
    label: "[32,12,16]x[32,12,16]^T",
    p: { batch: 32, m: 12, k: 16, n: 12, transB: true },
    perIteration: 64,
  },
];

/** Registers a bench that runs `count` products per iteration on a backend, then waits once. */
function benchMatmul(
  backend: Backend,
  group: string,
  name: string,
  p: MatmulParams,
  count: number,
  setup?: () => void,
) {
  const a = backend.upload(operand(p.batch * p.m * p.k));
  const b = backend.upload(operand(p.batch * p.k * p.n));
  Deno.bench({
    name,
    group,
    baseline: backend.name === "cpu",
    async fn() {
      setup?.();
      for (let i = 0; i < count; i++) backend.release(backend.matmul(a, b, p));
      await backend.sync();
    },
  });
}

for (const { label, p, perIteration } of SHAPES) {
  const group = `matmul ${label}, ${perIteration} per iteration`;
  const cpuCount = label === "512^3" ? 1 : perIteration;
  benchMatmul(cpu, group, `cpu (x${cpuCount})`, p, cpuCount);
  if (gpu) {
    for (const variant of MATMUL_VARIANTS) {
      // The tiled kernel takes ~0.7 s per iteration on llvmpipe beyond the tiny shape: skip it.
      const slow = variant === "tiled" && !label.startsWith("[32,") &&
        /llvmpipe/.test(gpu.deviceName);
      if (slow) continue;
      benchMatmul(gpu, group, `webgpu ${variant}`, p, perIteration, () => {
        setMatmulOverride(variant);
      });
    }
  }
}

if (gpu) {
  const x = gpu.upload(new Float32Array([1]));
  Deno.bench({
    name: "1000 one-element dispatches, one submit",
    group: "dispatch",
    async fn() {
      for (let i = 0; i < 1000; i++) gpu.release(gpu.unary("neg", x, { n: 1 }));
      await gpu.sync();
    },
  });
  Deno.bench({
    name: "one dispatch + readback (a round trip)",
    group: "dispatch",
    async fn() {
      const y = gpu.unary("neg", x, { n: 1 });
      await gpu.read(y);
      gpu.release(y);
    },
  });
}
