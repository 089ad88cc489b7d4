import "./private_state.ts";
import { CpuBackend } from "../../src/engine/cpu/backend.ts";

/**
 * The reference backend every test compares against. The webgpu backend is in
 * tests/support/gpu.ts (`webgpu`, `gpuTest`, `testOnBackends`), so that a test without an
 * adapter is reported as ignored instead of passing.
 */
export const cpuBackend = new CpuBackend();

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
