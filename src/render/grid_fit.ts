/**
 * How wide a grid's cells are and which columns it shows, for a given terminal width:
 * cells as wide as the width allows (up to MAX_CELL, or the widest label plus a margin) so
 * that column labels read horizontally (in one line, else staggered over two); else cells that at least fit every column with a
 * diagonal or numbered header; else the narrowest cells and the columns paged or averaged.
 */

import { staggerFits } from "./grid_header.ts";

/** Widest cell: wider cells only stretch the picture (a terminal cell is twice as tall as wide). */
export const MAX_CELL = 14;

/** What the fit depends on. */
export interface FitInput {
  /** Display widths of the column labels. */
  labelWidths: readonly number[];
  /** Columns left of the cells (row labels and a space). */
  prefix: number;
  width: number;
  /** Narrowest cell that shows a cell's content (a printed value and a space), else 1. */
  minCell: number;
  /** Columns the per-row argmax note needs after the grid; 0 for none. */
  suffix: number;
}

/** The chosen cell width, whether every column fits, and whether the row notes fit after it. */
export interface Fit {
  cell: number;
  /** Columns shown at once (all of them, or a page / the number of averaged groups). */
  fit: number;
  withSuffix: boolean;
}

/** Picks the cell width: horizontal labels first, then every column, then the narrowest cells. */
export function fitCells(o: FitInput): Fit {
  const n = Math.max(1, o.labelWidths.length);
  const widest = Math.max(0, ...o.labelWidths);
  const least = Math.max(1, o.minCell);
  const target = Math.max(least, 2, Math.min(MAX_CELL, widest + 2));
  const across = (room: number) => Math.min(target, Math.floor(room / n));
  const horizontal = Math.max(least, widest + 1);
  // 1. Labels horizontal in one line or staggered over two, with and then without the row notes.
  for (const suffix of o.suffix > 0 ? [o.suffix, 0] : [0]) {
    const room = o.width - o.prefix - suffix;
    const cell = across(room);
    if (cell >= horizontal) return { cell, fit: n, withSuffix: suffix > 0 };
    if (cell >= Math.max(least, 2) && staggerFits(o.labelWidths, cell, room)) {
      return { cell, fit: n, withSuffix: suffix > 0 };
    }
  }
  // 2. Every column, with a diagonal or numbered header.
  for (const suffix of o.suffix > 0 ? [o.suffix, 0] : [0]) {
    const cell = across(o.width - o.prefix - suffix);
    if (cell >= Math.max(least, 2)) return { cell, fit: n, withSuffix: suffix > 0 };
  }
  const cell = across(o.width - o.prefix);
  if (cell >= least) return { cell, fit: n, withSuffix: false };
  // 3. The narrowest cells, and as many columns as fit.
  return {
    cell: least,
    fit: Math.max(1, Math.floor((o.width - o.prefix) / least)),
    withSuffix: false,
  };
}
