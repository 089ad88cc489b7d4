/**
 * The conclusion of `experiment position` from the measurements alone. Three parts of the claim
 * are checked: without positions the output ignores order (and with them it does not);
 * sinusoidal exact match falls beyond L; RoPE scores survive a shift while sinusoidal-added ones
 * do not. All agree: the claim; none: the reverse; some: mixed; and when no model learned the
 * task within L the extrapolation cannot be read at all.
 */
import { percent } from "../../measure/rounding.ts";
import type { PositionalKind } from "../../models/config.ts";
import { type Bilingual, joinMessages, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentFindings } from "../experiment.ts";
import { meanOfDefined } from "../stats.ts";
import { positionMessages } from "./messages.ts";

const say = messagesOf(positionMessages);

/** One encoding's scores by source length; null where the encoding is undefined. */
export interface PositionCurve {
  pe: PositionalKind;
  lengths: number[];
  exactMatch: (number | null)[];
  tokenAccuracy: (number | null)[];
}

/** |q_i . k_j - q_{i+s} . k_{j+s}| over many random (q, k, i, j, s). */
export interface ShiftCheck {
  comparisons: number;
  /** Root mean square of the RoPE scores q_i . k_j: the scale their differences compare with. */
  scoreRms: number;
  ropeMaxDiff: number;
  /** The same for (q + PE[i]) . (k + PE[j]). */
  sinusoidalScoreRms: number;
  sinusoidalMaxDiff: number;
}

/** The largest change of some values and their root mean square (the scale it compares with). */
export interface Change {
  maxDiff: number;
  rms: number;
}

/** How much the logits move when each source's letters are reversed. */
export interface OrderCheck {
  positioned: ({ pe: PositionalKind } & Change)[];
  /** The trained "none" model, or else the first trained model's weights with pe "none". */
  orderBlind: Change;
}

/** Everything {@link concludePosition} reads. */
export interface PositionData {
  trainMax: number;
  curves: PositionCurve[];
  shift: ShiftCheck;
  order: OrderCheck;
}

/** The best within-L exact match must reach this before extrapolation says anything. */
const LEARNED = 0.5;
/** An accuracy drop (or gap) this large in [0, 1] counts. */
const MARGIN = 0.15;
/** Relative changes below this are float rounding; above SENSITIVE they are real. */
const INVARIANT = 1e-4;
const SENSITIVE = 1e-2;

/** A change as a fraction of the scale of the values. */
export function relative(c: Change): number {
  return c.maxDiff / Math.max(c.rms, 1e-30);
}

/** A small or large positive number in few characters: 0, 3.1e-7, 0.042, 2.9. */
export function short(v: number): string {
  if (v === 0) return "0";
  return Math.abs(v) < 0.01 ? v.toExponential(1) : Number(v.toPrecision(2)).toString();
}

/** Within-L and beyond-L means of one curve. */
function summarize(curve: PositionCurve, trainMax: number) {
  const part = (values: (number | null)[], beyond: boolean) =>
    meanOfDefined(values.filter((_, i) => (curve.lengths[i] > trainMax) === beyond));
  return {
    pe: curve.pe,
    within: part(curve.exactMatch, false),
    beyond: part(curve.exactMatch, true),
    withinTokens: part(curve.tokenAccuracy, false),
    beyondTokens: part(curve.tokenAccuracy, true),
  };
}
type Summary = ReturnType<typeof summarize>;

/** The numbers the conclusion reads. */
interface PositionNumbers {
  stats: Summary[];
  bestWithin: number;
  /** The encoding that kept clearly the most token accuracy beyond L, if one did. */
  best: Summary | null;
  extrapolating: Summary[];
  ropeRel: number;
  sinusoidalRel: number;
  orderBlind: number;
  positionedMin: number;
}

function numbersOf(data: PositionData): PositionNumbers {
  const { trainMax: L, curves, shift, order } = data;
  if (curves.length === 0 || order.positioned.length === 0) {
    throw new Error("position: expected at least one trained encoding");
  }
  const stats = curves.map((c) => summarize(c, L));
  const extrapolating = stats.filter((s) => s.pe !== "none" && s.beyondTokens !== null);
  const ranked = [...extrapolating].sort((a, b) => b.beyondTokens! - a.beyondTokens!);
  return {
    stats,
    bestWithin: Math.max(...stats.map((s) => s.within ?? 0)),
    best: ranked.length >= 2 && ranked[0].beyondTokens! - ranked[1].beyondTokens! >= MARGIN
      ? ranked[0]
      : null,
    extrapolating,
    ropeRel: shift.ropeMaxDiff / Math.max(shift.scoreRms, 1e-30),
    sinusoidalRel: shift.sinusoidalMaxDiff / Math.max(shift.sinusoidalScoreRms, 1e-30),
    orderBlind: relative(order.orderBlind),
    positionedMin: Math.min(...order.positioned.map(relative)),
  };
}

/** The conclusion from the measurements alone (see the file's doc). */
export function concludePosition(data: PositionData): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  const numbers = numbersOf(data);
  return { headline: headlineOf(data, numbers), conclusion: sentenceOf(data, numbers) };
}

function headlineOf(data: PositionData, n: PositionNumbers): ExperimentFindings["headline"] {
  const { shift } = data;
  const headline: ExperimentFindings["headline"] = {
    trainMax: data.trainMax,
    bestWithin: n.bestWithin,
  };
  for (const s of n.stats) {
    headline[`${s.pe}Within`] = s.within;
    headline[`${s.pe}Beyond`] = s.beyond;
    headline[`${s.pe}BeyondTokens`] = s.beyondTokens;
  }
  return Object.assign(headline, {
    bestExtrapolator: n.best?.pe ?? null,
    ropeShiftMaxDiff: shift.ropeMaxDiff,
    sinusoidalShiftMaxDiff: shift.sinusoidalMaxDiff,
    shiftScoreRms: shift.scoreRms,
    sinusoidalShiftScoreRms: shift.sinusoidalScoreRms,
    orderBlindChange: n.orderBlind,
    positionedChangeMin: n.positionedMin,
  });
}

/** true, false, null (between the thresholds): whether a measured ratio pair shows the claim. */
function verdict(invariant: number, sensitive: number): boolean | null {
  if (invariant <= INVARIANT && sensitive >= SENSITIVE) return true;
  if (invariant >= SENSITIVE && sensitive <= INVARIANT) return false;
  return null;
}

/** The three parts of the claim, each true, false or null; undefined: not measurable here. */
function partsOf(data: PositionData, n: PositionNumbers) {
  const sinusoidal = n.stats.find((s) => s.pe === "sinusoidal");
  // Undefined (left out) unless the sinusoidal model learned the task within L.
  const drop = sinusoidal && sinusoidal.within !== null && sinusoidal.within >= LEARNED &&
      sinusoidal.beyond !== null
    ? sinusoidal.within - sinusoidal.beyond >= MARGIN
    : undefined;
  return [
    { says: verdict(n.orderBlind, n.positionedMin), name: say("position.part.order") },
    { says: drop, name: say("position.part.drop", { L: data.trainMax }) },
    { says: verdict(n.ropeRel, n.sinusoidalRel), name: say("position.part.shift") },
  ].filter((p) => p.says !== undefined);
}

/** "sinusoidal 79%, learned 84%": each summary's defined value. */
function listOf(of: readonly Summary[], value: (s: Summary) => number | null): string {
  return of.filter((s) => value(s) !== null).map((s) => `${s.pe} ${percent(value(s)!)}`).join(
    ", ",
  );
}

/** Exact match within and beyond L, and which encoding kept the most token accuracy. */
function lengthsFact(data: PositionData, n: PositionNumbers): Bilingual {
  const L = data.trainMax;
  const undefinedBeyond = n.stats.filter((s) =>
    s.pe !== "none" && s.within !== null && s.beyond === null
  );
  const tokens = listOf(n.extrapolating, (s) => s.beyondTokens);
  return say("position.fact.lengths", {
    shortest: data.curves[0].lengths[0],
    L,
    within: listOf(n.stats, (s) => s.within),
    beyond: listOf(n.stats, (s) => s.beyond),
    undefined: undefinedBeyond.length === 0
      ? { en: "", ko: "" }
      : say("position.fact.undefinedBeyond", {
        encodings: undefinedBeyond.map((s) => s.pe).join(", "),
      }),
    best: n.best
      ? say("position.fact.best", { pe: n.best.pe, L, tokens })
      : say("position.fact.noBest", { L, tokens }),
  });
}

/** Picks the sentence from the parts of the claim that agreed and those that did not. */
function sentenceOf(data: PositionData, n: PositionNumbers): Bilingual {
  const { shift } = data;
  const order = say("position.fact.order", {
    blind: short(n.orderBlind),
    positioned: short(n.positionedMin),
  });
  const shiftFact = say("position.fact.shift", {
    rope: short(shift.ropeMaxDiff),
    ropeRms: short(shift.scoreRms),
    sinusoidal: short(shift.sinusoidalMaxDiff),
    sinusoidalRms: short(shift.sinusoidalScoreRms),
  });
  if (!(n.bestWithin >= LEARNED)) {
    return say("position.conclusion.notLearned", {
      L: data.trainMax,
      best: percent(n.bestWithin),
      order,
      shift: shiftFact,
    });
  }
  const parts = partsOf(data, n);
  const agree = parts.filter((p) => p.says === true);
  const disagree = parts.filter((p) => p.says !== true);
  const facts = say("position.facts", { order, lengths: lengthsFact(data, n), shift: shiftFact });
  if (disagree.length === 0) return say("position.conclusion.claim", { facts });
  if (agree.length === 0) {
    const reversed = parts.some((p) => p.says === false);
    return say(reversed ? "position.conclusion.reversed" : "position.conclusion.unclear", {
      facts,
    });
  }
  const names = (ps: typeof parts) => joinMessages(ps.map((p) => p.name), { en: ", ", ko: ", " });
  return say("position.conclusion.mixed", {
    agree: names(agree),
    disagree: names(disagree),
    facts,
  });
}
