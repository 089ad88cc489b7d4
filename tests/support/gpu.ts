/**
 * WebGPU for tests. The adapter is looked up once, when this module loads, so a test can say
 * up front whether it runs: `Deno.test("...", gpuTest, async () => { const gpu = webgpuOrThrow(); })`.
 * Without an adapter such tests are reported as *ignored* (never as passed), which is what lets
 * CI tell a run that tested the GPU from one that silently fell back to the cpu backend.
 */
import type { WebGpuBackend } from "../../src/tensor/webgpu_backend.ts";
import { getWebGpuBackend } from "./backends.ts";

/** The process's shared WebGpuBackend, or null when this machine has no WebGPU adapter. */
export const webgpu: WebGpuBackend | null = await getWebGpuBackend();

/**
 * Deno.test options for a test that needs WebGPU: ignored without an adapter; the resource and
 * op sanitizers are off because WebGPU's async work outlives a single test.
 */
export const gpuTest = {
  sanitizeOps: false,
  sanitizeResources: false,
  ignore: webgpu === null,
} as const;

/** The shared backend inside a `gpuTest` (which never runs without one). */
export function webgpuOrThrow(): WebGpuBackend {
  if (webgpu === null) throw new Error("this test needs a WebGPU adapter (run it with gpuTest)");
  return webgpu;
}
