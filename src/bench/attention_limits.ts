/**
 * What fits one storage binding in `bench attention`: the naive and fused paths hold an
 * [h, n, n] buffer, which must not exceed the largest buffer one kernel may bind.
 */
import type { Backend } from "../engine/backend/contract.ts";
import type { WebGpuBackend } from "../engine/webgpu/backend.ts";

/** Head counts the suite sweeps by default. */
export const DEFAULT_HEADS: readonly number[] = [1, 4];
const MIB = 1024 * 1024;

/**
 * The largest buffer one kernel may bind: the adapter's maxStorageBufferBindingSize on webgpu
 * (128 MiB on lavapipe); the same 128 MiB on cpu, so both backends run the same cases.
 */
export function bindingLimitBytes(backend: Backend): number {
  return backend.name === "webgpu"
    ? (backend as WebGpuBackend).rt.limits.maxStorageBindingBytes
    : 128 * MIB;
}

/** Bytes of one [heads, n, n] float32 buffer (the scores, or the weights). */
export function squareBufferBytes(n: number, heads: number): number {
  return heads * n * n * 4;
}

/** Why (n, heads) cannot run within the binding limit, or null when it can. */
export function overLimit(n: number, heads: number, limit: number): string | null {
  const bytes = squareBufferBytes(n, heads);
  if (bytes <= limit) return null;
  return `n = ${n} with ${heads} head${heads === 1 ? "" : "s"} needs a ${
    formatMiB(bytes)
  } [${heads}, ${n}, ${n}] score buffer, over the ${formatMiB(limit)} storage binding limit`;
}

/**
 * Throws unless every length fits the binding limit with every heads count, naming the limit
 * and the largest n that fits: `expected n <= 2048 with 4 heads ...`.
 */
export function checkAttentionLengths(
  backend: Backend,
  lengths: readonly number[],
  heads: readonly number[] = DEFAULT_HEADS,
): void {
  const limit = bindingLimitBytes(backend);
  for (const n of lengths) {
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`expected sequence lengths to be positive integers, got ${n}`);
    }
    for (const h of heads) {
      const why = overLimit(n, h, limit);
      if (why) {
        const largest = Math.floor(Math.sqrt(limit / (4 * h)));
        throw new Error(`expected n <= ${largest} with ${h} head${h === 1 ? "" : "s"}: ${why}`);
      }
    }
  }
}

function formatMiB(bytes: number): string {
  const mib = bytes / MIB;
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}
