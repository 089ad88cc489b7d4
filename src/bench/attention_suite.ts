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
import { ATTENTION_PATHS, type AttentionPath } from "./attention_cases.ts";
import { measureAttentionCost } from "./attention_cost.ts";
import { checkAttentionLengths, DEFAULT_HEADS } from "./attention_limits.ts";
import type { BenchReport, BenchResult, SuiteOptions } from "./types.ts";

export { ATTENTION_PATHS, type AttentionPath, maxAbsDifference } from "./attention_cases.ts";
export {
  type AttentionCost,
  type AttentionCostOptions,
  type AttentionCostPoint,
  logLogSlope,
  measureAttentionCost,
} from "./attention_cost.ts";
export { bindingLimitBytes, checkAttentionLengths, squareBufferBytes } from "./attention_limits.ts";

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
   * webgpu: peak device bytes of the case, the most bytes of tensors live at once during one
   * run (inputs, intermediates, scratch, output), from the runtime's high-water mark.
   */
  peakDeviceBytes?: number;
  /** webgpu: bytes the buffer pool held on the device after the case (free buffers included). */
  poolBytes?: number;
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
        ...(pt.peakDeviceBytes === undefined
          ? {}
          : { peakDeviceBytes: pt.peakDeviceBytes, poolBytes: pt.poolBytes }),
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
