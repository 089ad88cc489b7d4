/**
 * `experiment parallel`: an RNN needs n dependent steps for n tokens (h_t needs h_{t-1}), while
 * self-attention computes every position at once (Vaswani et al. 2017, sec. 4 and table 1:
 * O(n) sequential operations for a recurrent layer, O(1) for self-attention), which suits GPUs.
 *
 * measure.ts times a GRU and a Transformer encoder of the same width at every length, and one
 * training step of each whole model; conclude.ts compares them; findings.ts lays them out.
 */
import { messagesOf } from "../../platform/i18n/messages.ts";
import type { Experiment, ExperimentContext, ExperimentFindings } from "../experiment.ts";
import { concludeParallel } from "./conclude.ts";
import { parallelChart, parallelNotes, parallelTables } from "./findings.ts";
import { measureParallel, type ParallelSettings } from "./measure.ts";
import { parallelMessages } from "./messages.ts";

export { concludeParallel, type ParallelData } from "./conclude.ts";
export type { ParallelSettings } from "./measure.ts";

const lengthsByDoubling = [8, 16, 32, 64, 128, 256, 512, 1024];
/** 8 to 1024 in steps of sqrt(2). */
const lengthsBySqrt2 = Array.from({ length: 15 }, (_, i) => Math.round(8 * 2 ** (i / 2)));

export const parallelSettings = {
  quick: {
    lengths: lengthsByDoubling,
    batch: 1,
    width: 64,
    reps: 5,
    trainLength: 64,
    trainBatch: 16,
    trainReps: 3,
    trainSteps: 1,
  },
  full: {
    lengths: lengthsBySqrt2,
    batch: 1,
    width: 64,
    reps: 7,
    trainLength: 64,
    trainBatch: 16,
    trainReps: 5,
    trainSteps: 4,
  },
} satisfies Record<string, ParallelSettings>;

/** Times both encoders at every length, then a training step of each model, and concludes. */
export async function runParallel(
  ctx: ExperimentContext,
  settings: ParallelSettings,
): Promise<ExperimentFindings> {
  const measured = await measureParallel(ctx, settings);
  const { data } = measured;
  const { headline, conclusion } = concludeParallel(data);
  return {
    settings: {
      backend: data.backend,
      clock: data.clock,
      lengths: data.lengths,
      batch: settings.batch,
      width: settings.width,
      reps: settings.reps,
      trainLength: settings.trainLength,
      trainBatch: settings.trainBatch,
      trainReps: settings.trainReps,
      trainSteps: settings.trainSteps,
    },
    tables: parallelTables(settings, measured),
    charts: [parallelChart(data)],
    headline,
    conclusion,
    notes: parallelNotes(settings, measured, ctx.backend),
  };
}

export const parallelExperiment: Experiment = {
  name: "parallel",
  claim: messagesOf(parallelMessages)("parallel.claim"),
  run: (ctx) => runParallel(ctx, ctx.quick ? parallelSettings.quick : parallelSettings.full),
};
