/**
 * WebGPU for tests. The adapter is looked up once per test file, when this module loads, so a
 * test can say up front whether it runs:
 * `Deno.test("...", gpuTest, async () => { const gpu = webgpuOrThrow(); ... })`.
 * Without an adapter such tests are reported as *ignored* (never as passed), which is what lets
 * CI tell a run that tested the GPU from one that silently fell back to the cpu backend.
 *
 * A test that checks the same property on every backend registers one test per backend with
 * `testOnBackends`: the cpu one always runs, the webgpu one is a gpuTest.
 */
import "./private_state.ts";
import { GpuRuntime } from "../../src/engine/webgpu/runtime.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { WebGpuBackend } from "../../src/engine/webgpu/backend.ts";
import { cpuBackend } from "./backends.ts";

/** The file's shared WebGpuBackend, or null when this machine has no WebGPU adapter. */
export const webgpu: WebGpuBackend | null = await GpuRuntime.create().then(
  (rt) => new WebGpuBackend(rt),
  () => null,
);

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

/** Options for testOnBackends: more Deno.test options, applied to every backend's test. */
export type BackendTestOptions = Omit<Deno.TestDefinition, "name" | "fn">;

/**
 * Registers `${name} (cpu)`, which always runs, and `${name} (webgpu)`, a gpuTest (ignored
 * without an adapter), each calling fn with its backend.
 */
export function testOnBackends(
  name: string,
  fn: (backend: Backend) => Promise<void> | void,
  options: BackendTestOptions = {},
): void {
  Deno.test({
    name: `${name} (cpu)`,
    sanitizeOps: false,
    sanitizeResources: false,
    ...options,
    fn: () => fn(cpuBackend),
  });
  Deno.test({
    name: `${name} (webgpu)`,
    ...gpuTest,
    ...options,
    ignore: gpuTest.ignore || (options.ignore ?? false),
    fn: () => fn(webgpuOrThrow()),
  });
}
