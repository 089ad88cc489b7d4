/**
 * A compact table without a box: a header line, rows one under the other (no separator
 * between them), columns two spaces apart, and group headings between runs of rows. Cells
 * wrap within their column when the table would be wider than the terminal (table.ts's
 * fitting: at spaces first, nothing cut), so a narrow terminal gets taller rows, not lost text.
 */
import { cleanText, displayWidth, padEndWidth, padStartWidth, wrapWidth } from "./layout.ts";
import { fitColumns } from "./table.ts";

/**
 * A row of cells (with a mark in the indent, e.g. "*" for the current one), a heading that
 * starts a group (after a blank line), or a line of text under the row above it ("  → text",
 * wrapped under itself).
 */
export type ColumnRow =
  | { cells: string[]; mark?: string }
  | { heading: string }
  | { under: string };

/** How {@link renderColumns} lays its rows out. */
export interface ColumnsOptions {
  /** Columns whose cells are aligned right (numbers). */
  alignRight?: number[];
  /** The widest a line may be, in terminal columns. */
  maxWidth: number;
  /** Columns a row is indented by (room for a mark in front of the first cell). */
  indent?: number;
}

const GAP = 2;

/** Columns `head` and `rows` take without wrapping (indent and gaps included). */
export function naturalColumnsWidth(
  head: readonly string[],
  rows: readonly ColumnRow[],
  indent = 0,
): number {
  const cellRows = rows.flatMap((r) => ("cells" in r ? [r.cells] : []));
  const widths = head.map((h, c) =>
    Math.max(displayWidth(h), ...cellRows.map((row) => displayWidth(cleanText(row[c] ?? ""))))
  );
  return indent + widths.reduce((s, w) => s + w, 0) + GAP * (widths.length - 1);
}

/** Renders `head` and `rows` as aligned columns within `options.maxWidth`. */
export function renderColumns(
  head: readonly string[],
  rows: readonly ColumnRow[],
  options: ColumnsOptions,
): string {
  const indent = options.indent ?? 0;
  const right = new Set(options.alignRight ?? []);
  const cellRows = rows.flatMap((r) => ("cells" in r ? [r.cells.map(cleanText)] : []));
  const { cells } = fitColumns(
    [[...head], ...cellRows],
    options.maxWidth,
    (widths) => indent + widths.reduce((s, w) => s + w, 0) + GAP * (widths.length - 1),
  );
  const widths = cells[0].map((_, c) =>
    Math.max(...cells.map((row) => Math.max(...row[c].split("\n").map((l) => displayWidth(l)))))
  );
  const line = (row: string[], lead: string) => {
    const split = row.map((cell) => cell.split("\n"));
    const height = Math.max(...split.map((lines) => lines.length));
    return Array.from({ length: height }, (_, i) =>
      (i === 0 ? lead : " ".repeat(indent)) +
      split.map((lines, c) => {
        const text = lines[i] ?? "";
        return right.has(c) ? padStartWidth(text, widths[c]) : padEndWidth(text, widths[c]);
      }).join(" ".repeat(GAP)).trimEnd());
  };
  const out = line(cells[0], " ".repeat(indent));
  let next = 1;
  for (const row of rows) {
    if ("under" in row) {
      const lines = wrapWidth(cleanText(row.under), Math.max(10, options.maxWidth - 4));
      out.push(...lines.map((l, i) => (i === 0 ? "  → " : "    ") + l));
      continue;
    }
    if ("heading" in row) {
      if (next > 1) out.push(""); // a blank line closes the group above
      out.push(...wrapWidth(cleanText(row.heading), options.maxWidth));
      continue;
    }
    out.push(...line(cells[next++], padEndWidth(row.mark ?? "", indent)));
  }
  return out.join("\n");
}
