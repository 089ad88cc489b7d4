import Table from "cli-table3";
import { cleanText, displayWidth, truncateWidth, wrapWidth } from "./layout.ts";
import { formatMs } from "../measure/format.ts";
import { formatMessage, type Lang } from "../platform/i18n/messages.ts";
import { tableMessages } from "./table_messages.ts";

export { formatMs };

/** The narrowest a column is wrapped to before columns are dropped instead. */
const MIN_COLUMN = 4;

/** How {@link renderTable} lays a table out. */
export interface TableOptions {
  /** Columns whose cells are aligned right (numbers). */
  alignRight?: number[];
  /** The widest the table may be, in terminal columns. */
  maxWidth?: number;
  /** Language of the note that says which columns were left out (default English). */
  lang?: Lang;
}

/**
 * A plain box table. Styles are emptied so cli-table3 adds no color escapes
 * of its own: color is decided by the caller (chalk), never by the table.
 * With `maxWidth`, cells and headers are wrapped onto more lines (at spaces first, inside a
 * word only when a word is wider than the column) until the table fits, so nothing is cut and
 * two headers never shrink to the same text; if even narrow columns do not fit, the last
 * columns are dropped and a line under the table says which.
 */
export function renderTable(
  head: string[],
  rows: (string | number)[][],
  options: TableOptions = {},
): string {
  const right = new Set(options.alignRight ?? []);
  // Cells are plain text (names, paths, tokens): shown escaped, never raw.
  let cells = [head, ...rows.map((r) => r.map((cell) => cleanText(String(cell))))];
  let dropped: string[] = [];
  if (options.maxWidth !== undefined) {
    ({ cells, dropped } = fitColumns(cells, options.maxWidth, boxWidth));
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
  const columns = dropped.join(", ");
  const note = dropped.length === 1
    ? formatMessage(tableMessages, "table.dropped.one", { columns })
    : formatMessage(tableMessages, "table.dropped.many", { count: dropped.length, columns });
  return `${text}\n${wrapWidth(note[options.lang ?? "en"], options.maxWidth!).join("\n")}`;
}

/** Box table width for these column widths: "│ " + cell + " " per column, plus the last "│". */
function boxWidth(widths: number[]): number {
  return widths.reduce((s, w) => s + w + 3, 1);
}

/** The widest word of a cell: below it, wrapping has to break a word. */
function widestWord(cell: string): number {
  return Math.max(0, ...cell.split(/[ \n]/).map(displayWidth));
}

/**
 * Narrows columns until the table (as wide as `tableWidth` says for given column widths) fits
 * `maxWidth`: first down to each column's widest word
 * (wrapping at spaces), then the widest column down to MIN_COLUMN (breaking words); when even
 * that does not fit, the last column is dropped and the rest laid out again. The kept cells
 * are wrapped to their column's width.
 */
export function fitColumns(
  cells: string[][],
  maxWidth: number,
  tableWidth: (widths: number[]) => number,
): { cells: string[][]; dropped: string[] } {
  const of = (c: number, measure: (cell: string) => number) =>
    Math.max(1, ...cells.map((row) => measure(row[c] ?? "")));
  const natural = cells[0].map((_, c) => of(c, displayWidth));
  const words = cells[0].map((_, c) => of(c, widestWord));
  let columns = cells[0].length;
  let widths = natural;
  for (; columns >= 1; columns--) {
    widths = natural.slice(0, columns);
    narrow(widths, maxWidth, tableWidth, (c) => words[c]);
    narrow(widths, maxWidth, tableWidth, () => MIN_COLUMN);
    if (tableWidth(widths) <= maxWidth || columns === 1) break;
  }
  const dropped = cells[0].slice(columns);
  const fitted = cells.map((row) =>
    row.slice(0, columns).map((cell, c) =>
      wrapWidth(cell, widths[c]).map((line) => truncateWidth(line, widths[c])).join("\n")
    )
  );
  return { cells: fitted, dropped };
}

/** Takes a column off the widest column above its floor, until the table fits or none can give. */
function narrow(
  widths: number[],
  maxWidth: number,
  tableWidth: (widths: number[]) => number,
  floor: (c: number) => number,
): void {
  while (tableWidth(widths) > maxWidth) {
    let pick = -1;
    widths.forEach((w, c) => {
      if (w > floor(c) && (pick < 0 || w > widths[pick])) pick = c;
    });
    if (pick < 0) return;
    widths[pick] -= 1;
  }
}
