import Table from "cli-table3";
import { cleanText, displayWidth, truncateWidth } from "./layout.ts";

/** The narrowest a column is truncated to before columns are dropped instead. */
const MIN_COLUMN = 4;

/**
 * A plain box table. Styles are emptied so cli-table3 adds no color escapes
 * of its own: color is decided by the caller (chalk), never by the table.
 * With `maxWidth`, the widest column is truncated (cells end with "…") until
 * the table fits; if even narrow columns do not fit, the last columns are
 * dropped and a line under the table says which.
 */
export function renderTable(
  head: string[],
  rows: (string | number)[][],
  options: { alignRight?: number[]; maxWidth?: number } = {},
): string {
  const right = new Set(options.alignRight ?? []);
  // Cells are plain text (names, paths, tokens): shown escaped, never raw.
  let cells = [head, ...rows.map((r) => r.map((cell) => cleanText(String(cell))))];
  let dropped: string[] = [];
  if (options.maxWidth !== undefined) {
    ({ cells, dropped } = fitColumns(cells, options.maxWidth));
  }
  const [shownHead, ...shownRows] = cells;
  const table = new Table({
    head: shownHead,
    style: { head: [], border: [], compact: false },
    colAligns: shownHead.map((_, i) => (right.has(i) ? "right" : "left")),
  });
  for (const row of shownRows) table.push(row);
  const text = table.toString();
  if (dropped.length === 0) return text;
  return `${text}\n${
    truncateWidth(
      `(${dropped.length} column${dropped.length === 1 ? "" : "s"} left out to fit: ${
        dropped.join(", ")
      })`,
      options.maxWidth!,
    )
  }`;
}

/** Table width for these column widths: "│ " + cell + " " per column, plus the last "│". */
function tableWidth(widths: number[]): number {
  return widths.reduce((s, w) => s + w + 3, 1);
}

/** Truncates the widest column, then drops trailing columns, until the table fits `maxWidth`. */
function fitColumns(cells: string[][], maxWidth: number): { cells: string[][]; dropped: string[] } {
  let columns = cells[0].length;
  const natural = (c: number) => Math.max(...cells.map((row) => displayWidth(row[c] ?? "")));
  let widths = Array.from({ length: columns }, (_, c) => natural(c));
  while (tableWidth(widths) > maxWidth) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] > MIN_COLUMN) {
      widths[widest] -= 1;
    } else if (columns > 1) {
      columns -= 1;
      widths = widths.slice(0, columns);
    } else {
      break;
    }
  }
  const dropped = cells[0].slice(columns);
  const fitted = cells.map((row) =>
    row.slice(0, columns).map((cell, c) => truncateWidth(cell, widths[c]))
  );
  return { cells: fitted, dropped };
}

/** A duration in ms with sensible precision: 0.0123, 1.23, 12.3, 123. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toPrecision(3);
}
