/**
 * `experiment cost`: self-attention costs O(n^2 d) time and, computed naively, O(n^2) memory for
 * its score matrix, while a recurrent layer costs O(n d^2) (Vaswani et al. 2017, table 1).
 * FlashAttention (Dao et al. 2022) computes the same softmax(Q K^T / sqrt(d_k)) V tiled, with an
 * online softmax over blocks of keys, so no n x n buffer ever exists.
 *
 * measure.ts times naive and flash attention and a GRU layer of the same width over the same n;
 * conclude.ts fits log-log slopes of time and memory against n and finds where the attention and
 * GRU curves cross; findings.ts lays the numbers out.
 */
import { messagesOf } from "../../platform/i18n/messages.ts";
import type { Experiment, ExperimentContext, ExperimentFindings } from "../experiment.ts";
import { concludeCost } from "./conclude.ts";
import { costCharts, costNotes, costTables } from "./findings.ts";
import { type CostSettings, measureCost } from "./measure.ts";
import { costMessages } from "./messages.ts";

export { concludeCost, type CostData, EQUAL_TOLERANCE } from "./conclude.ts";
export type { CostSettings } from "./measure.ts";

/** 64 to 4096 doubling. */
const lengthsByDoubling = [64, 128, 256, 512, 1024, 2048, 4096];
/** 64 to 4096 in steps of sqrt(2). */
const lengthsBySqrt2 = Array.from({ length: 13 }, (_, i) => Math.round(64 * 2 ** (i / 2)));

export const costSettings = {
  quick: { lengths: lengthsByDoubling, heads: 1, dk: 64, reps: 3, gruReps: 7, seed: 1 },
  full: { lengths: lengthsBySqrt2, heads: 1, dk: 64, reps: 5, gruReps: 9, seed: 1 },
} satisfies Record<string, CostSettings>;

/** Times naive and flash attention and a GRU layer at every length, and concludes. */
export async function runCost(
  ctx: ExperimentContext,
  settings: CostSettings,
): Promise<ExperimentFindings> {
  const measured = await measureCost(ctx, settings);
  const { data } = measured;
  const { headline, conclusion } = concludeCost(data);
  return {
    settings: {
      backend: data.backend,
      clock: data.clock,
      lengths: data.lengths,
      heads: data.heads,
      dk: settings.dk,
      width: data.width,
      reps: settings.reps,
      gruReps: settings.gruReps,
    },
    tables: costTables(measured),
    charts: costCharts(data),
    headline,
    conclusion,
    notes: costNotes(settings, measured, ctx.backend),
  };
}

export const costExperiment: Experiment = {
  name: "cost",
  claim: messagesOf(costMessages)("cost.claim"),
  run: (ctx) => runCost(ctx, ctx.quick ? costSettings.quick : costSettings.full),
};
