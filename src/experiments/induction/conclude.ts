/**
 * The conclusion of `experiment induction` from the measured curves alone (a pure function, so
 * made-up curves test it both ways). Per seed:
 *
 * - the induction head: the head of the last layer with the highest final induction score;
 * - the plateau: the median first-half loss over all measurements. The first half cannot be
 *   predicted, so this is what a model that does not copy pays; the second half sits there
 *   until copying starts;
 * - the drop step: the first measured step whose second-half loss is below the midpoint of the
 *   plateau and the final second-half loss, when that final loss is at most LOSS_RATIO of the
 *   plateau (else the loss did not drop);
 * - the crossing step: the first measured step at which the induction head's score reaches
 *   SCORE_THRESHOLD.
 *
 * A head "formed" when its final score reaches SCORE_THRESHOLD and the second-half loss ended
 * at most LOSS_RATIO of the plateau: the head attends where copying needs it and copying works.
 */
import { median } from "../../measure/average.ts";
import { type Bilingual, joinMessages, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentFindings } from "../experiment.ts";
import { inductionMessages } from "./messages.ts";
import type { InductionPoint } from "./train.ts";

const say = messagesOf(inductionMessages);

/**
 * An induction score at least this high: at the periods used (6-12) a row spread evenly over
 * its keys gives the target position 1/8 to 1/24 of its weight; 0.3 is several times that.
 */
export const SCORE_THRESHOLD = 0.3;
/** Copying works when the second-half loss ends at most this fraction of the plateau. */
export const LOSS_RATIO = 0.5;

/** A head, layer and index both counted from 0 (as `run --json` counts them). */
export interface HeadId {
  layer: number;
  head: number;
}

/** The head's name, "layer.head". */
export function headName(id: HeadId): string {
  return `${id.layer}.${id.head}`;
}

/** What one seed shows. */
export interface SeedFinding {
  seed: number;
  formed: boolean;
  /** The last layer's head with the highest final induction score. */
  head: HeadId;
  score: number;
  /** The first layer's head with the highest final previous-token score, and that score. */
  previousHead: HeadId;
  previousScore: number;
  plateau: number;
  finalLoss: number;
  /** First step below the midpoint of plateau and final loss (null: the loss did not drop). */
  dropStep: number | null;
  /** First step the head's score reached SCORE_THRESHOLD (null: never). */
  crossStep: number | null;
}

/** The index of the largest value. */
function argmax(values: readonly number[]): number {
  return values.reduce((best, v, i) => (v > values[best] ? i : best), 0);
}

/** What one seed's curve shows. */
export function findInduction(seed: number, points: readonly InductionPoint[]): SeedFinding {
  if (points.length < 2) throw new Error("induction: expected at least two measurements");
  const last = points[points.length - 1];
  const layer = last.induction.length - 1;
  const head = { layer, head: argmax(last.induction[layer]) };
  const previousHead = { layer: 0, head: argmax(last.previous[0]) };
  const score = last.induction[layer][head.head];
  const plateau = median(points.map((p) => p.lossFirst));
  const finalLoss = last.lossSecond;
  const midpoint = (plateau + finalLoss) / 2;
  const dropped = finalLoss <= LOSS_RATIO * plateau; // a few hundredths below is no drop
  const drop = dropped ? points.find((p) => p.lossSecond < midpoint) : undefined;
  const cross = points.find((p) => p.induction[layer][head.head] >= SCORE_THRESHOLD);
  return {
    seed,
    formed: score >= SCORE_THRESHOLD && dropped,
    head,
    score,
    previousHead,
    previousScore: last.previous[0][previousHead.head],
    plateau,
    finalLoss,
    dropStep: drop?.step ?? null,
    crossStep: cross?.step ?? null,
  };
}

/** One seed's clause of the conclusion. */
function seedClause(f: SeedFinding): Bilingual {
  const common = {
    seed: f.seed,
    head: headName(f.head),
    score: f.score.toFixed(2),
    plateau: f.plateau.toFixed(2),
    loss: f.finalLoss.toFixed(2),
  };
  if (!f.formed) return say("induction.seed.notFormed", common);
  return say("induction.seed.formed", {
    ...common,
    threshold: SCORE_THRESHOLD,
    cross: f.crossStep ?? "?",
    drop: f.dropStep ?? "?",
    previous: headName(f.previousHead),
    previousScore: f.previousScore.toFixed(2),
  });
}

/** The conclusion over every seed, and the numbers it rests on. */
export function concludeInduction(
  runs: readonly { seed: number; points: readonly InductionPoint[] }[],
): { findings: SeedFinding[]; headline: ExperimentFindings["headline"]; conclusion: Bilingual } {
  if (runs.length === 0) throw new Error("induction: expected at least one seed");
  const findings = runs.map((r) => findInduction(r.seed, r.points));
  const formed = findings.filter((f) => f.formed);
  const clauses = joinMessages(findings.map(seedClause), { en: "; ", ko: " " });
  let conclusion: Bilingual;
  if (formed.length === findings.length) {
    conclusion = say("induction.conclusion.all", { seeds: findings.length, clauses });
  } else if (formed.length > 0) {
    const seeds = formed.map((f) => f.seed).join(", ");
    conclusion = say("induction.conclusion.some", { seeds, total: findings.length, clauses });
  } else {
    conclusion = say("induction.conclusion.none", { threshold: SCORE_THRESHOLD, clauses });
  }
  const headline: ExperimentFindings["headline"] = {
    seeds: findings.length,
    formedSeeds: formed.length,
    scoreThreshold: SCORE_THRESHOLD,
  };
  for (const f of findings) {
    const key = `seed${f.seed}`;
    headline[`${key}Formed`] = f.formed;
    headline[`${key}Head`] = headName(f.head);
    headline[`${key}Score`] = f.score;
    headline[`${key}CrossStep`] = f.crossStep;
    headline[`${key}DropStep`] = f.dropStep;
    headline[`${key}Plateau`] = f.plateau;
    headline[`${key}FinalLoss`] = f.finalLoss;
    headline[`${key}PreviousHead`] = headName(f.previousHead);
    headline[`${key}PreviousScore`] = f.previousScore;
  }
  return { findings, headline, conclusion };
}
