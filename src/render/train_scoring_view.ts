/**
 * Scoring a trained model, as the learner sees it: a progress line while a split is scored
 * (instead of a silent pause after "100% ETA 0s"), and "not scored" where a stopped run
 * skipped scoring (a count of 0: src/train/evaluate.ts UNSCORED).
 */
import { formatMessage, type Lang } from "../platform/i18n/messages.ts";
import { percent } from "../measure/rounding.ts";
import { trainScoringMessages as m } from "./train_scoring_messages.ts";

/** `scoring test: 256/1000 examples`. */
export function renderScoringLine(
  event: { split: "dev" | "test"; done: number; total: number },
  lang: Lang = "en",
): string {
  return formatMessage(m, "train.scoring", { ...event })[lang];
}

/** An exact match as a percentage, or "not scored" when no example was scored. */
export function exactMatchText(
  scores: { exactMatch: number; count?: number } | null,
  lang: Lang = "en",
): string {
  if (scores === null || scores.count === 0) return formatMessage(m, "train.notScored")[lang];
  return percent(scores.exactMatch, 1);
}

/** The summary line of a split that was not scored: `test: not scored (...)`. */
export function notScoredLine(split: "dev" | "test", lang: Lang = "en"): string {
  const label = split === "dev" ? "dev: " : "test:"; // aligned as the scored lines are
  return `${label} ${formatMessage(m, "train.notScoredLine")[lang]}`;
}

/** A message of the scoring catalog without placeholders. */
/** `perplexity on held-out text: dev 1.23, test 1.25 (...)` of a GPT's report. */
export function perplexityLine(p: { dev: number; test: number }, lang: Lang = "en"): string {
  const at = (x: number) => (x > 0 ? x.toFixed(3) : "?");
  return formatMessage(m, "train.perplexity", { dev: at(p.dev), test: at(p.test) })[lang];
}

export function scoringWords(
  id: "train.scoringSkipped" | "train.newUnscored" | "train.scoreOnStopOption",
  lang: Lang = "en",
): string {
  return formatMessage(m, id)[lang];
}
