/**
 * The conclusion of `experiment sampling` from the table rows alone: on the prompt that shows
 * variety, how many different continuations each temperature gave and what happened to the drawn
 * token's probability and the entropy; on the translation prompt, the exact match by T.
 */
import { percent } from "../../measure/rounding.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentFindings } from "../experiment.ts";
import { samplingMessages } from "./messages.ts";
import { isPlain, type RowSummary } from "./summary.ts";

const say = messagesOf(samplingMessages);

/** One prompt's rows, for the conclusion. */
export interface PromptRows {
  text: string;
  rows: readonly RowSummary[];
}

/** The temperature-only rows by rising T: T = 0 first, then at least two T > 0. */
export function plainRows(rows: readonly RowSummary[]): RowSummary[] {
  const plain = rows.filter(isPlain).sort((a, b) => a.temperature - b.temperature);
  if (plain[0]?.temperature !== 0 || plain.length < 3) {
    throw new Error("sampling: expected a row at T = 0 and at least two T > 0 without filters");
  }
  return plain;
}

const fixed = (x: number) => x.toFixed(2);

/** The sentence about exact match by T on the translation prompt ("" without one). */
function translationSentence(translation: PromptRows | null): Bilingual {
  if (translation === null) return { en: "", ko: "" };
  const plain = plainRows(translation.rows);
  const at = plain.map((r) =>
    say("sampling.at", { value: percent(r.exactShare ?? 0), t: r.temperature })
  );
  const list = { en: at.map((a) => a.en).join(", "), ko: at.map((a) => a.ko).join(", ") };
  const falls = (plain[plain.length - 1].exactShare ?? 0) < (plain[0].exactShare ?? 0);
  const prompt = say("sampling.prompt", { text: translation.text });
  return say(falls ? "sampling.translation.falls" : "sampling.translation.holds", { prompt, list });
}

/** True when the counts never fall as T rises. */
function rising(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v >= values[i - 1]);
}

/** Which way the rows point, and the numbers it rests on. */
export function concludeSampling(variety: PromptRows, translation: PromptRows | null): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  const plain = plainRows(variety.rows);
  const [t0, low, high] = [plain[0], plain[1], plain[plain.length - 1]];
  const translated = translation && plainRows(translation.rows);
  const headline = {
    draws: t0.draws,
    distinctAtT0: t0.distinct,
    lowT: low.temperature,
    distinctAtLowT: low.distinct,
    highT: high.temperature,
    distinctAtHighT: high.distinct,
    greedyShareAtHighT: high.greedyShare,
    modelPAtT0: t0.meanModelP,
    modelPAtHighT: high.meanModelP,
    entropyAtT0: t0.meanEntropy,
    entropyAtHighT: high.meanEntropy,
    exactAtT0: translated ? translated[0].exactShare : null,
    exactAtHighT: translated ? translated[translated.length - 1].exactShare : null,
  };
  const values = {
    prompt: say("sampling.prompt", { text: variety.text }),
    n: t0.draws,
    translation: translationSentence(translation),
  };
  const numbers = {
    ...values,
    low: low.temperature,
    lowDistinct: low.distinct,
    high: high.temperature,
    highDistinct: high.distinct,
    p0: fixed(t0.meanModelP),
    pHigh: fixed(high.meanModelP),
  };
  let conclusion: Bilingual;
  if (t0.distinct > 1) {
    conclusion = say("sampling.conclusion.seedDependent", { ...values, distinct: t0.distinct });
  } else if (plain.every((r) => r.distinct === 1)) {
    conclusion = say("sampling.conclusion.flat", {
      ...values,
      high: high.temperature,
      pHigh: numbers.pHigh,
    });
  } else if (rising(plain.map((r) => r.distinct)) && high.meanModelP < t0.meanModelP) {
    conclusion = say("sampling.conclusion.claim", {
      ...numbers,
      h0: fixed(t0.meanEntropy),
      hHigh: fixed(high.meanEntropy),
    });
  } else {
    conclusion = say("sampling.conclusion.unordered", numbers);
  }
  return { headline, conclusion: { en: conclusion.en.trim(), ko: conclusion.ko.trim() } };
}
