/**
 * The column header of a grid, chosen by what fits cells of `cell` columns:
 * - horizontal: every label fits its cell with a space to spare (centered above it);
 * - staggered: labels on two lines, every other one on the second, each centered over its cell
 *   and free to spread over its neighbours' (which are on the other line);
 * - ticks: numeric labels (positions, dimensions) too wide for every cell are written every
 *   k-th column, k the smallest of 1, 2, 4, 5, 8, 10, ... that leaves a space between them,
 *   so `10 11 12` never becomes `101112`;
 * - diagonal: up to MAX_DIAGONAL labels, each on its own line starting above its column, with
 *   a guide `│` down to the grid for the columns already named (Korean words stay whole);
 * - numbered: column numbers (vertical digits when a cell is one column) and a key
 *   "1 나는 · 2 어제 ..." that the grid prints under its legend.
 */
import { centerWidth, displayWidth, graphemes, padEndWidth } from "./layout.ts";

/** Most labels a diagonal header takes (one line each). */
export const MAX_DIAGONAL = 10;

/** Header lines (without the row-label margin) and, for a numbered header, the key. */
export interface ColumnHeader {
  style: "horizontal" | "staggered" | "ticks" | "diagonal" | "numbered";
  lines: string[];
  /** "1 나는 · 2 어제": which label each number stands for. */
  key?: string;
}

/** The header for `labels` above cells `cell` columns wide, lines at most `room` columns. */
export function columnHeader(labels: readonly string[], cell: number, room: number): ColumnHeader {
  const widths = labels.map(displayWidth);
  const spare = cell === 1 ? 0 : 1; // one-column cells hold one-character labels, side by side
  if (widths.every((w) => w <= cell - spare)) {
    return {
      style: "horizontal",
      lines: [labels.map((l) => centerWidth(l, cell)).join("").trimEnd()],
    };
  }
  if (labels.every((l) => /^-?\d+$/.test(l))) {
    const ticks = tickLine(labels, cell, room);
    if (ticks) return { style: "ticks", lines: [ticks] };
  }
  if (staggerFits(widths, cell, room)) {
    return { style: "staggered", lines: [0, 1].map((line) => staggeredLine(labels, cell, line)) };
  }
  if (
    labels.length <= MAX_DIAGONAL &&
    widths.every((w, k) => k * cell + Math.floor((cell - 1) / 2) + w <= room)
  ) {
    return { style: "diagonal", lines: diagonalLines(labels, cell) };
  }
  const numbers = labels.map((_, k) => String(k + 1));
  const key = labels.map((l, k) => `${k + 1} ${l}`).join(" · ");
  if (numbers.every((n) => n.length <= cell - spare)) {
    return {
      style: "numbered",
      lines: [numbers.map((n) => centerWidth(n, cell)).join("").trimEnd()],
      key,
    };
  }
  return { style: "numbered", lines: verticalDigits(numbers, cell), key };
}

/** Where a label centered over cell k starts (it may start left of its cell). */
function centeredStart(k: number, cell: number, w: number): number {
  return k * cell + Math.floor((cell - w) / 2);
}

/** True when labels on two alternating lines, centered over their cells, leave a space between. */
export function staggerFits(widths: readonly number[], cell: number, room: number): boolean {
  if (widths.length < 2) return false;
  return widths.every((w, k) => {
    const start = centeredStart(k, cell, w);
    const next = k + 2 < widths.length ? centeredStart(k + 2, cell, widths[k + 2]) : room + 1;
    return start >= 0 && start + w < next && start + w <= room;
  });
}

/** Line `line` (0 or 1) of a staggered header: labels k = line, line + 2, ... */
function staggeredLine(labels: readonly string[], cell: number, line: number): string {
  let text = "";
  for (let k = line; k < labels.length; k += 2) {
    text = padEndWidth(text, centeredStart(k, cell, displayWidth(labels[k]))) + labels[k];
  }
  return text;
}

/** Every k-th numeric label at its column's start, with at least one space between; null when none fits. */
function tickLine(labels: readonly string[], cell: number, room: number): string | null {
  const widest = Math.max(...labels.map((l) => l.length));
  for (const k of [1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100]) {
    if (k * cell < widest + 1) continue;
    let line = "";
    for (let j = 0; j < labels.length; j += k) {
      if (j * cell + labels[j].length > room) break; // the last label would run off the line
      line = padEndWidth(line, j * cell) + labels[j];
    }
    return line;
  }
  return null;
}

/** Label k on line k, above its column; `│` under the labels already written. */
function diagonalLines(labels: readonly string[], cell: number): string[] {
  const at = (k: number) => k * cell + Math.floor((cell - 1) / 2); // the column's middle
  return labels.map((label, k) => {
    let line = "";
    for (let j = 0; j < k; j++) line = padEndWidth(line, at(j)) + "│";
    return padEndWidth(line, at(k)) + label;
  });
}

/** Numbers written downwards, one digit per line, in cells of `cell` columns. */
function verticalDigits(numbers: readonly string[], cell: number): string[] {
  const height = Math.max(...numbers.map((n) => n.length));
  const lines: string[] = [];
  for (let r = 0; r < height; r++) {
    lines.push(
      numbers.map((n) => padEndWidth(graphemes(n.padStart(height))[r].trim(), cell)).join("")
        .trimEnd(),
    );
  }
  return lines;
}
