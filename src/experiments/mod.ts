/**
 * Experiments: each tests one claim a learner meets in the lessons ("the fixed-size context is
 * a bottleneck", "attention costs n^2", "heads specialize"...) by measuring it on this machine.
 * Each experiment is a folder: its settings and `run` (mod.ts), the measurement, the
 * statistics, a conclusion that is a pure function of the data (so it can be tested on made-up
 * numbers), and its en/ko sentences as a message catalog (messages.ts). `registry.ts` lists
 * them in the order of the lessons; `stats.ts` holds the shared statistics.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { entropy, experiments, findExperiment, jensenShannon } from "./mod.ts";
 *
 * assert.ok(experiments.length >= 8);
 * assert.equal(findExperiment("heads")?.name, "heads");
 * assert.ok(findExperiment("heads")!.claim.ko.length > 0); // every claim in both languages
 * // An attention row spread evenly over 4 keys has entropy ln 4; two equal rows diverge by 0.
 * assert.equal(entropy([0.25, 0.25, 0.25, 0.25]), Math.log(4));
 * assert.equal(jensenShannon([0.5, 0.5], [0.5, 0.5]), 0);
 * ```
 *
 * @module
 */
export { experiments, findExperiment } from "./registry.ts";
export { checkAborted } from "./experiment.ts";
export type {
  Bilingual,
  Experiment,
  ExperimentChart,
  ExperimentContext,
  ExperimentFindings,
  ExperimentGrid,
  ExperimentResult,
  ExperimentSeries,
  ExperimentTable,
} from "./experiment.ts";
export { cosineSimilarities, entropy, jensenShannon, meanOfDefined } from "./stats.ts";
