/**
 * `experiment gradient-path`: in an RNN the path from token 1 to the end of the input has n
 * recurrent steps, so the gradient that reaches token 1 is a product of n Jacobians and
 * vanishes with distance (Bengio et al. 1994; Pascanu et al. 2013); in self-attention every
 * token is one step from every other (Vaswani et al. 2017, sec. 4, "maximum path length").
 *
 * measure.ts takes the gradient at every source position; conclude.ts reads randomly
 * initialized models (at initialization the gradient's shape is the architecture's paths alone)
 * and describes the shipped trained ones in a note; findings.ts lays the curves out.
 */
import { messagesOf } from "../../platform/i18n/messages.ts";
import type { Experiment, ExperimentContext, ExperimentFindings } from "../experiment.ts";
import { concludeGradientPath, letterDecay } from "./conclude.ts";
import { gradientCharts, gradientNotes, gradientTables } from "./findings.ts";
import { type GradientPathSettings, measureGradientPath } from "./measure.ts";
import { gradientPathMessages } from "./messages.ts";

export {
  concludeGradientPath,
  type Decay,
  decayOf,
  describeTrained,
  formatRatio,
  type GradientCurve,
  letterDecay,
} from "./conclude.ts";
export type { GradientLoss, GradientPathSettings } from "./measure.ts";
export type { Family } from "../bottleneck/mod.ts";

const models: GradientPathSettings["models"] = [
  { name: "reverse-gru", family: "rnn" },
  { name: "reverse-gru-bahdanau", family: "rnn-attention" },
  { name: "reverse-transformer", family: "transformer" },
];

export const gradientPathSettings = {
  quick: { letters: 24, inputs: 12, initSeeds: [1], trained: true, seed: 1, models },
  full: { letters: 24, inputs: 48, initSeeds: [1, 2, 3], trained: true, seed: 1, models },
} satisfies Record<string, GradientPathSettings>;

/** Measures every model's gradient by position, at random init (and trained if asked). */
export async function runGradientPath(
  ctx: ExperimentContext,
  settings: GradientPathSettings,
): Promise<ExperimentFindings> {
  const { init, trained } = await measureGradientPath(ctx, settings);
  const { headline, conclusion } = concludeGradientPath(init);
  const trainedRnn = trained.find((c) => c.family === "rnn");
  return {
    settings: {
      task: "reverse",
      letters: settings.letters,
      positions: settings.letters + 1,
      inputs: settings.inputs,
      initSeeds: settings.initSeeds,
      trained: settings.trained,
      seed: settings.seed,
      models: settings.models.map((m) => m.name),
      lossInit: "first target token",
      lossTrained: "whole target",
    },
    tables: gradientTables(settings, init, trained),
    charts: gradientCharts(settings, init, trained),
    headline: {
      ...headline,
      trainedRnnFirstOverLast: trainedRnn ? letterDecay(trainedRnn).firstOverLast : null,
    },
    conclusion,
    notes: gradientNotes(settings, init, trained),
  };
}

export const gradientPathExperiment: Experiment = {
  name: "gradient-path",
  claim: messagesOf(gradientPathMessages)("gradientPath.claim"),
  run: (ctx) =>
    runGradientPath(ctx, ctx.quick ? gradientPathSettings.quick : gradientPathSettings.full),
};
