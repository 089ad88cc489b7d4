/**
 * Every experiment `experiment <name>` runs, in the order of docs/TEACHING.md's claims: the
 * bottleneck first, the cost and the tricks of the Transformer after.
 */
import { bottleneckExperiment } from "./bottleneck/mod.ts";
import { costExperiment } from "./cost/mod.ts";
import type { Experiment } from "./experiment.ts";
import { gradientPathExperiment } from "./gradient_path/mod.ts";
import { headsExperiment } from "./heads/mod.ts";
import { inductionExperiment } from "./induction/mod.ts";
import { headsAblationExperiment } from "./heads_ablation/mod.ts";
import { kvCacheExperiment } from "./kv_cache/mod.ts";
import { normExperiment } from "./norm/mod.ts";
import { parallelExperiment } from "./parallel/mod.ts";
import { positionExperiment } from "./position/mod.ts";
import { samplingExperiment } from "./sampling/mod.ts";
import { scalingExperiment } from "./scaling/mod.ts";

export const experiments: readonly Experiment[] = [
  bottleneckExperiment,
  parallelExperiment,
  costExperiment,
  scalingExperiment,
  positionExperiment,
  gradientPathExperiment,
  normExperiment,
  headsExperiment,
  samplingExperiment,
  headsAblationExperiment,
  kvCacheExperiment,
  inductionExperiment,
];

/** The experiment called `name`, or undefined. */
export function findExperiment(name: string): Experiment | undefined {
  return experiments.find((e) => e.name === name);
}
