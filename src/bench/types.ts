/**
 * What benchmark suites return: data only; the CLI renders it as a table or prints it as JSON
 * (`bench <suite> --json`, see docs/CONTRACT.md).
 */

import type { BlasKind } from "./blas_label.ts";

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
  /**
   * With `--baseline cpu`, `--numpy` or `--torch`: the same cases measured in the same run on
   * the cpu backend, in numpy or in PyTorch.
   */
  baseline?: BenchReport;
  /** With `--numpy` or `--torch`: what the baseline ran on (its BLAS, its threads). */
  anchor?: Anchor;
}

/**
 * A comparison's anchor (numpy or PyTorch) as it actually ran: the BLAS library its process
 * loaded and the threads it used. A ratio against an anchor on reference BLAS says little.
 */
export interface Anchor {
  /** "numpy" or "PyTorch". */
  name: string;
  /** The anchor's own version string, e.g. "1.24.2", "1.13.0a0". */
  version: string;
  /** The BLAS it loaded, e.g. "OpenBLAS 0.3.21 (pthread)", "reference BLAS (libblas3)". */
  blas: string;
  blasKind: BlasKind;
  /** OpenBLAS only: the kernel family it chose for this CPU, e.g. "SkylakeX"; else null. */
  blasCore: string | null;
  /** OpenBLAS only: its thread count; else null. */
  blasThreads: number | null;
  /** Real paths of the BLAS libraries mapped into the anchor's process. */
  blasPaths: string[];
  /** Threads it computed with: numpy = its BLAS's threads, PyTorch = torch.get_num_threads(). */
  threads: number;
  /** The OPENBLAS_*, OMP_NUM_THREADS, OMP_WAIT_POLICY, ... variables the anchor ran with. */
  environment: Record<string, string>;
  /**
   * Variables of attn's environment the anchor ran without (OPENBLAS_CORETYPE,
   * OPENBLAS_L2_SIZE), with their values: set, they pin OpenBLAS to other kernels or cache
   * sizes than it picks for this CPU.
   */
  unset: Record<string, string>;
  /** Variables attn set for the anchor because its own environment lacked them (OMP_WAIT_POLICY). */
  set: Record<string, string>;
}

/** Options every suite takes. */
export interface SuiteOptions {
  /** Timed repetitions per case (after warm-up); the median is reported. */
  reps?: number;
  /** Stops the suite between repetitions (Ctrl-C): the promise rejects with signal.reason. */
  signal?: AbortSignal;
  /**
   * Reports progress (done of total units of work, and what runs now) for a progress bar, as
   * experiments do; suites that take long (attention's length sweep) call it between cases.
   */
  progress?: (done: number, total: number, what: string) => void;
}
