/**
 * Hidden-state strips: a vector as one row of colored cells (one terminal
 * column per unit, diverging blue-white-red: white is 0), its range at the
 * end, and several strips stacked with labels on one shared scale, so that
 * step t and step t+1 of an RNN can be compared cell by cell.
 *
 *   h1  ··++#=--·+  [-0.91, 0.87]
 *   h2  ·-+##=-··+  [-0.95, 0.93]
 *   scale -1 [==--··++##] 1  min -0.95, max 0.93
 */
import type { Palette } from "./color.ts";
import {
  type Colormap,
  colormapFor,
  extent,
  formatValue,
  normalize,
  rangeFor,
  type ValueRange,
} from "./colormap.ts";
import { poolColumns } from "./heatmap.ts";
import { renderLegend } from "./legend.ts";
import { displayWidth, padEndWidth, showToken, truncateWidth, wrapWidth } from "./layout.ts";

/** One labeled vector, e.g. the hidden state after step t. */
export interface Strip {
  label: string;
  values: readonly number[];
}

/** How to draw {@link renderStrips}. */
export interface StripOptions {
  palette: Palette;
  /** The widest a line may be, in terminal columns. */
  width: number;
  /** Default the diverging map. */
  colormap?: Colormap;
  /** The values at the colormap's ends. Default symmetric around 0 over all strips. */
  range?: ValueRange;
  /** A line above the strips. */
  title?: string;
}

/** Renders the strips, every line at most `options.width` columns. */
export function renderStrips(strips: readonly Strip[], options: StripOptions): string {
  const { palette } = options;
  const width = Math.max(1, Math.floor(options.width));
  const map = options.colormap ?? colormapFor("diverging");
  const lines: string[] = [];
  if (options.title) lines.push(...wrapWidth(options.title, width));
  if (strips.length === 0) {
    lines.push("(no states)");
    return lines.join("\n");
  }
  const units = strips[0].values.length;
  strips.forEach((s, i) => {
    if (s.values.length !== units) {
      throw new Error(
        `expected every strip to have ${units} values, got ${s.values.length} in strip ${i}`,
      );
    }
  });
  const all = strips.flatMap((s) => [...s.values]);
  const range = options.range ?? rangeFor(map.kind, all);

  // 1. Labels take at most a quarter of the width; cells one column per unit (or per group).
  const labels = strips.map((s) => showToken(s.label));
  const labelWidth = Math.min(
    Math.max(...labels.map(displayWidth)),
    Math.max(2, Math.floor(width / 4)),
  );
  const room = Math.max(1, width - labelWidth - 1);
  const pooled = units > room ? poolColumns(strips.map((s) => s.values), room) : null;
  const rows = pooled ? pooled.values : strips.map((s) => [...s.values]);

  // 2. Each strip's own range at the end when every strip has room for it.
  const ranges = strips.map((s) => {
    const e = extent(s.values);
    return `  [${formatValue(e.min)}, ${formatValue(e.max)}]`;
  });
  const cells = rows[0].length;
  const withRange = labelWidth + 1 + cells + Math.max(...ranges.map(displayWidth)) <= width;
  rows.forEach((row, i) => {
    let line = padEndWidth(truncateWidth(labels[i], labelWidth), labelWidth) + " ";
    for (const v of row) {
      const t = normalize(v, range);
      line += palette.level === 0 ? map.glyphAt(t) : palette.paint(" ", { bg: map.swatchAt(t) });
    }
    if (withRange) line += ranges[i];
    lines.push(line);
  });

  // 3. Legend and, when units were pooled, a note.
  lines.push(...renderLegend({ colormap: map, range, data: extent(all), palette, width }));
  if (pooled) {
    lines.push(
      ...wrapWidth(
        `units averaged in groups of ${Math.floor(units / cells)}-${
          Math.ceil(units / cells)
        } (${units} -> ${cells}) to fit ${width} columns`,
        width,
      ),
    );
  }
  return lines.join("\n");
}
