/**
 * `train --all` views: a line as each shipped model starts, its dev evaluations, a line when it
 * is saved or skipped, and the summary table of the run. Plain text, one line per event.
 */
import type { EvaluationEvent } from "../train/trainer.ts";
import type { ShippedModel, ShippedResult, TrainAllReport } from "../app/shipped_models.ts";
import { renderEvaluationLine } from "./train_view.ts";
import { formatPercent } from "../measure/format.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { displayWidth, padEndWidth, padStartWidth } from "./layout.ts";
import { trainViewMessages } from "./train_view_messages.ts";

const say = messagesOf(trainViewMessages);

/** `[2/18] reverse-transformer`. */
export function renderShippedStart(model: ShippedModel, index: number, total: number): string {
  return `[${index + 1}/${total}] ${model.name}`;
}

/** A dev evaluation of the model in training, indented under its name. */
export function renderShippedEvaluation(event: EvaluationEvent, lang: Lang = "en"): string {
  return `  ${renderEvaluationLine(event, lang)}`;
}

/** What became of one model: its test score and file, or why it was skipped. */
export function renderShippedDone(r: ShippedResult, lang: Lang = "en"): string {
  if (r.status === "skipped") return say("view.shipped.skipped", { path: r.path })[lang];
  return say("view.shipped.done", {
    em: percent(r.exactMatch!),
    seconds: r.seconds!.toFixed(1),
    steps: String(r.steps),
    path: r.path,
  })[lang];
}

/** The table of a whole run, one row per model that was trained or skipped (plain columns). */
export function renderTrainAllSummary(report: TrainAllReport, lang: Lang = "en"): string {
  if (report.results.length === 0) return say("view.shipped.none", { dir: report.outDir })[lang];
  const dash = (x: number | null, show: (x: number) => string) => (x === null ? "-" : show(x));
  const header = (
    [
      "view.shipped.model",
      "view.shipped.status",
      "view.shipped.exactMatch",
      "view.shipped.tokenAcc",
      "view.shipped.steps",
      "view.shipped.seconds",
    ] as const
  ).map((id) => say(id)[lang]);
  const body = report.results.map((r) => [
    r.name,
    say(r.status === "skipped" ? "view.shipped.wasSkipped" : "view.shipped.trained")[lang],
    dash(r.exactMatch, percent),
    dash(r.tokenAccuracy, percent),
    dash(r.steps, String),
    dash(r.seconds, (s) => s.toFixed(1)),
  ]);
  // The longest shipped name is 25 characters: the table is 74 wide, without a box to fit 80.
  const widths = header.map((h, c) =>
    Math.max(displayWidth(h), ...body.map((row) => displayWidth(row[c])))
  );
  const line = (cells: string[]) =>
    cells.map((
      cell,
      c,
    ) => (c === 0 ? padEndWidth(cell, widths[c]) : padStartWidth(cell, widths[c])))
      .join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

/** Exact match and token accuracy as train --all prints them: 0.973 -> "97.3%". */
const percent = (x: number) => formatPercent(x);
