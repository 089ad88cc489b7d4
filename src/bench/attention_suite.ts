/**
 * `bench attention`: what attention costs as the sequence grows, naive against fused.
 *
 * - naive: scaledDotProductAttention (src/nn/multi_head_attention.ts), i.e. a batched matmul
 *   that materializes the scores [h, n, n], a softmax that writes the weights [h, n, n], and a
 *   second matmul weights x V (Vaswani et al. 2017, eq. 1, written out).
 * - fused: the attention primitive (kernels/attention.wgsl), one dispatch reading q, k and v in
 *   place. It still writes the weights [h, n, n] (traces and the backward read them), so it
 *   saves the scores buffer, not the n x n memory altogether.
 *
 * Self-attention of one sequence (batch 1), d_k 64, no mask. Each (n, heads) case is first run
 * once on both paths and their outputs compared (maxAbsDiff), then timed. Per series the suite
 * fits log ms = a + slope * log n by least squares: ~2 means the n^2 term dominates, lower means
 * fixed costs (dispatch, round trip) still do.
 */

import type { Backend } from "../tensor/backend.ts";
import * as ops from "../tensor/ops/mod.ts";
import { Tensor, tidy } from "../tensor/ops/mod.ts";
import type { WebGpuBackend } from "../tensor/webgpu_backend.ts";
import { scaledDotProductAttention } from "../nn/multi_head_attention.ts";
import { measureOp } from "./measure.ts";
import type { BenchReport, BenchResult, SuiteOptions } from "./types.ts";

/** The two ways of computing attention the suite compares. */
export type AttentionPath = "naive" | "fused";

/** An attention result: one (path, n, heads) case, plus what a length sweep needs. */
export type AttentionBenchResult = BenchResult & {
  /** The line of the length chart this case belongs to: "naive h=4" or "fused h=4". */
  series: string;
  /** The chart it is drawn in: one per heads count. */
  sweep: string;
  /** Median ms divided by the number of heads. */
  msPerHead: number;
  /**
   * Bytes of the n x n buffers the path allocates: naive h n^2 4 for the scores plus as much for
   * the softmax weights; fused h n^2 4 for the weights it returns.
   */
  scoreBufferBytes: number;
  /** Largest |naive - fused| over the output, from one untimed run of each. */
  maxAbsDiff: number;
  /** Least-squares slope of log(median ms) against log(n) over the series (2+ lengths). */
  slope?: number;
};

/** Options of runAttentionSuite. */
export interface AttentionSuiteOptions extends SuiteOptions {
  /**
   * Sequence lengths n. Default: 64, 128, ..., 4096, each heads count up to the largest n whose
   * [h, n, n] buffer fits one storage binding (the report lists what was left out). Given
   * lengths are checked with {@link checkAttentionLengths} and refused when one does not fit.
   */
  lengths?: readonly number[];
  /** Head counts, one series pair each (default 1 and 4). */
  heads?: readonly number[];
  /** Width of a head (default 64). */
  dk?: number;
}

/** The report, with the cases the default sweep left out and why. */
export type AttentionBenchReport = BenchReport & { skipped: string[] };

/** Default sweep: 64..4096 doubling. */
export const DEFAULT_ATTENTION_LENGTHS: readonly number[] = [64, 128, 256, 512, 1024, 2048, 4096];
const DEFAULT_HEADS: readonly number[] = [1, 4];
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
function overLimit(n: number, heads: number, limit: number): string | null {
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

/** Deterministic values in [-1, 1) (an LCG: cheap enough for n = 4096). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** [n, h, dk] (the projections' row layout) -> [h, n, dk] (split heads). */
function splitHeads(x: Float32Array, n: number, h: number, dk: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let t = 0; t < n; t++) {
    for (let i = 0; i < h; i++) {
      out.set(x.subarray((t * h + i) * dk, (t * h + i + 1) * dk), (i * n + t) * dk);
    }
  }
  return out;
}

/** The inputs of one case on a backend, in both layouts. */
interface CaseInputs {
  /** Split heads, for the naive path: [1, h, n, dk] each. */
  q: Tensor;
  k: Tensor;
  v: Tensor;
  /** Row layout, for the fused path: q [1, n, h dk], k and v packed [1, n, 2 h dk]. */
  qRows: Tensor;
  kvRows: Tensor;
  dispose(): void;
}

function caseInputs(backend: Backend, n: number, h: number, dk: number): CaseInputs {
  const d = h * dk;
  const q = values(n * d, 1); // [n, h, dk]
  const k = values(n * d, 2); // [n, h, dk]
  const v = values(n * d, 3); // [n, h, dk]
  const kv = new Float32Array(2 * n * d); // [n, 2d]: k's heads, then v's
  for (let t = 0; t < n; t++) {
    kv.set(k.subarray(t * d, (t + 1) * d), t * 2 * d);
    kv.set(v.subarray(t * d, (t + 1) * d), t * 2 * d + d);
  }
  const tensors = {
    q: Tensor.from(backend, splitHeads(q, n, h, dk), [1, h, n, dk]),
    k: Tensor.from(backend, splitHeads(k, n, h, dk), [1, h, n, dk]),
    v: Tensor.from(backend, splitHeads(v, n, h, dk), [1, h, n, dk]),
    qRows: Tensor.from(backend, q, [1, n, d]),
    kvRows: Tensor.from(backend, kv, [1, n, 2 * d]),
  };
  return {
    ...tensors,
    dispose() {
      for (const t of Object.values(tensors)) t.dispose();
    },
  };
}

/** Output of one path: naive [1, h, n, dk], fused [1, n, h dk]. */
function attend(path: AttentionPath, x: CaseInputs, h: number, dk: number): Tensor {
  if (path === "naive") return scaledDotProductAttention(x.q, { k: x.k, v: x.v }).output;
  return ops.fusedAttention(x.qRows, x.kvRows, h * dk, { heads: h, kOffset: 0, vOffset: h * dk })
    .output;
}

/** max |naive - fused| with the naive output's heads merged back into rows. */
async function compareOutputs(x: CaseInputs, n: number, h: number, dk: number): Promise<number> {
  const [naive, fused] = tidy(() => [attend("naive", x, h, dk), attend("fused", x, h, dk)]);
  try {
    const [a, b] = await Promise.all([naive.toArray(), fused.toArray()]);
    let max = 0;
    for (let t = 0; t < n; t++) {
      for (let i = 0; i < h; i++) {
        for (let c = 0; c < dk; c++) {
          const diff = Math.abs(a[(i * n + t) * dk + c] - b[(t * h + i) * dk + c]);
          if (!(diff <= max)) max = diff; // NaN propagates
        }
      }
    }
    return max;
  } finally {
    naive.dispose();
    fused.dispose();
  }
}

/** Least-squares slope of log y against log x; undefined with fewer than two distinct x. */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): number | undefined {
  const points = xs.map((x, i) => [Math.log(x), Math.log(ys[i])]).filter(([u, w]) =>
    Number.isFinite(u) && Number.isFinite(w)
  );
  if (points.length < 2) return undefined;
  const mu = points.reduce((s, [u]) => s + u, 0) / points.length;
  const mw = points.reduce((s, [, w]) => s + w, 0) / points.length;
  let sxy = 0, sxx = 0;
  for (const [u, w] of points) {
    sxy += (u - mu) * (w - mw);
    sxx += (u - mu) ** 2;
  }
  return sxx > 0 ? sxy / sxx : undefined;
}

/** Runs the attention suite on a backend. */
export async function runAttentionSuite(
  backend: Backend,
  options: AttentionSuiteOptions = {},
): Promise<AttentionBenchReport> {
  const { reps = 5, signal, heads = DEFAULT_HEADS, dk = 64 } = options;
  if (!Number.isInteger(dk) || dk < 1) throw new Error(`expected dk >= 1, got ${dk}`);
  if (options.lengths) checkAttentionLengths(backend, options.lengths, heads);
  const limit = bindingLimitBytes(backend);
  const results: AttentionBenchResult[] = [];
  const skipped: string[] = [];

  for (const h of heads) {
    const lengths: number[] = [];
    for (const n of options.lengths ?? DEFAULT_ATTENTION_LENGTHS) {
      const why = overLimit(n, h, limit);
      if (why) skipped.push(why);
      else lengths.push(n);
    }
    const series: Record<AttentionPath, AttentionBenchResult[]> = { naive: [], fused: [] };
    for (const n of lengths) {
      signal?.throwIfAborted();
      const x = caseInputs(backend, n, h, dk);
      try {
        const maxAbsDiff = await compareOutputs(x, n, h, dk); // also the warm-up of both paths
        for (const path of ["naive", "fused"] as const) {
          // compareOutputs ran both paths once: pipelines are compiled, the pool is warm.
          const m = await measureOp(backend, () => tidy(() => void attend(path, x, h, dk)), {
            reps,
            signal,
            warmup: 0,
          });
          const flops = 4 * h * n * n * dk; // two products of 2 n^2 dk each
          const result: AttentionBenchResult = {
            name: `${path} n=${n} h=${h}`,
            params: { path, n, heads: h, dk, batch: 1, opsPerSubmit: m.batch },
            medianMs: m.medianMs,
            minMs: m.minMs,
            maxMs: m.maxMs,
            value: flops / (m.medianMs * 1e6),
            unit: "GFLOP/s",
            timing: m.timing,
            wallMedianMs: m.wallMedianMs,
            series: `${path} h=${h}`,
            sweep: `self-attention, ${h} head${h === 1 ? "" : "s"} of d_k ${dk}, batch 1`,
            msPerHead: m.medianMs / h,
            scoreBufferBytes: (path === "naive" ? 2 : 1) * squareBufferBytes(n, h),
            maxAbsDiff,
          };
          series[path].push(result);
          results.push(result);
        }
      } finally {
        x.dispose();
      }
    }
    for (const list of Object.values(series)) {
      const slope = logLogSlope(list.map((r) => r.params.n as number), list.map((r) => r.medianMs));
      if (slope !== undefined) { for (const r of list) r.slope = slope; }
    }
  }
  return {
    suite: "attention",
    backend: backend.name,
    adapter: backend.name === "webgpu" ? backend.deviceName : null,
    results,
    skipped,
  };
}

function formatMiB(bytes: number): string {
  const mib = bytes / MIB;
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}
