/**
 * Hidden-state strips: a vector as one row of colored cells (diverging blue-white-red: white
 * is 0), its own [min, max] always at the end, several strips stacked with labels on one
 * shared scale, so that step t and step t+1 of an RNN can be compared cell by cell. With color,
 * each column holds two units (`▌`: left unit as foreground, right unit as background), so 64
 * units fit 32 columns. When units must still be averaged, panels that pass the same `cells`
 * are averaged into the same groups: column k is the same units in the encoder and the decoder.
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
import { gridMessages } from "./grid_messages.ts";
import { poolColumns } from "./heatmap.ts";
import { renderLegend } from "./legend.ts";
import { displayWidth, padEndWidth, showToken, truncateWidth, wrapWidth } from "./layout.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(gridMessages);

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
  /** Language of the legend and notes; default English. */
  lang?: Lang;
  /** Default the diverging map. */
  colormap?: Colormap;
  /** The values at the colormap's ends. Default symmetric around 0 over all strips. */
  range?: ValueRange;
  /** A line above the strips. */
  title?: string;
  /** Units after averaging (see stripCells); panels compared side by side pass the same. */
  cells?: number;
}

/** The widest `[min, max]` note of these strips. */
export function rangeNoteWidth(strips: readonly Strip[]): number {
  return Math.max(0, ...strips.map((s) => displayWidth(rangeNote(s.values))));
}

/**
 * How many cells (averaged units) strips of `units` values get in `width` columns after a
 * label of `labelWidth` and range notes of `noteWidth`: every unit when it fits (two per column
 * with color), else one group per column.
 */
export function stripCells(
  o: { units: number; width: number; labelWidth: number; noteWidth: number; halves: boolean },
): number {
  const room = Math.max(1, o.width - o.labelWidth - 1 - o.noteWidth);
  return Math.min(o.units, o.halves ? 2 * room : room);
}

/** Renders the strips, every line at most `options.width` columns. */
export function renderStrips(strips: readonly Strip[], options: StripOptions): string {
  const { palette } = options;
  const lang = options.lang ?? "en";
  const width = Math.max(1, Math.floor(options.width));
  const map = options.colormap ?? colormapFor("diverging");
  const lines: string[] = options.title ? wrapWidth(options.title, width) : [];
  if (strips.length === 0) return [...lines, say("strip.empty")[lang]].join("\n");
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
  const labels = strips.map((s) => showToken(s.label));
  const labelWidth = Math.min(
    Math.max(...labels.map(displayWidth)),
    Math.max(2, Math.floor(width / 4)),
  );
  const halves = palette.level > 0;
  const cells = Math.min(
    units,
    options.cells ??
      stripCells({ units, width, labelWidth, noteWidth: rangeNoteWidth(strips), halves }),
  );
  const rows = cells < units
    ? poolColumns(strips.map((s) => s.values), cells).values
    : strips.map((s) => [...s.values]);
  const paint = (row: number[]) =>
    halves
      ? halfCells(row, map, range, palette)
      : row.map((v) => map.glyphAt(normalize(v, range))).join("");
  rows.forEach((row, i) => {
    const label = padEndWidth(truncateWidth(labels[i], labelWidth), labelWidth);
    lines.push(`${label} ${paint(row)}${rangeNote(strips[i].values)}`);
  });
  lines.push(...renderLegend({ colormap: map, range, data: extent(all), palette, width, lang }));
  const notes = [say("strip.range")[lang]];
  if (halves) notes.push(say("strip.halves")[lang]);
  if (cells < units) {
    const lo = Math.floor(units / cells), hi = Math.ceil(units / cells);
    notes.push(
      say("strip.pooled", {
        size: lo === hi ? lo : `${lo}-${hi}`,
        from: units,
        to: cells,
        width,
      })[lang],
    );
  }
  lines.push(...wrapWidth(notes.join("; "), width));
  return lines.join("\n");
}

/** `  [min, max]` of one strip (its own values, before any averaging). */
function rangeNote(values: readonly number[]): string {
  const e = extent(values);
  return `  [${formatValue(e.min)}, ${formatValue(e.max)}]`;
}

/** Two values per column: `▌` in the left value's color on the right value's. */
function halfCells(row: number[], map: Colormap, range: ValueRange, palette: Palette): string {
  let out = "";
  for (let k = 0; k < row.length; k += 2) {
    const fg = map.swatchAt(normalize(row[k], range));
    const bg = k + 1 < row.length ? map.swatchAt(normalize(row[k + 1], range)) : undefined;
    out += palette.paint("▌", { fg, bg });
  }
  return out;
}
