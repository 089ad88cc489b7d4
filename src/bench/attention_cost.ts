/**
 * Time, memory and agreement of the attention paths by sequence length on one backend: the
 * measurement behind `bench attention`, reused by `experiment cost`.
 */
import type { Backend } from "../engine/backend/contract.ts";
import { tidy } from "../engine/mod.ts";
import { measureOp } from "../measure/measure_op.ts";
import {
  attend,
  ATTENTION_PATHS,
  type AttentionPath,
  caseInputs,
  firstRun,
  maxAbsDifference,
} from "./attention_cases.ts";
import { bindingLimitBytes, overLimit, squareBufferBytes } from "./attention_limits.ts";

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
  /**
   * webgpu: the most bytes of tensors live at once during one run (the inputs included), from
   * the runtime's high-water mark: scratch buffers a kernel frees before returning count too.
   */
  peakDeviceBytes?: number;
  /** webgpu: bytes the buffer pool held on the device after the run (free buffers included). */
  poolBytes?: number;
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
      const first = new Map<AttentionPath, Awaited<ReturnType<typeof firstRun>>>();
      for (const path of run) first.set(path, await firstRun(backend, path, x, [n, h, dk]));
      const naive = first.get("naive");
      for (const path of run) {
        // firstRun compiled the pipelines and warmed the pool.
        const m = await measureOp(backend, () => tidy(() => void attend(path, x, h, dk)), {
          reps,
          signal,
          warmup: 0,
        });
        const { rows, allocatedBytes, peakLiveBytes, poolBytes } = first.get(path)!;
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
          ...(peakLiveBytes === undefined ? {} : { peakDeviceBytes: peakLiveBytes, poolBytes }),
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
