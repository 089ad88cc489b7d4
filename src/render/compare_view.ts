/**
 * The `compare` view: the same input through an RNN, an RNN with attention
 * and a Transformer, one table row each: output, right or wrong against the
 * task's reference, and time.
 */
import { cleanText, wrapWidth } from "./layout.ts";
import { formatMs, renderTable } from "./table.ts";

/** One model's answer in `compare`. */
export interface CompareRow {
  /** "RNN", "RNN+attention" or "Transformer" (or the model's arch when chosen with --models). */
  family: string;
  model: string;
  arch: string;
  attention: string;
  output: string;
  /** Matches the reference; null when the reference is unknown. */
  correct: boolean | null;
  /** Wall time of the run (decode and trace, model already loaded). */
  ms: number;
}

/** The result of `compare` (printed as is with --json). */
export interface CompareResult {
  input: string;
  task: string;
  /** The task's answer for the input, or null when the task does not produce this input. */
  reference: string | null;
  rows: CompareRow[];
  /** Families with no model for this task, e.g. "RNN+attention: no ko-en model in weights/". */
  missing: string[];
}

/** Renders a {@link CompareResult} within `width` columns. */
export function renderCompare(r: CompareResult, o: { width: number }): string {
  const mark = (c: boolean | null) => (c === null ? "?" : c ? "yes" : "no");
  const lines = [
    ...wrapWidth(`input      ${cleanText(r.input)}  (task ${r.task})`, o.width),
    ...wrapWidth(
      `reference  ${
        r.reference === null
          ? "unknown (the task never produces this input, so correct is '?')"
          : cleanText(r.reference)
      }`,
      o.width,
    ),
    renderTable(
      ["", "model", "output", "correct", "ms"],
      r.rows.map((row) => [
        row.family,
        cleanText(row.model),
        cleanText(row.output) || "(nothing)",
        mark(row.correct),
        formatMs(row.ms),
      ]),
      { alignRight: [4], maxWidth: o.width },
    ),
  ];
  for (const m of r.missing) lines.push(...wrapWidth(`(${m})`, o.width));
  return lines.join("\n");
}
