/**
 * The `compare` view: the same input through an RNN, an RNN with attention
 * and a Transformer, one table row each: output, right or wrong against the
 * task's reference, and time.
 */
import type { CompareResult } from "../app/compare_models.ts";
import { cleanText, wrapWidth } from "./layout.ts";
import { formatMs, renderTable } from "./table.ts";
import { formatMessage, type Lang } from "../platform/i18n/messages.ts";
import { compareMessages } from "./compare_messages.ts";

/** Renders a {@link CompareResult} within `width` columns. */
export function renderCompare(r: CompareResult, o: { width: number; lang?: Lang }): string {
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
    ...(r.beyondTraining === null ? [] : wrapWidth(
      formatMessage(compareMessages, "compare.beyondTraining", { ...r.beyondTraining })[
        o.lang ?? "en"
      ],
      o.width,
    )),
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
