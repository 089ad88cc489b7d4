/**
 * The conclusion of `experiment bottleneck` from the curves alone: it compares how much each
 * family lost with length.
 */
import { percent } from "../../measure/rounding.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentFindings } from "../experiment.ts";
import { bottleneckMessages } from "./messages.ts";

const say = messagesOf(bottleneckMessages);

/** Which generation a model belongs to. */
export type Family = "rnn" | "rnn-attention" | "transformer";

/** One model's exact match by source length. */
export interface AccuracyCurve {
  model: string;
  family: Family;
  lengths: number[];
  /** Exact match in [0, 1] at each length. */
  accuracy: number[];
}

/** A drop in exact match (in [0, 1]) this much larger than another's counts as a difference. */
const MARGIN = 0.15;

const first = (c: AccuracyCurve) => c.accuracy[0];
const last = (c: AccuracyCurve) => c.accuracy[c.accuracy.length - 1];
const drop = (c: AccuracyCurve) => first(c) - last(c);

/** The conclusion from the curves alone: it compares how much each family lost with length. */
export function concludeBottleneck(curves: readonly AccuracyCurve[]): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  const plain = curves.find((c) => c.family === "rnn");
  const attentive = curves.filter((c) => c.family !== "rnn");
  if (!plain || attentive.length === 0) {
    throw new Error("bottleneck: expected a plain RNN curve and at least one attention curve");
  }
  const shortest = plain.lengths[0];
  const longest = plain.lengths[plain.lengths.length - 1];
  const worst = attentive.reduce((a, b) => (drop(b) > drop(a) ? b : a));
  const bestAtLongest = attentive.reduce((a, b) => (last(b) > last(a) ? b : a));
  const headline = {
    shortest,
    longest,
    plainShort: first(plain),
    plainLong: last(plain),
    plainDrop: drop(plain),
    attentionDrop: drop(worst),
    accuracyGapAtLongest: last(bestAtLongest) - last(plain),
  };
  const from = percent(first(plain));
  const to = percent(last(plain));
  let conclusion: Bilingual;
  if (drop(plain) >= MARGIN && drop(plain) >= drop(worst) + MARGIN) {
    const others = attentive.map((c) => `${c.model} ${percent(last(c))}`).join(", ");
    conclusion = say("bottleneck.conclusion.claim", { from, shortest, to, longest, others });
  } else if (drop(worst) >= drop(plain) + MARGIN) {
    conclusion = say("bottleneck.conclusion.reversed", {
      model: worst.model,
      modelFrom: percent(first(worst)),
      modelTo: percent(last(worst)),
      from,
      to,
    });
  } else {
    conclusion = say("bottleneck.conclusion.flat", {
      plain: percent(drop(plain)),
      worst: percent(drop(worst)),
      shortest,
      longest,
    });
  }
  return { headline, conclusion };
}
