/**
 * Benchmark suites, as data: each runs its cases on a backend and returns a `BenchReport`
 * (medians, min and max of timed repetitions, GPU time where the adapter can tell), which
 * `render/bench_view.ts` draws and `bench --json` prints. Suites: matmul (against numpy),
 * dispatch (what one kernel launch and one GPU round trip cost), attention (naive, fused and
 * flash kernels by length), models (encode and decode latency) and train (training steps,
 * against PyTorch). The anchors run in a child process on OpenBLAS (anchor_process.ts), and
 * every comparison names the BLAS it ran on.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { openBackend } from "../engine/mod.ts";
 * import { runDispatchSuite, squareBufferBytes } from "./mod.ts";
 *
 * const { backend } = await openBackend("cpu");
 * const report = await runDispatchSuite(backend, { reps: 2, dispatches: 10 });
 * assert.equal(report.backend, "cpu");
 * assert.ok(report.results.every((r) => r.minMs <= r.medianMs && r.medianMs <= r.maxMs));
 * // Why long attention needs FlashAttention: one head's n x n scores at n = 4096.
 * assert.equal(squareBufferBytes(4096, 1), 64 * 1024 * 1024);
 * ```
 *
 * @module
 */
export type { Anchor, BenchReport, BenchResult, SuiteOptions } from "./types.ts";
export { runMatmulSuite } from "./matmul_suite.ts";
export { runDispatchSuite } from "./dispatch_suite.ts";
export {
  bindingLimitBytes,
  checkAttentionLengths,
  measureAttentionCost,
  runAttentionSuite,
  squareBufferBytes,
} from "./attention_suite.ts";
export type { AttentionCostPoint } from "./attention_suite.ts";
export { MAX_MODEL_LENGTH, runModelsSuite, sourceRows } from "./models_suite.ts";
export { runTrainSuite } from "./train_suite.ts";
export type { TrainBenchResult } from "./train_suite.ts";
export { cubeSizes, runNumpyMatmul } from "./numpy_compare.ts";
export { runTorchTrainSteps } from "./torch_compare.ts";
