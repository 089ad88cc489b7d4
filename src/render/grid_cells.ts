/**
 * One cell of a grid as terminal text, at every color level:
 * - a weight: its color as background (level 1-3) or a shade glyph repeated (level 0);
 * - a masked cell (the query may not attend there): no color at all and a dim `·` in the
 *   middle, so it never looks like a small weight (a weight of 0 is the colormap's low end);
 * - the row's maximum: `<>` (or `*` in a one-column cell) in the middle;
 * - with values on: the number centered, the maximum bold with a leading `>`.
 * Half-block cells show two rows in one line: `▀` with the upper row's color as foreground
 * and the lower row's as background.
 */
import { Palette, type Swatch } from "./color.ts";
import { type Colormap, formatValue, normalize, type ValueRange } from "./colormap.ts";
import { centerWidth, padStartWidth } from "./layout.ts";

/** The mark of a masked cell. */
export const MASKED_MARK = "·";

/** What every cell of one grid shares. */
export interface CellStyle {
  map: Colormap;
  range: ValueRange;
  palette: Palette;
  /** Columns per cell. */
  cell: number;
  showValues: boolean;
  /** Widest printed value (its ">" included), so numbers line up at their right end. */
  valueWidth?: number;
}

/** The mark of a row's maximum in cells of `cell` columns. */
export function maxMark(cell: number, showValues: boolean): string {
  return showValues ? ">" : cell >= 2 ? "<>" : "*";
}

/** A value as printed in a cell: 2 decimals for small numbers (.93), 3 significant digits else. */
export function cellNumber(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? "inf" : v < 0 ? "-inf" : "nan";
  if (Math.abs(v) < 10) return v.toFixed(2).replace(/^(-?)0\./, "$1.");
  return formatValue(v);
}

/** One cell: `masked` wins over everything, then the value (and `marked`, the row's maximum). */
export function drawCell(
  v: number,
  flags: { masked: boolean; marked: boolean },
  s: CellStyle,
): string {
  if (flags.masked) return s.palette.dim(centerWidth(MASKED_MARK, s.cell));
  const t = normalize(v, s.range);
  const bg: Swatch = s.map.swatchAt(t);
  if (s.showValues) {
    const text = flags.marked ? `>${cellNumber(v)}` : cellNumber(v);
    const right = Math.max(0, Math.floor((s.cell - (s.valueWidth ?? text.length)) / 2));
    const fitted = padStartWidth(text, s.cell - right) + " ".repeat(right);
    return s.palette.paint(fitted, { bg, fg: Palette.textOn(bg), bold: flags.marked });
  }
  const mark = maxMark(s.cell, false);
  if (s.palette.level === 0) {
    const fill = s.map.glyphAt(t).repeat(s.cell);
    return flags.marked ? overlay(fill, mark) : fill;
  }
  const text = flags.marked ? centerWidth(mark, s.cell) : " ".repeat(s.cell);
  return s.palette.paint(text, { bg, fg: Palette.textOn(bg), bold: flags.marked });
}

/**
 * Two rows in one cell (color levels 1-3 only): `▀` painted with the upper value's color on the
 * lower value's; a masked half stays uncolored; `lower` undefined below the last row.
 */
export function drawHalfBlock(
  upper: { v: number; masked: boolean },
  lower: { v: number; masked: boolean } | undefined,
  s: CellStyle,
): string {
  const swatch = (v: number) => s.map.swatchAt(normalize(v, s.range));
  const bottom = lower && !lower.masked ? swatch(lower.v) : undefined;
  if (upper.masked) {
    if (!bottom) return s.palette.dim(centerWidth(MASKED_MARK, s.cell));
    return s.palette.paint("▄".repeat(s.cell), { fg: bottom });
  }
  return s.palette.paint("▀".repeat(s.cell), { fg: swatch(upper.v), bg: bottom });
}

/** `fill` with `mark` written over its middle (same width). */
function overlay(fill: string, mark: string): string {
  const chars = [...fill];
  if (chars.length <= mark.length) return mark.slice(0, chars.length);
  const at = Math.floor((chars.length - mark.length) / 2);
  return chars.slice(0, at).join("") + mark + chars.slice(at + mark.length).join("");
}
