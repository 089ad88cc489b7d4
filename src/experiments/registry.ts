/**
 * Every experiment `experiment <name>` runs, in the order of TOPICS.md's claims: the
 * bottleneck first, the cost and the tricks of the Transformer after.
 */
import { bottleneckExperiment } from "./bottleneck.ts";
import type { Experiment } from "./experiment.ts";
import { scalingExperiment } from "./scaling.ts";

export const experiments: readonly Experiment[] = [
  bottleneckExperiment,
  scalingExperiment,
];

/** The experiment called `name`, or undefined. */
export function findExperiment(name: string): Experiment | undefined {
  return experiments.find((e) => e.name === name);
}
