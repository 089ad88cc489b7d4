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
import type { Lang } from "../platform/i18n/messages.ts";

/** One progress line: `step 250/2000 [=====-----] 12% | loss 0.4123 | 7100 tok/s | ETA 03m10s`. */
export function renderProgressLine(p: TrainProgress, options: { bar?: boolean } = {}): string {
  const bar = options.bar ?? true;
  const format = bar
    ? "step {value}/{total} [{bar}] {percentage}% | loss {loss} | {tps} tok/s | ETA {eta_formatted}"
    : "step {value}/{total} | loss {loss} | {tps} tok/s | ETA {eta_formatted}";
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
  const best = p.bestDevExactMatch === null ? "" : ` | best dev ${percent(p.bestDevExactMatch, 1)}`;
  return line + best;
}

/**
 * The loss curve as an asciichart plot, at most `width` columns wide
 * (points are averaged into that many buckets) and `height` rows high.
 */
export function renderLossChart(
  curve: readonly CurvePoint[],
  options: { width: number; height?: number },
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
  return `training loss (mean per interval), step ${curve[0].step}..${last.step}\n${plot}`;
}

/** A whole TTY frame: the chart above the progress line. */
export function renderTrainFrame(p: TrainProgress, options: { columns: number }): string {
  const chart = renderLossChart(p.curve, { width: options.columns });
  const line = renderProgressLine(p, { bar: options.columns >= 90 });
  return chart ? `${chart}\n${line}` : line;
}

/** After each dev evaluation: `eval at step 500: dev exact match 87.2%, token accuracy 98.1% (best)`. */
export function renderEvaluationLine(e: EvaluationEvent): string {
  return `eval at step ${e.step}: dev exact match ${percent(e.dev.exactMatch, 1)}, token accuracy ${
    percent(e.dev.tokenAccuracy, 1)
  }${e.improved ? " (best so far: kept)" : ""}`;
}

/**
 * Which parameters were kept and why: `kept the parameters of step 400 (best dev exact
 * match 87.0%)`, or `... of step 97 (the last: no dev evaluation had run; dev exact match 0.0%)`.
 */
export function renderKept(
  r: Pick<TrainReport, "bestStep" | "keptBy" | "dev">,
): string {
  const why = r.keptBy === "dev"
    ? `best dev exact match ${percent(r.dev.exactMatch, 1)}`
    : r.dev.count === 0
    ? `the last: no dev evaluation had run; ${exactMatchText(r.dev)}`
    : `the last: no dev evaluation had run; dev exact match ${percent(r.dev.exactMatch, 1)}`;
  return `kept the parameters of step ${r.bestStep} (${why})`;
}

/** What a save wrote where, in one line (src/train/save_trained.ts). */
export function renderSaveOutcome(o: SaveOutcome): string {
  const at = (d: { exactMatch: number } | null) => d === null ? "?" : percent(d.exactMatch, 1);
  const own = o.dev === null ? exactMatchText(null) : `dev exact match ${at(o.dev)}`;
  if (o.previousKeptAs !== null) {
    return `saved ${o.written} (${own}); the model it replaced (${
      o.existingDev ? at(o.existingDev) : "no dev score"
    }) is now ${o.previousKeptAs}`;
  }
  if (o.kept === null) return `saved ${o.written}`;
  const why = o.kept === "better"
    ? `that file holds a better model (dev exact match ${at(o.existingDev!)} vs ${
      at(o.dev)
    }) and is unchanged`
    : o.kept === "unscored"
    ? `that file records no dev score to compare with, so it is unchanged`
    : o.kept === "new-unscored"
    ? scoringWords("train.newUnscored")
    : o.kept === "other-task"
    ? `that file is a model of task ${o.existingTask}, not ${o.task}, so it is unchanged`
    : o.kept === "unreadable"
    ? `that file is not a checkpoint attn can read (${o.problem}), so it is unchanged`
    : `no copy of it could be kept (${o.problem}), so it is unchanged`;
  return `saved ${o.written}, not ${o.requested}: ${why}`;
}

/** `dev:  exact match 87.0%, token accuracy 95.1% (500 examples)`, or that it was not scored. */
function scoresLine(
  split: "dev" | "test",
  m: { exactMatch: number; tokenAccuracy: number; count: number },
  lang: Lang,
): string {
  if (m.count === 0) return notScoredLine(split, lang);
  return `${split === "dev" ? "dev: " : "test:"} exact match ${percent(m.exactMatch, 1)}, ` +
    `token accuracy ${percent(m.tokenAccuracy, 1)} (${m.count} examples)`;
}

/** The summary printed at the end (the same facts as `train --json`). */
export function renderTrainSummary(
  r: TrainReport,
  options: { columns?: number; saveLater?: boolean; lang?: Lang } = {},
): string {
  const model = r.arch === "transformer"
    ? `transformer (${r.pe}, ${r.norm}-norm)`
    : r.arch === "gpt"
    ? `gpt (${r.pe} positions; exact match = prompted translation)`
    : `${r.arch} + ${r.attention === "none" ? "no attention" : r.attention}`;
  const how = r.interrupted
    ? `interrupted after ${r.steps} of ${r.plannedSteps} steps`
    : r.stopReason === "target"
    ? `stopped at step ${r.steps} of ${r.plannedSteps}: dev exact match reached its target`
    : r.stopReason === "patience"
    ? `stopped early at step ${r.steps} of ${r.plannedSteps}: dev exact match stopped improving`
    : `${r.steps} steps`;
  const lines = [
    `trained ${model} on ${r.task} (${r.backend}, seed ${r.seed}, ${r.params} parameters): ${how}`,
    `time ${r.seconds.toFixed(1)} s, ${
      r.stepMs.toFixed(1)
    } ms per step (median), ${r.tokensPerSecond} tokens/s`,
    renderKept(r),
    scoresLine("dev", r.dev, options.lang ?? "en"),
    scoresLine("test", r.test, options.lang ?? "en"),
  ];
  if (r.perplexity) lines.push(perplexityLine(r.perplexity, options.lang ?? "en"));
  if (r.unknownTokens.length > 0) {
    lines.push(
      `note: ${r.unknownTokens.length} held-out tokens are not in the training vocabulary (read as <unk>): ${
        r.unknownTokens.slice(0, 8).join(" ")
      }${r.unknownTokens.length > 8 ? " ..." : ""}`,
    );
  }
  const later = options.saveLater
    ? "'save FILE' keeps this model"
    : "use --out FILE to keep the model";
  lines.push(
    r.save
      ? renderSaveOutcome(r.save)
      : r.saveError
      ? `not saved: ${r.saveError} (${later})`
      : `not saved (${later})`,
  );
  const chart = renderLossChart(r.lossCurve, { width: options.columns ?? 80 });
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
