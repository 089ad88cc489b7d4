/**
 * The `compare` view: the same input through an RNN, an RNN with attention
 * and a Transformer, one row each: output, right or wrong against the
 * task's reference, and time. The outputs are what a learner compares, so
 * they are never cut: a table when it fits, else each output on lines of
 * its own under its model's row, wrapped at spaces.
 */
import type { CompareResult } from "../app/compare_models.ts";
import { formatMessage, type Lang } from "../platform/i18n/messages.ts";
import { renderColumns } from "./columns.ts";
import { cleanText, displayWidth, maxLineWidth, padEndWidth, wrapWidth } from "./layout.ts";
import { formatMs, renderTable } from "./table.ts";
import { compareViewMessages } from "./compare_view_messages.ts";

/** How to draw {@link renderCompare}. */
export interface CompareViewOptions {
  width: number;
  /** The session's language (default English). */
  lang?: Lang;
}

/** Renders a {@link CompareResult} within `width` columns. */
export function renderCompare(r: CompareResult, o: CompareViewOptions): string {
  const lang = o.lang ?? "en";
  const say = (id: keyof typeof compareViewMessages) => compareViewMessages[id][lang];
  const mark = (c: boolean | null) =>
    c === null ? "?" : c ? say("view.compare.yes") : say("view.compare.no");
  const labels = [say("view.compare.input"), say("view.compare.reference")];
  const labelWidth = Math.max(...labels.map(displayWidth)) + 2;
  const task = formatMessage(compareViewMessages, "view.compare.task", { task: r.task })[lang];
  const lines = [
    ...hanging(labels[0], `${cleanText(r.input)}  ${task}`, labelWidth, o.width),
    ...hanging(
      labels[1],
      r.reference === null ? say("view.compare.unknown") : cleanText(r.reference),
      labelWidth,
      o.width,
    ),
    ...(r.beyondTraining === null ? [] : wrapWidth(
      formatMessage(compareViewMessages, "view.compare.beyondTraining", {
        ...r.beyondTraining,
      })[lang],
      o.width,
    )),
  ];
  const rows = r.rows.map((row) => ({
    family: row.family,
    model: cleanText(row.model),
    output: cleanText(row.output) || say("view.compare.nothing"),
    correct: mark(row.correct),
    ms: formatMs(row.ms),
  }));
  const head = [
    "",
    say("view.compare.model"),
    say("view.compare.output"),
    say("view.compare.correct"),
    say("view.compare.ms"),
  ];
  const table = renderTable(
    head,
    rows.map((x) => [x.family, x.model, x.output, x.correct, x.ms]),
    { alignRight: [4] },
  );
  if (maxLineWidth(table) <= o.width) {
    lines.push(table);
  } else {
    // Too narrow for a table: the row without its output, then the output on its own lines.
    const stacked = renderColumns(
      [head[0], head[1], head[3], head[4]],
      rows.flatMap((x) => [
        { cells: [x.family, x.model, x.correct, x.ms] },
        { under: x.output },
      ]),
      { maxWidth: o.width, alignRight: [3] },
    );
    lines.push("", stacked);
  }
  if (rows.length > 0) lines.push(...wrapWidth(say("view.compare.warm"), o.width));
  for (const m of r.missing) lines.push(...wrapWidth(`(${m})`, o.width));
  return lines.join("\n");
}

/** `label  text`, the text wrapped under itself (a hanging indent) within `width`. */
function hanging(label: string, text: string, labelWidth: number, width: number): string[] {
  const room = Math.max(10, width - labelWidth);
  return wrapWidth(text, room).map((line, i) =>
    ((i === 0 ? padEndWidth(label, labelWidth) : " ".repeat(labelWidth)) + line).trimEnd()
  );
}
