/**
 * `train` views: the progress line (step, loss, tokens/s, ETA) with a bar
 * drawn by cli-progress's formatter, the loss curve drawn by asciichart, the
 * line printed after each dev evaluation, and the final summary. Plain text
 * only (no color, no cursor movement): the command decides whether to redraw
 * a frame in place (TTY) or print one line per interval.
 */
import cliProgress from "cli-progress";
import asciichart from "asciichart";
import type { CurvePoint, EvaluationEvent, TrainProgress } from "../train/trainer.ts";
import type { TrainReport } from "../train/report.ts";
import type { SaveOutcome } from "../train/save_trained.ts";
import { percent } from "../measure/rounding.ts";
import {
  exactMatchText,
  notScoredLine,
  perplexityLine,
  scoringWords,
} from "./train_scoring_view.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { trainViewMessages } from "./train_view_messages.ts";

const say = messagesOf(trainViewMessages);

/** One progress line: `step 250/2000 [=====-----] 12% | loss 0.4123 | 7100 tok/s | ETA 03m10s`. */
export function renderProgressLine(
  p: TrainProgress,
  options: { bar?: boolean; lang?: Lang } = {},
): string {
  const bar = options.bar ?? true;
  const lang = options.lang ?? "en";
  // A cli-progress format with its own placeholders: used as written.
  const format =
    trainViewMessages[bar ? "view.train.progressBar" : "view.train.progressPlain"][lang];
  const line: string = cliProgress.Format.Formatter(
    {
      format,
      barsize: 20,
      barCompleteString: "=".repeat(20),
      barIncompleteString: "-".repeat(20),
      barGlue: "",
      autopadding: true,
      autopaddingChar: " ",
      align: "left",
    },
    {
      progress: Math.min(1, p.step / p.totalSteps),
      value: p.step,
      total: p.totalSteps,
      eta: Math.round(p.etaSeconds),
      startTime: Date.now() - p.elapsedSeconds * 1000,
      stopTime: Date.now(),
      maxWidth: 0,
    },
    { loss: p.loss.toFixed(4), tps: Math.round(p.tokensPerSecond) },
  );
  const best = p.bestDevExactMatch === null
    ? ""
    : say("view.train.bestDev", { em: percent(p.bestDevExactMatch, 1) })[lang];
  return line + best;
}

/**
 * The loss curve as an asciichart plot, at most `width` columns wide
 * (points are averaged into that many buckets) and `height` rows high.
 */
export function renderLossChart(
  curve: readonly CurvePoint[],
  options: { width: number; height?: number; lang?: Lang },
): string {
  if (curve.length === 0) return "";
  const labelWidth = 10; // asciichart's y labels and axis
  const columns = Math.max(8, options.width - labelWidth - 2);
  const values = downsample(curve.map((p) => p.loss), columns);
  const plot: string = asciichart.plot(values, {
    height: options.height ?? 8,
    padding: "          ",
    format: (x: number) => x.toFixed(3).padStart(labelWidth - 2).slice(-(labelWidth - 2)),
  });
  const last = curve.at(-1)!;
  const title = say("view.train.chart", { first: curve[0].step, last: last.step });
  return `${title[options.lang ?? "en"]}\n${plot}`;
}

/** A whole TTY frame: the chart above the progress line. */
export function renderTrainFrame(
  p: TrainProgress,
  options: { columns: number; lang?: Lang },
): string {
  const chart = renderLossChart(p.curve, { width: options.columns, lang: options.lang });
  const line = renderProgressLine(p, { bar: options.columns >= 90, lang: options.lang });
  return chart ? `${chart}\n${line}` : line;
}

/** After each dev evaluation: `eval at step 500: dev exact match 87.2%, token accuracy 98.1% (best)`. */
export function renderEvaluationLine(e: EvaluationEvent, lang: Lang = "en"): string {
  return say("view.train.eval", {
    step: e.step,
    em: percent(e.dev.exactMatch, 1),
    acc: percent(e.dev.tokenAccuracy, 1),
    best: e.improved ? say("view.train.evalBest") : "",
  })[lang];
}

/**
 * Which parameters were kept and why: `kept the parameters of step 400 (best dev exact
 * match 87.0%)`, or `... of step 97 (the last: no dev evaluation had run; dev exact match 0.0%)`.
 */
export function renderKept(
  r: Pick<TrainReport, "bestStep" | "keptBy" | "dev">,
  lang: Lang = "en",
): string {
  const em = percent(r.dev.exactMatch, 1);
  const why = r.keptBy === "dev" ? say("view.train.keptBest", { em }) : say("view.train.keptLast", {
    what: r.dev.count === 0 ? exactMatchText(r.dev, lang) : say("view.train.devEm", { em }),
  });
  return say("view.train.kept", { step: r.bestStep, why })[lang];
}

/** What a save wrote where, in one line (src/train/save_trained.ts). */
export function renderSaveOutcome(o: SaveOutcome, lang: Lang = "en"): string {
  const at = (d: { exactMatch: number } | null) => d === null ? "?" : percent(d.exactMatch, 1);
  const own = o.dev === null
    ? exactMatchText(null, lang)
    : say("view.train.devEm", { em: at(o.dev) });
  const written = o.written;
  if (o.previousKeptAs !== null) {
    return say("view.train.replaced", {
      written,
      own,
      theirs: o.existingDev ? at(o.existingDev) : say("view.train.noDevScore"),
      previous: o.previousKeptAs,
    })[lang];
  }
  if (o.kept === null) return say("view.train.saved", { written })[lang];
  const problem = o.problem ?? "";
  const why = o.kept === "better"
    ? say("view.train.better", { theirs: at(o.existingDev!), own: at(o.dev) })
    : o.kept === "unscored"
    ? say("view.train.unscored")
    : o.kept === "new-unscored"
    ? { en: scoringWords("train.newUnscored", "en"), ko: scoringWords("train.newUnscored", "ko") }
    : o.kept === "other-task"
    ? say("view.train.otherTask", { existing: o.existingTask ?? "?", task: o.task })
    : o.kept === "unreadable"
    ? say("view.train.unreadable", { problem })
    : say("view.train.noCopy", { problem });
  return say("view.train.savedElsewhere", { written, requested: o.requested, why })[lang];
}

/** `dev:  exact match 87.0%, token accuracy 95.1% (500 examples)`, or that it was not scored. */
function scoresLine(
  split: "dev" | "test",
  m: { exactMatch: number; tokenAccuracy: number; count: number },
  lang: Lang,
): string {
  if (m.count === 0) return notScoredLine(split, lang);
  return say("view.train.scores", {
    label: split === "dev" ? "dev: " : "test:",
    em: percent(m.exactMatch, 1),
    acc: percent(m.tokenAccuracy, 1),
    n: m.count,
  })[lang];
}

/** The summary printed at the end (the same facts as `train --json`). */
export function renderTrainSummary(
  r: TrainReport,
  options: { columns?: number; saveLater?: boolean; lang?: Lang } = {},
): string {
  const lang = options.lang ?? "en";
  const model = r.arch === "transformer"
    ? `transformer (${r.pe}, ${r.norm}-norm)`
    : r.arch === "gpt"
    ? say("view.train.gptModel", { pe: r.pe ?? "learned" })[lang]
    : `${r.arch} + ${r.attention === "none" ? say("view.train.noAttention")[lang] : r.attention}`;
  const at = { steps: r.steps, planned: r.plannedSteps };
  const how = r.interrupted
    ? say("view.train.interrupted", at)
    : r.stopReason === "target"
    ? say("view.train.target", at)
    : r.stopReason === "patience"
    ? say("view.train.patience", at)
    : say("view.train.steps", { steps: r.steps });
  const { backend, seed, params } = r;
  const lines = [
    say("view.train.trained", { model, task: r.task, backend, seed, params, how })[lang],
    say("view.train.time", {
      seconds: r.seconds.toFixed(1),
      ms: r.stepMs.toFixed(1),
      tps: r.tokensPerSecond,
    })[lang],
    renderKept(r, lang),
    scoresLine("dev", r.dev, lang),
    scoresLine("test", r.test, lang),
  ];
  if (r.perplexity) lines.push(perplexityLine(r.perplexity, lang));
  if (r.unknownTokens.length > 0) {
    const list = r.unknownTokens.slice(0, 8).join(" ") + (r.unknownTokens.length > 8 ? " ..." : "");
    lines.push(say("view.train.unknown", { n: r.unknownTokens.length, list })[lang]);
  }
  const later = say(options.saveLater ? "view.train.saveLater" : "view.train.outLater");
  lines.push(
    r.save
      ? renderSaveOutcome(r.save, lang)
      : r.saveError
      ? say("view.train.notSavedError", { error: r.saveError, later })[lang]
      : say("view.train.notSaved", { later })[lang],
  );
  const chart = renderLossChart(r.lossCurve, { width: options.columns ?? 80, lang });
  return chart ? `${chart}\n${lines.join("\n")}` : lines.join("\n");
}

/** Averages values into at most `n` buckets of consecutive points. */
function downsample(values: readonly number[], n: number): number[] {
  if (values.length <= n) return [...values];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const lo = Math.floor((i * values.length) / n);
    const hi = Math.floor(((i + 1) * values.length) / n);
    let sum = 0;
    for (let j = lo; j < hi; j++) sum += values[j];
    out.push(sum / (hi - lo));
  }
  return out;
}
