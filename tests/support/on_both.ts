import type { Backend } from "../../src/engine/backend/contract.ts";
import { cpuBackend } from "./backends.ts";
import { webgpuOrThrow } from "./gpu.ts";

/** Uploads host data to a backend; onBoth releases everything it uploaded afterwards. */
export type Upload = (data: Float32Array) => unknown;

/**
 * Runs `op` on the cpu backend and on webgpu, and returns the storages it gives, read back:
 * [cpu results, webgpu results]. Inputs uploaded through `up` and the results are released.
 * Only inside a `gpuTest` (tests/support/gpu.ts): without an adapter it throws.
 */
export async function onBoth(
  op: (b: Backend, up: Upload) => unknown[],
): Promise<[Float32Array[], Float32Array[]]> {
  const gpu = webgpuOrThrow();
  const results: Float32Array[][] = [];
  for (const b of [cpuBackend as Backend, gpu as Backend]) {
    const uploaded: unknown[] = [];
    const up = (data: Float32Array) => {
      const s = b.upload(data);
      uploaded.push(s);
      return s;
    };
    const out = op(b, up);
    results.push(await Promise.all(out.map((s) => b.read(s))));
    for (const s of [...out, ...uploaded]) b.release(s);
  }
  return [results[0], results[1]];
}

// deno-lint-ignore no-explicit-any
type AnyBackend = Backend<any>;

/**
 * Uploads the same host `inputs` to the cpu backend and to webgpu, runs fn on each and reads
 * back the storage it returns (or its first input, for ops that write in place): { cpu, gpu }.
 * Everything uploaded or returned is released. Only inside a `gpuTest`.
 */
export async function onBothInputs(
  inputs: Float32Array[],
  // deno-lint-ignore no-explicit-any
  fn: (b: AnyBackend, xs: any[]) => unknown,
): Promise<{ cpu: Float32Array; gpu: Float32Array }> {
  const gpu = webgpuOrThrow();
  const run = async (b: AnyBackend) => {
    const xs = inputs.map((x) => b.upload(x));
    const out = fn(b, xs) ?? xs[0]; // in-place ops write their first input
    const data = await b.read(out);
    for (const x of xs) if (x !== out) b.release(x);
    b.release(out);
    return data;
  };
  return { cpu: await run(cpuBackend), gpu: await run(gpu) };
}
