/**
 * Timing one backend operation: warm-up excluded, N timed repetitions, median/min/max.
 *
 * On webgpu one awaited round trip costs ~11 ms whatever the work, so a repetition records a
 * batch of K operations into one timed stage (one submit), waits once and divides by K. The
 * stage's GPU timestamps give the kernel time per operation; the wall clock around
 * record + submit + wait gives what a caller experiences (the round trip shared by K). On cpu
 * the same code times plain calls.
 */

import type { Backend } from "../engine/backend/contract.ts";
import { median } from "./average.ts";

/** Options of measureOp. */
export interface MeasureOptions {
  /** Timed repetitions (default 5). */
  reps?: number;
  /** Untimed repetitions first: pipeline compiles, caches, pool (default 1). */
  warmup?: number;
  /** Operations per repetition; "auto" (default) aims each repetition at targetMs. */
  batch?: number | "auto";
  /** Work per repetition that "auto" aims at, in ms (default 40). */
  targetMs?: number;
  /** Largest automatic batch (default 256). */
  maxBatch?: number;
  signal?: AbortSignal;
}

/** Per-operation times of one measured operation. */
export interface Measurement {
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Which clock medianMs/minMs/maxMs come from (see BenchResult.timing). */
  timing: "gpu" | "wall";
  /** Median wall-clock ms per operation, the round trip shared by the batch. */
  wallMedianMs: number;
  /** Operations per repetition. */
  batch: number;
  reps: number;
}

const STAGE = "attn:bench";

/** One repetition: `batch` operations in one stage, one wait. Returns per-op ms. */
async function repetition(
  backend: Backend,
  op: () => void,
  batch: number,
): Promise<{ wallMs: number; gpuMs: number | null }> {
  backend.takeTimings(); // drop anything stale so only this stage is read below
  const start = performance.now();
  backend.stage(STAGE, () => {
    for (let i = 0; i < batch; i++) op();
  });
  await backend.sync();
  const wallMs = performance.now() - start;
  let gpuMs: number | null = null;
  for (const t of backend.takeTimings()) {
    if (t.name === STAGE && t.gpuMs !== undefined) gpuMs = (gpuMs ?? 0) + t.gpuMs;
  }
  return { wallMs: wallMs / batch, gpuMs: gpuMs === null ? null : gpuMs / batch };
}

/**
 * Times `op` (which records one operation and releases what it allocates) on a backend.
 * GPU time is used when the backend reports it for every repetition, else wall time.
 */
export async function measureOp(
  backend: Backend,
  op: () => void,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const { reps = 5, warmup = 1, targetMs = 40, maxBatch = 256, signal } = options;
  if (!Number.isInteger(reps) || reps < 1) {
    throw new Error(`expected reps to be a positive integer, got ${reps}`);
  }
  signal?.throwIfAborted();
  for (let i = 0; i < warmup; i++) await repetition(backend, op, 1);

  let batch: number;
  if (options.batch === undefined || options.batch === "auto") {
    signal?.throwIfAborted();
    const probe = await repetition(backend, op, 1);
    // The probe's wall time includes one round trip; its GPU time (if any) does not.
    const perOp = Math.max(probe.gpuMs ?? probe.wallMs, 1e-3);
    batch = Math.max(1, Math.min(maxBatch, Math.ceil(targetMs / perOp)));
  } else {
    batch = options.batch;
    if (!Number.isInteger(batch) || batch < 1) {
      throw new Error(`expected batch to be a positive integer or "auto", got ${batch}`);
    }
  }

  const wall: number[] = [];
  const gpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    signal?.throwIfAborted();
    const { wallMs, gpuMs } = await repetition(backend, op, batch);
    wall.push(wallMs);
    if (gpuMs !== null) gpu.push(gpuMs);
  }
  const useGpu = gpu.length === reps;
  const times = useGpu ? gpu : wall;
  return {
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    timing: useGpu ? "gpu" : "wall",
    wallMedianMs: median(wall),
    batch,
    reps,
  };
}

/**
 * measureOp after one untimed call of `op` that counts the kernels it dispatches: that call
 * compiles the pipelines and fills the buffer pool, so it is the warm-up too.
 */
export async function measureOpWithDispatches(
  backend: Backend,
  op: () => void,
  options: Omit<MeasureOptions, "warmup"> = {},
): Promise<Measurement & { dispatches: number }> {
  const before = backend.stats.dispatches;
  op();
  const dispatches = backend.stats.dispatches - before;
  await backend.sync();
  return { ...(await measureOp(backend, op, { ...options, warmup: 0 })), dispatches };
}
