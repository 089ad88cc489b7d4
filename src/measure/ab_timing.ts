/**
 * Timing two operations against each other (A/B), for a ratio that load on a shared machine
 * does not bias: the two alternate repetition by repetition (AB, BA, AB, ...), so a burst of
 * load from other processes falls on both rather than on one. Each repetition is one measureOp
 * repetition (a batch of operations in one stage, one wait: see measure_op.ts).
 */
import type { Backend } from "../engine/backend/contract.ts";
import { median } from "./average.ts";
import { measureOp } from "./measure_op.ts";

/** Options of measureAB. */
export interface ABOptions {
  /** Samples per operation (the median is kept); the first is the auto-batched probe. */
  reps: number;
  /** Work per repetition the automatic batch aims at, in ms. */
  targetMs: number;
  /** Largest automatic batch. */
  maxBatch: number;
  signal?: AbortSignal;
}

/** Median ms per operation of A and of B, and the clock both come from. */
export interface ABTimes {
  a: number;
  b: number;
  /** "gpu" when every sample of both had GPU timestamps, else "wall". */
  timing: "gpu" | "wall";
}

/**
 * Times `a` and `b` (each records one operation and releases what it allocates). First each
 * gets one warm-up (pipelines, buffer pool) and one auto-batched repetition that fixes its
 * operations per repetition and is its first sample; then the two alternate for the remaining
 * `reps - 1` samples each.
 */
export async function measureAB(
  backend: Backend,
  ops: { a: () => void; b: () => void },
  options: ABOptions,
): Promise<ABTimes> {
  const { reps, targetMs, maxBatch, signal } = options;
  const calls = [ops.a, ops.b];
  const batches: number[] = [];
  const times: number[][] = [[], []];
  let gpu = true;
  for (const [i, call] of calls.entries()) {
    signal?.throwIfAborted();
    const probe = await measureOp(backend, call, {
      reps: 1,
      warmup: 1,
      targetMs,
      maxBatch,
      signal,
    });
    batches.push(probe.batch);
    times[i].push(probe.medianMs);
    gpu &&= probe.timing === "gpu";
  }
  for (let r = 1; r < reps; r++) {
    for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
      signal?.throwIfAborted();
      const m = await measureOp(backend, calls[i], {
        reps: 1,
        warmup: 0,
        batch: batches[i],
        signal,
      });
      times[i].push(m.medianMs);
      gpu &&= m.timing === "gpu";
    }
  }
  return { a: median(times[0]), b: median(times[1]), timing: gpu ? "gpu" : "wall" };
}
