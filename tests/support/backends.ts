import { CpuBackend } from "../../src/tensor/cpu_backend.ts";
import { GpuRuntime } from "../../src/gpu/runtime.ts";
import { WebGpuBackend } from "../../src/tensor/webgpu_backend.ts";

/** The reference backend every test compares against. */
export const cpuBackend = new CpuBackend();

let webgpu: Promise<WebGpuBackend | null> | null = null;

/**
 * One WebGpuBackend shared by all tests in the process, or null when this
 * machine has no adapter (tests then skip their webgpu half).
 */
export function getWebGpuBackend(): Promise<WebGpuBackend | null> {
  webgpu ??= GpuRuntime.create().then(
    (rt) => new WebGpuBackend(rt),
    () => null,
  );
  return webgpu;
}

/** A deterministic pseudo-random Float32Array in [lo, hi) (mulberry32). */
export function randomArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = lo + (hi - lo) * u;
  }
  return out;
}
