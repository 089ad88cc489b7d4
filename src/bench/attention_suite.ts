/**
 * `bench attention`: what attention costs as the sequence grows, naive against fused against
 * flash.
 *
 * - naive: scaledDotProductAttention (src/models/attention.ts), i.e. a batched matmul
 *   that materializes the scores [h, n, n], a softmax that writes the weights [h, n, n], and a
 *   second matmul weights x V (Vaswani et al. 2017, eq. 1, written out).
 * - fused: the attention primitive, reading q, k and v in place. It still returns the weights
 *   [h, n, n] (traces and the backward read them), so it saves the scores buffer, not the n x n
 *   memory altogether.
 * - flash: the flashAttention primitive (Dao et al. 2022): an online softmax over blocks of
 *   keys; no n x n buffer at all, memory grows with n.
 *
 * Self-attention of one sequence (batch 1), d_k 64, no mask. Each (n, heads) case is first run
 * once on every path, its output compared with naive's (maxAbsDiff) and its live bytes counted
 * (allocatedBytes), then timed. Per series the suite fits log ms = a + slope * log n by least
 * squares: ~2 means the n^2 term dominates, lower means fixed costs (dispatch, round trip) still
 * do. {@link measureAttentionCost} is the same measurement for other callers.
 */

import type { Backend } from "../engine/backend/contract.ts";
import { tidy } from "../engine/mod.ts";
import type { WebGpuBackend } from "../engine/webgpu/backend.ts";
import { measureOp } from "../measure/measure_op.ts";
import type { BenchReport, BenchResult, SuiteOptions } from "./types.ts";
import { attend, caseInputs, firstRun, maxAbsDifference } from "./attention_cases.ts";

export { maxAbsDifference };

/** The ways of computing attention the suite compares. */
export type AttentionPath = "naive" | "fused" | "flash";

/** Every path, in the order the suite runs and lists them. */
export const ATTENTION_PATHS: readonly AttentionPath[] = ["naive", "fused", "flash"];

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
   * the softmax weights; fused h n^2 4 for the weights it returns; flash 0.
   */
  scoreBufferBytes: number;
  /**
   * Bytes the path's tensors hold once it has run (measured: the backend's live bytes inside
   * the run, before anything is disposed): outputs plus every intermediate it keeps.
   */
  allocatedBytes: number;
  /**
   * Largest |path - naive| over the output, from one untimed run of each (0 for naive; absent
   * where naive could not run).
   */
  maxAbsDiff?: number;
  /** Least-squares slope of log(median ms) against log(n) over the series (2+ lengths). */
  slope?: number;
};

/** Options of runAttentionSuite. */
export interface AttentionSuiteOptions extends SuiteOptions {
  /**
   * Sequence lengths n. Default: 64, 128, ..., 4096; naive and fused only up to the largest n
   * whose [h, n, n] buffer fits one storage binding, flash at every n (the report lists what was
   * left out). Given lengths are checked with {@link checkAttentionLengths} and refused when
   * one does not fit.
   */
  lengths?: readonly number[];
  /** Head counts, one series per path each (default 1 and 4). */
  heads?: readonly number[];
  /** Width of a head (default 64). */
  dk?: number;
  /** Paths to run (default all three). */
  paths?: readonly AttentionPath[];
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

/** Options of {@link measureAttentionCost}. */
export interface AttentionCostOptions {
  backend: Backend;
  /** Sequence lengths n (self-attention of one sequence of n tokens). */
  lengths: readonly number[];
  /** Heads (default 1). */
  heads?: number;
  /** Width of a head (default 64). */
  dk?: number;
  /** Paths to run (default all three); naive and fused are left out where [h, n, n] does not fit. */
  paths?: readonly AttentionPath[];
  /** Timed repetitions per case (default 5). */
  reps?: number;
  signal?: AbortSignal;
  /** Called before each length is measured, with that length. */
  onLength?: (n: number) => void;
}

/** One measured (path, n). */
export interface AttentionCostPoint {
  path: AttentionPath;
  n: number;
  heads: number;
  dk: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  timing: "gpu" | "wall";
  wallMedianMs: number;
  /** Operations recorded per timed submit. */
  opsPerSubmit: number;
  /** 4 h n^2 dk floating-point operations (two products) per median ms. */
  gflops: number;
  /** Bytes of n x n buffers by construction: naive 2 h n^2 4, fused h n^2 4, flash 0. */
  scoreBufferBytes: number;
  /** Bytes the path's tensors held after one run (measured). */
  allocatedBytes: number;
  /** Largest |path - naive| over the output; absent when naive did not run at this n. */
  maxAbsDiff?: number;
}

/** What {@link measureAttentionCost} returns. */
export interface AttentionCost {
  points: AttentionCostPoint[];
  /** Per path, the least-squares slope of log median ms against log n (2+ lengths). */
  slopes: Partial<Record<AttentionPath, number>>;
  /** Paths left out at some n, and why. */
  skipped: string[];
}

/**
 * Time, memory and agreement of attention paths by sequence length on one backend (the
 * measurement behind `bench attention`, reusable by other commands): per n, every path runs
 * once untimed (output compared with naive, live bytes counted), then is timed.
 */
export async function measureAttentionCost(options: AttentionCostOptions): Promise<AttentionCost> {
  const { backend, lengths, heads: h = 1, dk = 64, reps = 5, signal } = options;
  const paths = options.paths ?? ATTENTION_PATHS;
  if (!Number.isInteger(dk) || dk < 1) throw new Error(`expected dk >= 1, got ${dk}`);
  if (!Number.isInteger(h) || h < 1) throw new Error(`expected heads >= 1, got ${h}`);
  for (const n of lengths) {
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`expected sequence lengths to be positive integers, got ${n}`);
    }
  }
  const limit = bindingLimitBytes(backend);
  const points: AttentionCostPoint[] = [];
  const skipped: string[] = [];
  for (const n of lengths) {
    signal?.throwIfAborted();
    options.onLength?.(n);
    const why = overLimit(n, h, limit);
    const left: AttentionPath[] = why ? paths.filter((path) => path !== "flash") : [];
    if (why && left.length) skipped.push(`${why} (left out: ${left.join(" and ")})`);
    const run = paths.filter((path) => !left.includes(path));
    if (run.length === 0) continue;
    const x = caseInputs(backend, n, h, dk);
    try {
      const first = new Map<AttentionPath, { rows: Float32Array; allocatedBytes: number }>();
      for (const path of run) first.set(path, await firstRun(backend, path, x, [n, h, dk]));
      const naive = first.get("naive");
      for (const path of run) {
        // firstRun compiled the pipelines and warmed the pool.
        const m = await measureOp(backend, () => tidy(() => void attend(path, x, h, dk)), {
          reps,
          signal,
          warmup: 0,
        });
        const { rows, allocatedBytes } = first.get(path)!;
        points.push({
          path,
          n,
          heads: h,
          dk,
          medianMs: m.medianMs,
          minMs: m.minMs,
          maxMs: m.maxMs,
          timing: m.timing,
          wallMedianMs: m.wallMedianMs,
          opsPerSubmit: m.batch,
          gflops: (4 * h * n * n * dk) / (m.medianMs * 1e6),
          scoreBufferBytes: { naive: 2, fused: 1, flash: 0 }[path] * squareBufferBytes(n, h),
          allocatedBytes,
          ...(naive ? { maxAbsDiff: maxAbsDifference(rows, naive.rows) } : {}),
        });
      }
    } finally {
      x.dispose();
    }
  }
  const slopes: Partial<Record<AttentionPath, number>> = {};
  for (const path of paths) {
    const own = points.filter((pt) => pt.path === path);
    const slope = logLogSlope(own.map((pt) => pt.n), own.map((pt) => pt.medianMs));
    if (slope !== undefined) slopes[path] = slope;
  }
  return { points, slopes, skipped };
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
  const { reps = 5, signal, heads = DEFAULT_HEADS, dk = 64, paths = ATTENTION_PATHS } = options;
  if (!Number.isInteger(dk) || dk < 1) throw new Error(`expected dk >= 1, got ${dk}`);
  if (options.lengths) checkAttentionLengths(backend, options.lengths, heads);
  const results: AttentionBenchResult[] = [];
  const skipped: string[] = [];
  const lengths = options.lengths ?? DEFAULT_ATTENTION_LENGTHS;
  // Work grows as n^2: progress counts it so, not by cases, or the bar stalls at the end.
  const work = (n: number) => n * n;
  const total = heads.length * lengths.reduce((s, n) => s + work(n), 0);
  let done = 0;
  for (const h of heads) {
    const cost = await measureAttentionCost({
      backend,
      lengths,
      heads: h,
      dk,
      paths,
      reps,
      signal,
      onLength: (n) => {
        options.progress?.(done, total, `n=${n} h=${h}`);
        done += work(n);
      },
    });
    skipped.push(...cost.skipped);
    for (const pt of cost.points) {
      results.push({
        name: `${pt.path} n=${pt.n} h=${h}`,
        params: { path: pt.path, n: pt.n, heads: h, dk, batch: 1, opsPerSubmit: pt.opsPerSubmit },
        medianMs: pt.medianMs,
        minMs: pt.minMs,
        maxMs: pt.maxMs,
        value: pt.gflops,
        unit: "GFLOP/s",
        timing: pt.timing,
        wallMedianMs: pt.wallMedianMs,
        series: `${pt.path} h=${h}`,
        sweep: `self-attention, ${h} head${h === 1 ? "" : "s"} of d_k ${dk}, batch 1`,
        msPerHead: pt.medianMs / h,
        scoreBufferBytes: pt.scoreBufferBytes,
        allocatedBytes: pt.allocatedBytes,
        ...(pt.maxAbsDiff === undefined ? {} : { maxAbsDiff: pt.maxAbsDiff }),
        ...(cost.slopes[pt.path] === undefined ? {} : { slope: cost.slopes[pt.path] }),
      });
    }
  }
  options.progress?.(total, total, "");
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
