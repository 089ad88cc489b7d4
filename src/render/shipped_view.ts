/**
 * `train --all` views: a line as each shipped model starts, its dev evaluations, a line when it
 * is saved or skipped, and the summary table of the run. Plain text, one line per event.
 */
import type { EvaluationEvent } from "../train/trainer.ts";
import type { ShippedModel, ShippedResult, TrainAllReport } from "../app/shipped_models.ts";
import { renderEvaluationLine } from "./train_view.ts";
import { formatPercent } from "../measure/format.ts";

/** `[2/18] reverse-transformer`. */
export function renderShippedStart(model: ShippedModel, index: number, total: number): string {
  return `[${index + 1}/${total}] ${model.name}`;
}

/** A dev evaluation of the model in training, indented under its name. */
export function renderShippedEvaluation(event: EvaluationEvent): string {
  return `  ${renderEvaluationLine(event)}`;
}

/** What became of one model: its test score and file, or why it was skipped. */
export function renderShippedDone(r: ShippedResult): string {
  if (r.status === "skipped") return `  skipped: ${r.path} exists (--force retrains it)`;
  return `  test exact match ${percent(r.exactMatch!)} in ${
    r.seconds!.toFixed(1)
  } s (${r.steps} steps): saved ${r.path}`;
}

/** The table of a whole run, one row per model that was trained or skipped (plain columns). */
export function renderTrainAllSummary(report: TrainAllReport): string {
  if (report.results.length === 0) return `no model was trained or skipped (in ${report.outDir})`;
  const dash = (x: number | null, show: (x: number) => string) => (x === null ? "-" : show(x));
  const header = ["model", "status", "exact match", "token acc", "steps", "seconds"];
  const body = report.results.map((r) => [
    r.name,
    r.status,
    dash(r.exactMatch, percent),
    dash(r.tokenAccuracy, percent),
    dash(r.steps, String),
    dash(r.seconds, (s) => s.toFixed(1)),
  ]);
  // The longest shipped name is 25 characters: the table is 74 wide, without a box to fit 80.
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

/** Exact match and token accuracy as train --all prints them: 0.973 -> "97.3%". */
const percent = (x: number) => formatPercent(x);
