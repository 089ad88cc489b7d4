/**
 * The conclusion of `experiment norm` from the four runs alone: which placement ended at the
 * lower loss without warmup and with it (a NaN/inf or rising loss loses), what warmup changed for
 * each, and how uneven the per-layer gradients were.
 */
import { round } from "../../measure/rounding.ts";
import { type Bilingual, joinMessages, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentFindings } from "../experiment.ts";
import { normMessages } from "./messages.ts";

const say = messagesOf(normMessages);

/** Where each sublayer's LayerNorm sits. */
export type Placement = "pre" | "post";

/** Per-layer gradient norms at one step. */
export interface LayerGradients {
  step: number;
  /** "enc 1" ... "dec 6", bottom to top. */
  layers: string[];
  /** sqrt(sum of squared gradients of every parameter of the layer), before clipping. */
  norms: number[];
}

/** How a run ended. */
export type RunOutcome = "learned" | "stalled" | "diverged";

/** One training run. */
export interface NormRun {
  norm: Placement;
  /** Warmup steps (0: the full learning rate from step 1). */
  warmup: number;
  /** The loss curve: mean training loss over each logging interval, at its last step. */
  steps: number[];
  losses: number[];
  /** Mean loss of the first interval. */
  startLoss: number;
  /** Mean loss over the last 20% of the curve (Infinity when the loss became NaN/inf). */
  finalLoss: number;
  bestLoss: number;
  /** The loss became NaN/inf (training stopped there). */
  nonFinite: boolean;
  /** Dev scores of the final parameters; null when the run stopped on a NaN/inf loss. */
  devExactMatch: number | null;
  devTokenAccuracy: number | null;
  gradients: LayerGradients[];
  seconds: number;
}

/** Final losses this much apart (relative to the larger) count as a difference. */
const LOSS_MARGIN = 0.15;
/** A final loss within this fraction of the unigram loss learned nothing beyond frequencies. */
const STALL_MARGIN = 0.05;
/** Spreads this many times apart count as a difference in how even the gradients are. */
const SPREAD_RATIO = 3;

/**
 * How a run ended: diverged (NaN/inf, or its final loss above its start), stalled (no better
 * than the unigram loss: predicting token frequencies and ignoring the input), or learned.
 */
export function runOutcome(run: NormRun, unigramLoss: number): RunOutcome {
  if (run.nonFinite || !(run.finalLoss <= run.startLoss)) return "diverged";
  if (run.finalLoss >= unigramLoss * (1 - STALL_MARGIN)) return "stalled";
  return "learned";
}

/** +1 when `a` trained better than `b`, -1 when worse, 0 when about the same. */
function compare(a: NormRun, b: NormRun): number {
  const aBad = a.nonFinite || !(a.finalLoss <= a.startLoss);
  const bBad = b.nonFinite || !(b.finalLoss <= b.startLoss);
  if (aBad || bBad) return aBad && bBad ? 0 : aBad ? -1 : 1;
  const gap = (b.finalLoss - a.finalLoss) / Math.max(a.finalLoss, b.finalLoss);
  return gap >= LOSS_MARGIN ? 1 : gap <= -LOSS_MARGIN ? -1 : 0;
}

function findRun(runs: readonly NormRun[], norm: Placement, warm: boolean): NormRun {
  const run = runs.find((r) => r.norm === norm && (r.warmup > 0) === warm);
  if (!run) {
    throw new Error(
      `norm: expected a ${norm}-norm run ${warm ? "with" : "without"} warmup, got ${
        runs.map((r) => `${r.norm}/${r.warmup}`).join(", ") || "none"
      }`,
    );
  }
  return run;
}

/** Largest over smallest per-layer gradient norm at `step` (1 = even), or null if not read. */
function gradientSpread(run: NormRun, step: number): number | null {
  const at = run.gradients.find((g) => g.step === step);
  if (!at || at.norms.length === 0) return null;
  const min = Math.min(...at.norms);
  return min > 0 ? Math.max(...at.norms) / min : null;
}

/** A ratio for a sentence: 3.9, 12, 7.4e5. */
function ratioText(r: number): string {
  if (r < 10) return r.toFixed(1);
  if (r < 1000) return String(Math.round(r));
  const e = Math.floor(Math.log10(r));
  return `${(r / 10 ** e).toFixed(1)}e${e}`;
}

const finite = (v: number) => (Number.isFinite(v) ? round(v) : null);
const loss = (r: NormRun) => (Number.isFinite(r.finalLoss) ? r.finalLoss.toFixed(2) : "NaN");

/** The four runs and what the conclusion reads from them. */
interface NormReading {
  pre: NormRun;
  post: NormRun;
  preWarm: NormRun;
  postWarm: NormRun;
  lr: number;
  unigramLoss: number;
  verdict: "pre-norm" | "post-norm" | "same" | "mixed";
  /** The first step gradients were read at, and the last one both no-warmup runs have. */
  firstStep: number | undefined;
  lastCommon: number | undefined;
  preSpread: number | null;
  postSpread: number | null;
}

function readingOf(
  runs: readonly NormRun[],
  options: { lr: number; unigramLoss: number },
): NormReading {
  const pre = findRun(runs, "pre", false);
  const post = findRun(runs, "post", false);
  const preWarm = findRun(runs, "pre", true);
  const postWarm = findRun(runs, "post", true);
  const cold = compare(pre, post); // > 0: pre-norm better without warmup
  const warm = compare(preWarm, postWarm);
  // Gradient evenness across layers, no-warmup runs, at the last step both were read.
  const lastCommon = pre.gradients.map((g) => g.step).filter((step) =>
    post.gradients.some((g) => g.step === step) && gradientSpread(pre, step) !== null &&
    gradientSpread(post, step) !== null
  ).at(-1);
  return {
    pre,
    post,
    preWarm,
    postWarm,
    ...options,
    verdict: cold > 0 && warm >= 0
      ? "pre-norm"
      : cold < 0 && warm <= 0
      ? "post-norm"
      : cold === 0 && warm === 0
      ? "same"
      : "mixed",
    firstStep: pre.gradients[0]?.step,
    lastCommon,
    preSpread: lastCommon === undefined ? null : gradientSpread(pre, lastCommon),
    postSpread: lastCommon === undefined ? null : gradientSpread(post, lastCommon),
  };
}

/** The conclusion from the four runs alone (see the file's doc). */
export function concludeNorm(
  runs: readonly NormRun[],
  options: { lr: number; unigramLoss: number },
): { headline: ExperimentFindings["headline"]; conclusion: Bilingual } {
  const r = readingOf(runs, options);
  const outcome = (run: NormRun) => runOutcome(run, r.unigramLoss);
  const headline = {
    lr: r.lr,
    unigramLoss: round(r.unigramLoss),
    preFinal: finite(r.pre.finalLoss),
    postFinal: finite(r.post.finalLoss),
    preWarmupFinal: finite(r.preWarm.finalLoss),
    postWarmupFinal: finite(r.postWarm.finalLoss),
    preOutcome: outcome(r.pre),
    postOutcome: outcome(r.post),
    preWarmupOutcome: outcome(r.preWarm),
    postWarmupOutcome: outcome(r.postWarm),
    gradientStep: r.lastCommon ?? null,
    preGradientSpread: r.preSpread === null ? null : round(r.preSpread, 2),
    postGradientSpread: r.postSpread === null ? null : round(r.postSpread, 2),
    better: r.verdict,
  };
  const sentences = [verdictSentence(r), warmupSentence(r), gradientSentence(r)];
  return {
    headline,
    conclusion: joinMessages(sentences.filter((s) => s !== null), { en: " ", ko: " " }),
  };
}

/** A run's final loss, and how it ended when it did not learn. */
function stateOf(run: NormRun, unigramLoss: number): Bilingual | string {
  const o = runOutcome(run, unigramLoss);
  if (o === "learned") return loss(run);
  if (o === "stalled") {
    return say("norm.state.stalled", { loss: loss(run), unigram: unigramLoss.toFixed(2) });
  }
  if (run.nonFinite) return say("norm.state.nonFinite");
  return say("norm.state.rose", { loss: loss(run), start: run.startLoss.toFixed(2) });
}

/** Which placement trained better, with the four final losses. */
function verdictSentence(r: NormReading): Bilingual {
  const state = (run: NormRun) => stateOf(run, r.unigramLoss);
  const facts = say("norm.fact.losses", {
    pre: state(r.pre),
    post: state(r.post),
    warmup: r.postWarm.warmup,
    preWarm: state(r.preWarm),
    postWarm: state(r.postWarm),
  });
  const id = r.verdict === "pre-norm"
    ? "norm.verdict.pre"
    : r.verdict === "post-norm"
    ? "norm.verdict.post"
    : r.verdict === "same"
    ? "norm.verdict.same"
    : "norm.verdict.mixed";
  return say(id, { lr: r.lr, facts });
}

/** What warmup changed for each placement. */
function warmupSentence(r: NormReading): Bilingual {
  const effectOf = (withIt: NormRun, without: NormRun) => {
    const sign = compare(withIt, without);
    const id = sign > 0 ? "norm.effect.helped" : sign < 0 ? "norm.effect.hurt" : "norm.effect.none";
    return { sign, text: say(id) };
  };
  const onPost = effectOf(r.postWarm, r.post);
  const onPre = effectOf(r.preWarm, r.pre);
  const post = `${loss(r.post)} -> ${loss(r.postWarm)}`;
  const pre = `${loss(r.pre)} -> ${loss(r.preWarm)}`;
  if (onPost.sign !== onPre.sign) {
    return say("norm.warmup.differs", { onPost: onPost.text, post, onPre: onPre.text, pre });
  }
  const id = onPost.sign === 0 ? "norm.warmup.neither" : "norm.warmup.both";
  return say(id, { effect: onPost.text, post, pre });
}

/** How uneven the per-layer gradients were (max over min layer), post- against pre-norm. */
function gradientSentence(r: NormReading): Bilingual | null {
  const { firstStep, lastCommon, preSpread, postSpread } = r;
  if (lastCommon === undefined || preSpread === null || postSpread === null) return null;
  const startPre = firstStep === undefined ? null : gradientSpread(r.pre, firstStep);
  const startPost = firstStep === undefined ? null : gradientSpread(r.post, firstStep);
  const start = firstStep !== lastCommon && startPre !== null && startPost !== null
    ? say("norm.gradients.atStart", {
      step: firstStep!,
      pre: ratioText(startPre),
      post: ratioText(startPost),
    })
    : { en: "", ko: "" };
  const both = say("norm.gradients.both", {
    pre: ratioText(preSpread),
    post: ratioText(postSpread),
    start,
  });
  const ratio = postSpread / preSpread;
  if (ratio >= SPREAD_RATIO) {
    return say("norm.gradients.postUneven", {
      step: lastCommon,
      spread: ratioText(postSpread),
      both,
    });
  }
  if (ratio <= 1 / SPREAD_RATIO) {
    return say("norm.gradients.preUneven", {
      step: lastCommon,
      spread: ratioText(preSpread),
      both,
    });
  }
  return say("norm.gradients.alike", { step: lastCommon, both });
}
