/**
 * `experiment scaling`: why attention divides its scores by sqrt(d_k) (Vaswani et al. 2017,
 * sec. 3.2.1). With q and k of independent unit-variance entries, q . k has variance d_k, so
 * unscaled scores grow with the width, the softmax saturates toward one-hot, and the gradient
 * that reaches the queries shrinks toward zero. Dividing by sqrt(d_k) keeps the variance at 1.
 *
 * measure.ts measures row entropy, largest weight and the gradient at the softmax input, scaled
 * and unscaled, at every d_k; conclude.ts compares both at the largest d_k.
 */
import { round, significant } from "../../measure/rounding.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import type {
  Experiment,
  ExperimentChart,
  ExperimentContext,
  ExperimentFindings,
  ExperimentTable,
} from "../experiment.ts";
import { concludeScaling, type ScalingPoint } from "./conclude.ts";
import { measureScaling, type ScalingSettings } from "./measure.ts";
import { scalingMessages } from "./messages.ts";

export { concludeScaling, type ScalingPoint } from "./conclude.ts";
export type { ScalingSettings } from "./measure.ts";

const say = messagesOf(scalingMessages);

export const scalingSettings = {
  quick: { dks: [8, 16, 32, 64, 128, 256, 512], rows: 64, keys: 32, draws: 2, seed: 1 },
  full: { dks: [8, 16, 32, 64, 128, 256, 512], rows: 256, keys: 64, draws: 8, seed: 1 },
} satisfies Record<string, ScalingSettings>;

/** Per d_k: entropy, largest weight and gradient norm, scaled and raw. */
function scalingTable(points: readonly ScalingPoint[], keys: number): ExperimentTable {
  return {
    title: say("scaling.table", { keys, maxEntropy: Math.log(keys).toFixed(2) }),
    columns: ["d_k", "H scaled", "H raw", "max w scaled", "max w raw", "|dz| scaled", "|dz| raw"],
    rows: points.map((p) => [
      p.dk,
      round(p.entropyScaled),
      round(p.entropyUnscaled),
      round(p.maxWeightScaled),
      round(p.maxWeightUnscaled),
      significant(p.gradScaled),
      significant(p.gradUnscaled),
    ]),
  };
}

/** Row entropy against d_k, scaled and unscaled. */
function entropyChart(points: readonly ScalingPoint[]): ExperimentChart {
  const x = points.map((p) => p.dk);
  return {
    title: say("scaling.chart"),
    xLabel: "d_k",
    yLabel: "entropy (nats)",
    logX: true,
    series: [
      { name: "scaled by 1/sqrt(d_k)", x, y: points.map((p) => p.entropyScaled) },
      { name: "unscaled", x, y: points.map((p) => p.entropyUnscaled) },
    ],
  };
}

/** Measures entropy, largest weight and gradient norm at every d_k, and concludes. */
export async function runScaling(
  ctx: ExperimentContext,
  settings: ScalingSettings,
): Promise<ExperimentFindings> {
  const points = await measureScaling(ctx, settings);
  const { headline, conclusion } = concludeScaling(points, settings.keys);
  return {
    settings: { ...settings },
    tables: [scalingTable(points, settings.keys)],
    charts: [entropyChart(points)],
    headline,
    conclusion,
    notes: [say("scaling.note.inputs")],
  };
}

export const scalingExperiment: Experiment = {
  name: "scaling",
  claim: say("scaling.claim"),
  run: (ctx) => runScaling(ctx, ctx.quick ? scalingSettings.quick : scalingSettings.full),
};
