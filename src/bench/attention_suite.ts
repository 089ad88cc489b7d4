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
import { ops } from "../engine/mod.ts";
import { Tensor, tidy } from "../engine/mod.ts";
import type { WebGpuBackend } from "../engine/webgpu/backend.ts";
import { measureOp } from "../measure/measure_op.ts";
import type { BenchReport, BenchResult, SuiteOptions } from "./types.ts";

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

/** Output of one path: naive [1, h, n, dk], fused and flash [1, n, h dk]. */
function attend(path: AttentionPath, x: CaseInputs, h: number, dk: number): Tensor {
  const columns = { heads: h, kOffset: 0, vOffset: h * dk };
  switch (path) {
    case "naive":
      return ops.referenceAttention(x.q, x.k, x.v).output; // matmul, softmax, matmul
    case "fused":
      return ops.fusedAttention(x.qRows, x.kvRows, h * dk, columns).output;
    case "flash":
      return ops.flashAttention(x.qRows, x.kvRows, h * dk, columns).output;
  }
}

/** [h, n, dk] (split heads) -> [n, h, dk] (rows), to compare naive with the others. */
function mergeHeads(x: Float32Array, n: number, h: number, dk: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < h; i++) {
    for (let t = 0; t < n; t++) {
      out.set(x.subarray((i * n + t) * dk, (i * n + t + 1) * dk), (t * h + i) * dk);
    }
  }
  return out;
}

/**
 * One untimed run of a path (also its warm-up): the output in row layout [n, h, dk], and the
 * bytes the run's tensors hold before anything is disposed.
 */
async function firstRun(
  backend: Backend,
  path: AttentionPath,
  x: CaseInputs,
  [n, h, dk]: [number, number, number],
): Promise<{ rows: Float32Array; allocatedBytes: number }> {
  let allocatedBytes = 0;
  const output = tidy(() => {
    const before = backend.stats.liveBytes;
    const y = attend(path, x, h, dk);
    allocatedBytes = backend.stats.liveBytes - before;
    return y;
  });
  try {
    const y = await output.toArray();
    return { rows: path === "naive" ? mergeHeads(y, n, h, dk) : y, allocatedBytes };
  } finally {
    output.dispose();
  }
}

/** max |a - b| (NaN if either has one). */
export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i] - b[i]);
    if (Number.isNaN(diff)) return NaN; // a NaN anywhere is a disagreement, whatever follows
    if (diff > max) max = diff;
  }
  return max;
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
