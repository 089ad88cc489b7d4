/**
 * What fits one storage binding in `bench attention`: the naive and fused paths hold an
 * [h, n, n] buffer, which must not exceed the largest buffer one kernel may bind.
 */
import type { Backend } from "../engine/backend/contract.ts";
import type { WebGpuBackend } from "../engine/webgpu/backend.ts";
import { BilingualError } from "../platform/i18n/bilingual_error.ts";
import { type Bilingual, messagesOf } from "../platform/i18n/messages.ts";
import { benchMessages } from "./bench_messages.ts";

const say = messagesOf(benchMessages);

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
  return overLimitIn(n, heads, limit)?.en ?? null;
}

/** overLimit in both languages. */
export function overLimitIn(n: number, heads: number, limit: number): Bilingual | null {
  const bytes = squareBufferBytes(n, heads);
  if (bytes <= limit) return null;
  return say("bench.len.overLimit", {
    n,
    heads,
    plural: heads === 1 ? "" : "s",
    bytes: formatMiB(bytes),
    limit: formatMiB(limit),
  });
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
      throw new BilingualError(say("bench.len.positive", { n }));
    }
    for (const h of heads) {
      const why = overLimitIn(n, h, limit);
      if (why) {
        const largest = Math.floor(Math.sqrt(limit / (4 * h)));
        const plural = h === 1 ? "" : "s";
        throw new BilingualError(say("bench.len.tooLong", { largest, heads: h, plural, why }));
      }
    }
  }
}

function formatMiB(bytes: number): string {
  const mib = bytes / MIB;
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}
