/**
 * Measuring, shared by training, benchmarks and experiments: averages, rounding, timing one op
 * on a backend (GPU time where the adapter has timestamp queries, wall time otherwise), A/B
 * timing of two variants interleaved in one run (llvmpipe's speed drifts from one process to
 * the next, so only interleaved runs compare), and the fits conclusions are drawn from (the
 * exponent k of a cost ~ n^k, where two curves cross).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { logLogSlope, median, percent, round } from "./mod.ts";
 *
 * assert.equal(median([3, 1, 2, 100]), 2.5); // robust to the one slow repetition
 * // Attention scores grow with n^2: the log-log slope says so.
 * const n = [64, 128, 256, 512];
 * assert.equal(round(logLogSlope(n, n.map((x) => 3 * x * x)), 6), 2);
 * assert.equal(percent(0.4567, 1), "45.7%");
 * ```
 *
 * @module
 */
export { geometricMean, mean, median } from "./average.ts";
export { percent, round, significant } from "./rounding.ts";
export { crossings, crossover, fitLine, logLogSlope } from "./fit.ts";
export { measureOp, measureOpWithDispatches } from "./measure_op.ts";
export type { Measurement, MeasureOptions } from "./measure_op.ts";
export { measureAB } from "./ab_timing.ts";
export type { ABOptions, ABTimes } from "./ab_timing.ts";
