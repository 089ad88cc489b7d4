/**
 * What benchmark suites return: data only; the CLI renders it as a table or prints it as JSON
 * (`bench <suite> --json`, see CONTRACT.md).
 */

/** One measured case of a suite. Times are per operation, in milliseconds. */
export interface BenchResult {
  /** What was measured, e.g. "matmul 512x512x512". */
  name: string;
  /** The case's parameters (sizes, variant, batch of repetitions...). */
  params: Record<string, number | string | boolean>;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** A derived figure of merit, e.g. GFLOP/s. */
  value?: number;
  /** The unit of value, e.g. "GFLOP/s". */
  unit?: string;
  /**
   * Where medianMs/minMs/maxMs come from: "gpu" = timestamp queries around the batch of
   * repetitions (kernel time only), "wall" = the clock around recording, submit and wait.
   */
  timing?: "gpu" | "wall";
  /** Median wall-clock time per operation (submit and round trip shared by the batch). */
  wallMedianMs?: number;
  /** With `--baseline cpu`: the cpu backend's median for the same case divided by this one's. */
  speedup?: number;
  /**
   * Length sweeps (suites attention and models): the curve this case is a point of, e.g.
   * "naive h=1". Cases with the same `sweep` and different `series` share one chart.
   */
  series?: string;
  /** The chart a sweep case belongs to, e.g. "self-attention, 1 head of d_k 64, batch 1". */
  sweep?: string;
}

/** A suite's results on one backend. */
export interface BenchReport {
  suite: string;
  backend: string;
  /** The adapter name on webgpu, null on cpu. */
  adapter: string | null;
  results: BenchResult[];
  /** With `--baseline cpu`: the same suite on the cpu backend, measured in the same run. */
  baseline?: BenchReport;
}

/** Options every suite takes. */
export interface SuiteOptions {
  /** Timed repetitions per case (after warm-up); the median is reported. */
  reps?: number;
  /** Stops the suite between repetitions (Ctrl-C): the promise rejects with signal.reason. */
  signal?: AbortSignal;
}
