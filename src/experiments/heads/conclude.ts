/**
 * The conclusion of `experiment heads` from the measurements alone: a pure function of the
 * timings and the heads' patterns, so reversed data gives the opposite sentence.
 */
import { geometricMean } from "../../measure/average.ts";
import { round } from "../../measure/rounding.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentFindings } from "../experiment.ts";
import { headsMessages } from "./messages.ts";
import type { ModelPatterns } from "./patterns.ts";
import { MANY_HEADS, type TimingPoint } from "./timing.ts";

const say = messagesOf(headsMessages);
const NONE: Bilingual = { en: "", ko: "" };

/** The cost counts as "about the same" while h8 / h1 stays within this factor either way. */
const TIME_BAND = 1.25;
/** Heads count as different when their mean pairwise JSD reaches this many bits... */
const DIVERSE_BITS = 0.1;
/** ...and at least this many bits more than the same model untrained. */
const LEARNED_BITS = 0.05;

/** What {@link concludeHeads} reads. */
export interface HeadsData {
  timing: readonly TimingPoint[];
  /** The trained h = 1 and h = 8 models, the h = 8 model untrained, the shipped one (optional). */
  one: ModelPatterns;
  many: ModelPatterns;
  untrained: ModelPatterns;
  shipped: ModelPatterns | null;
}

/** The few numbers the conclusion rests on. */
interface HeadsNumbers {
  longest: number;
  shortest: number;
  /** Geometric mean of h8 / h1 over d_model and passes, at the longest and the shortest n. */
  ratio: number;
  shortRatio: number;
  jsd: number;
  untrainedJsd: number;
}

/**
 * The conclusion from the measurements alone. Cost: the geometric mean of h8 / h1 over d_model
 * and passes at the longest n, where the n^2 terms weigh most (at short lengths fixed costs make
 * every layer take about the same time). Patterns: the trained 8 heads' mean pairwise JSD,
 * against a threshold and against the same model untrained.
 */
export function concludeHeads(data: HeadsData): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  if (data.timing.length === 0) throw new Error("heads: expected at least one timed case");
  if (data.many.meanJsd === null || data.untrained.meanJsd === null) {
    throw new Error(`heads: expected the ${MANY_HEADS}-head models to have a pairwise JSD`);
  }
  const lengths = data.timing.map((t) => t.n);
  const longest = Math.max(...lengths);
  const shortest = Math.min(...lengths);
  const ratioAt = (n: number) =>
    geometricMean(data.timing.filter((t) => t.n === n).map((t) => t.ratio));
  const numbers: HeadsNumbers = {
    longest,
    shortest,
    ratio: ratioAt(longest),
    shortRatio: ratioAt(shortest),
    jsd: data.many.meanJsd,
    untrainedJsd: data.untrained.meanJsd,
  };
  return { headline: headlineOf(data, numbers), conclusion: sentenceOf(data, numbers) };
}

function headlineOf(data: HeadsData, n: HeadsNumbers): ExperimentFindings["headline"] {
  const slowest = data.timing.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  return {
    longestN: n.longest,
    timeRatio: round(n.ratio),
    shortestN: n.shortest,
    timeRatioShortest: round(n.shortRatio),
    timeRatioMax: round(slowest.ratio),
    slowestCase: `d_model ${slowest.dModel}, n ${slowest.n}, ${slowest.pass}`,
    jsdTrained: round(n.jsd),
    jsdUntrained: round(n.untrainedJsd),
    jsdShipped: data.shipped?.meanJsd == null ? null : round(data.shipped.meanJsd),
    entropyOneHead: round(data.one.relativeEntropy),
    entropyManyHeads: round(data.many.relativeEntropy),
    exactMatchOneHead: data.one.exactMatch,
    exactMatchManyHeads: data.many.exactMatch,
  };
}

/** Picks one of four sentences: the cost the same or not, the heads diverse or not. */
function sentenceOf(data: HeadsData, n: HeadsNumbers): Bilingual {
  const cost = n.ratio > TIME_BAND ? "slower" : n.ratio < 1 / TIME_BAND ? "faster" : "same";
  const diverse = n.jsd >= DIVERSE_BITS && n.jsd >= n.untrainedJsd + LEARNED_BITS;
  // The h n^2 explanation only when the gap indeed grows with n.
  const growsWithN = cost === "slower" && n.ratio > n.shortRatio * 1.1;
  const x = (r: number) => r.toFixed(2);
  const time = say("heads.fact.time", {
    many: MANY_HEADS,
    ratio: x(n.ratio),
    longest: n.longest,
    shortRatio: x(n.shortRatio),
    shortest: n.shortest,
  });
  const why = growsWithN ? say("heads.fact.whyGrows") : NONE;
  const shipped = data.shipped?.meanJsd == null
    ? NONE
    : say("heads.fact.shipped", { model: data.shipped.label, jsd: x(data.shipped.meanJsd) });
  const heads = say("heads.fact.heads", { jsd: x(n.jsd), untrained: x(n.untrainedJsd), shipped });
  const bar = say("heads.fact.bar", { diverse: x(DIVERSE_BITS), learned: x(LEARNED_BITS) });
  if (cost === "same" && diverse) return say("heads.conclusion.claim", { time, heads });
  if (cost !== "same" && diverse) return say("heads.conclusion.costDiffers", { heads, time, why });
  if (cost === "same") return say("heads.conclusion.headsAlike", { time, heads, bar });
  return say("heads.conclusion.neither", { time, why, heads, bar });
}
