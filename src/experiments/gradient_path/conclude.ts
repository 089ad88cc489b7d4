/**
 * The conclusion of `experiment gradient-path` from the random-init curves alone (GRU without
 * attention against the Transformer), and the note on the trained models.
 */
import { fitLine } from "../../measure/fit.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentFindings } from "../experiment.ts";
import type { Family } from "../bottleneck/mod.ts";
import { gradientPathMessages } from "./messages.ts";

const say = messagesOf(gradientPathMessages);

/** One model's gradient norm at each source position. */
export interface GradientCurve {
  model: string;
  family: Family;
  /** "init": random initialization of the shipped model's size; "trained": the shipped weights. */
  weights: "init" | "trained";
  /**
   * Mean norm of d(loss)/d(embedding) at source positions 1..S (the last one is <eos>, the token
   * the encoder reads last), normalized to the largest (1).
   */
  norms: number[];
}

/** How a curve decays from the end of the input to its start. */
export interface Decay {
  /** Gradient at the first position over gradient at the last one. */
  firstOverLast: number;
  /**
   * Fitted factor per step further from the end: log(norm) against position is a line of slope
   * b, and each step back multiplies the gradient by exp(-b) (1 = no decay, 0.6 = 40% lost).
   */
  perStep: number;
}

/** Token 1 "loses" the gradient when it gets less than this share of the last token's. */
const VANISHED = 0.1;
/** Two models' first/last ratios differ when one is this many times the other. */
const GAP = 10;

/** First/last ratio and fitted per-step factor of norms by position. */
export function decayOf(norms: readonly number[]): Decay {
  if (norms.length < 2) {
    throw new Error(`gradient-path: expected 2 or more positions, got ${norms.length}`);
  }
  const floor = 1e-30; // a zero gradient has no logarithm
  const positions = norms.map((_, i) => i + 1);
  const { slope } = fitLine(positions, norms.map((v) => Math.log(Math.max(v, floor))));
  return {
    firstOverLast: norms[0] / Math.max(norms[norms.length - 1], floor),
    perStep: Math.exp(-slope),
  };
}

/**
 * The decay over a curve's letters, token 1 to token n (the claim's two ends): <eos> is left out,
 * since its embedding says nothing about the letters a whole-target loss asks for.
 */
export function letterDecay(curve: GradientCurve): Decay {
  return decayOf(curve.norms.slice(0, -1));
}

/** A ratio with two significant digits for a sentence: 1.32, 0.89, 0.028 or 5.6e-6. */
export function formatRatio(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  if (v >= 10) return v.toFixed(0);
  if (v >= 0.1) return v.toFixed(2);
  if (v >= 0.001) return v.toPrecision(2);
  return v.toExponential(1);
}

/** The conclusion from the random-init curves alone: GRU without attention vs Transformer. */
export function concludeGradientPath(curves: readonly GradientCurve[]): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  const rnn = curves.find((c) => c.family === "rnn");
  const transformer = curves.find((c) => c.family === "transformer");
  if (!rnn || !transformer) {
    throw new Error("gradient-path: expected a plain RNN curve and a Transformer curve");
  }
  const attentive = curves.find((c) => c.family === "rnn-attention");
  const r = letterDecay(rnn);
  const t = letterDecay(transformer);
  const a = attentive ? letterDecay(attentive) : null;
  const letters = rnn.norms.length - 1;
  const headline = {
    letters,
    rnnFirstOverLast: r.firstOverLast,
    rnnPerStep: r.perStep,
    transformerFirstOverLast: t.firstOverLast,
    transformerPerStep: t.perStep,
    rnnAttentionFirstOverLast: a?.firstOverLast ?? null,
  };
  const facts = say("gradientPath.fact.decay", {
    rnn: formatRatio(r.firstOverLast),
    letters,
    rnnStep: r.perStep.toFixed(2),
    transformer: formatRatio(t.firstOverLast),
    transformerStep: t.perStep.toFixed(2),
    attention: a
      ? say("gradientPath.fact.attention", { ratio: formatRatio(a.firstOverLast) })
      : { en: "", ko: "" },
  });
  const rnnVanishes = r.firstOverLast < VANISHED;
  const transformerVanishes = t.firstOverLast < VANISHED;
  const ratio = t.firstOverLast / Math.max(r.firstOverLast, 1e-30); // > 1: the GRU lost more
  let conclusion: Bilingual;
  if (rnnVanishes && ratio >= GAP) {
    conclusion = say("gradientPath.conclusion.claim", { facts, letters });
  } else if (transformerVanishes && ratio <= 1 / GAP) {
    conclusion = say("gradientPath.conclusion.reversed", { facts });
  } else if (rnnVanishes || transformerVanishes) {
    conclusion = say("gradientPath.conclusion.both", { gap: GAP, facts });
  } else {
    conclusion = say("gradientPath.conclusion.neither", { facts, letters });
  }
  return { headline, conclusion };
}

/**
 * A note on the trained models, computed from their curves: did training keep the GRU's path
 * open compared with its initialization?
 */
export function describeTrained(
  init: readonly GradientCurve[],
  trained: readonly GradientCurve[],
): Bilingual {
  const rnnInit = init.find((c) => c.family === "rnn");
  const rnnTrained = trained.find((c) => c.family === "rnn");
  if (!rnnInit || !rnnTrained) {
    throw new Error("gradient-path: expected a plain RNN curve at init and trained");
  }
  const list = trained.map((c) => `${c.model} ${formatRatio(letterDecay(c).firstOverLast)}`)
    .join(", ");
  const before = letterDecay(rnnInit).firstOverLast;
  const after = letterDecay(rnnTrained).firstOverLast;
  const change = say("gradientPath.trained.change", {
    before: formatRatio(before),
    after: formatRatio(after),
  });
  const gate = after >= VANISHED && after >= before * GAP
    ? say("gradientPath.trained.opened", { change })
    : after < VANISHED
    ? say("gradientPath.trained.stillVanishes", { change })
    : say("gradientPath.trained.littleChange", { gap: GAP, change });
  return say("gradientPath.trained.note", {
    lead: say("gradientPath.trained.lead", { list }),
    gate,
  });
}
