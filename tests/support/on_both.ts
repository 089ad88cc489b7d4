import type { Backend } from "../../src/tensor/backend.ts";
import { cpuBackend, getWebGpuBackend } from "./backends.ts";

/** Deno.test options for tests that use WebGPU (its async ops outlive a test). */
export const gpuTest = { sanitizeOps: false, sanitizeResources: false };

/** Uploads host data to a backend; onBoth releases everything it uploaded afterwards. */
export type Upload = (data: Float32Array) => unknown;

/**
 * Runs `op` on the cpu backend and on webgpu, and returns the storages it gives, read back:
 * [cpu results, webgpu results], or null without an adapter. Inputs uploaded through `up` and
 * the results are released.
 */
export async function onBoth(
  op: (b: Backend, up: Upload) => unknown[],
): Promise<[Float32Array[], Float32Array[]] | null> {
  const gpu = await getWebGpuBackend();
  if (!gpu) return null;
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
