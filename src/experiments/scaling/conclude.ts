/** The conclusion of `experiment scaling` from the points alone, at the largest d_k. */
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentFindings } from "../experiment.ts";
import { scalingMessages } from "./messages.ts";

const say = messagesOf(scalingMessages);

/** Means over draws at one d_k, with and without the scale. */
export interface ScalingPoint {
  dk: number;
  /** Mean row entropy of the weights, in nats (the maximum is ln(keys)). */
  entropyScaled: number;
  entropyUnscaled: number;
  /** Mean largest weight per row (1 = one-hot). */
  maxWeightScaled: number;
  maxWeightUnscaled: number;
  /** Mean norm, per row, of the gradient at the softmax input. */
  gradScaled: number;
  gradUnscaled: number;
}

/** Entropy counts as collapsed when it loses this share of its maximum ln(keys). */
const ENTROPY_MARGIN = 0.2;
/** Gradients differ when one is this many times the other. */
const GRAD_RATIO = 3;

/** The conclusion from the points alone: it compares both curves at the largest d_k. */
export function concludeScaling(points: readonly ScalingPoint[], keys: number): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  if (points.length < 2) throw new Error("scaling: expected at least two d_k values");
  const top = points[points.length - 1];
  const maxEntropy = Math.log(keys);
  const entropyGap = (top.entropyScaled - top.entropyUnscaled) / maxEntropy; // share of ln(keys)
  const gradRatio = top.gradScaled / Math.max(top.gradUnscaled, 1e-30);
  const headline = {
    dk: top.dk,
    maxEntropy,
    entropyScaled: top.entropyScaled,
    entropyUnscaled: top.entropyUnscaled,
    entropyGap,
    gradScaled: top.gradScaled,
    gradUnscaled: top.gradUnscaled,
    gradRatio,
  };
  const fraction = (h: number) => (h / maxEntropy).toFixed(2);
  const facts = say("scaling.fact", {
    dk: top.dk,
    unscaled: fraction(top.entropyUnscaled),
    scaled: fraction(top.entropyScaled),
    times: (gradRatio >= 1 ? gradRatio : 1 / gradRatio).toPrecision(2),
    direction: say(gradRatio >= 1 ? "scaling.direction.smaller" : "scaling.direction.larger"),
  });
  const entropySays = entropyGap >= ENTROPY_MARGIN ? 1 : entropyGap <= -ENTROPY_MARGIN ? -1 : 0;
  const gradSays = gradRatio >= GRAD_RATIO ? 1 : gradRatio <= 1 / GRAD_RATIO ? -1 : 0;
  let conclusion: Bilingual;
  if (entropySays > 0 && gradSays > 0) conclusion = say("scaling.conclusion.claim", { facts });
  else if (entropySays < 0 && gradSays < 0) {
    conclusion = say("scaling.conclusion.reversed", { facts });
  } else if (entropySays === 0 && gradSays === 0) {
    conclusion = say("scaling.conclusion.same", { dk: top.dk, facts });
  } else conclusion = say("scaling.conclusion.mixed", { facts });
  return { headline, conclusion };
}
