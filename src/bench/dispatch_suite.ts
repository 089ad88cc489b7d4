/**
 * `bench dispatch`: what one kernel launch and one GPU round trip cost, the two numbers behind
 * "record a whole operation, submit once" (docs/ARCHITECTURE.md). On cpu the same cases measure the
 * overhead of one primitive call and of a read.
 */

import type { Backend } from "../engine/backend/contract.ts";
import { median } from "../measure/average.ts";
import { measureOp } from "../measure/measure_op.ts";
import type { BenchReport, BenchResult, SuiteOptions } from "./types.ts";

/** Options of runDispatchSuite. */
export interface DispatchSuiteOptions extends SuiteOptions {
  /** Tiny kernels recorded into one submit per repetition (default 1000). */
  dispatches?: number;
}

/** Times an async action reps times (after one warm-up): wall-clock ms. */
async function timeAsync(
  action: () => Promise<void>,
  reps: number,
  signal?: AbortSignal,
): Promise<number[]> {
  signal?.throwIfAborted();
  await action();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    signal?.throwIfAborted();
    const start = performance.now();
    await action();
    times.push(performance.now() - start);
  }
  return times;
}

function wallResult(name: string, params: BenchResult["params"], times: number[]): BenchResult {
  return {
    name,
    params,
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    timing: "wall",
    wallMedianMs: median(times),
  };
}

/** Runs the dispatch suite on a backend. */
export async function runDispatchSuite(
  backend: Backend,
  options: DispatchSuiteOptions = {},
): Promise<BenchReport> {
  const { reps = 5, signal, dispatches = 1000 } = options;
  const results: BenchResult[] = [];
  const x = backend.upload(new Float32Array([1.5])); // [1]
  try {
    // 1. Many one-element kernels in one submit, divided: the cost of one dispatch.
    const m = await measureOp(
      backend,
      () => backend.release(backend.unary("neg", x, { n: 1 })),
      { reps, signal, batch: dispatches },
    );
    results.push({
      name: backend.name === "webgpu" ? "dispatch inside a submit" : "primitive call",
      params: { dispatches, elements: 1 },
      medianMs: m.medianMs,
      minMs: m.minMs,
      maxMs: m.maxMs,
      value: 1000 / m.medianMs,
      unit: "dispatches/s",
      timing: m.timing,
      wallMedianMs: m.wallMedianMs,
    });

    // 2. One kernel, submitted and read back: one full round trip.
    const readBack = await timeAsync(
      async () => {
        const y = backend.unary("neg", x, { n: 1 });
        await backend.read(y);
        backend.release(y);
      },
      reps,
      signal,
    );
    results.push(wallResult("submit + readback", { dispatches: 1, elements: 1 }, readBack));

    // 3. Waiting for an empty queue: the floor of any round trip.
    const sync = await timeAsync(() => backend.sync(), reps, signal);
    results.push(wallResult("sync (nothing recorded)", {}, sync));
  } finally {
    backend.release(x);
  }
  return {
    suite: "dispatch",
    backend: backend.name,
    adapter: backend.name === "webgpu" ? backend.deviceName : null,
    results,
  };
}
