/**
 * Two attention-like grids over the same tokens, drawn with the attention-grid renderer
 * (attention_grid.ts, heatmap.ts): side by side when the terminal holds both with every column
 * at a readable width (grid_fit.ts decides, as it does for one grid), else one under the
 * other at the full width. `rollout` and `saliency` compare two grids cell for cell; side by
 * side the eye does the comparison row by row.
 */
import type { Palette } from "./color.ts";
import type { Colormap } from "./colormap.ts";
import { attentionGrid, type GridSite } from "./attention_grid.ts";
import { cellNumber } from "./grid_cells.ts";
import { fitCells } from "./grid_fit.ts";
import { renderHeatmap } from "./heatmap.ts";
import { displayWidth, padEndWidth, showToken, wrapWidth } from "./layout.ts";
import type { Lang } from "../platform/i18n/messages.ts";

/** One grid of the pair: its matrix, title and which site's mask and axes it takes. */
export interface PairedGrid {
  title: string;
  site: GridSite | undefined;
  rows: readonly string[];
  cols: readonly string[];
  weights: readonly (readonly number[])[];
}

/** How to draw the pair. */
export interface GridPairOptions {
  palette: Palette;
  width: number;
  colormap?: Colormap;
  showValues?: boolean;
  lang: Lang;
  /** Appended to a note that columns were averaged to fit. */
  downsampleHint?: string;
}

/** Columns between the two grids. */
const GAP = 3;
/** A heatmap's row labels take at most this share of its width (as heatmap.ts). */
const MAX_LABEL_FRACTION = 1 / 4;

/** The two grids side by side when both fit at half the width, else stacked. */
export function renderGridPair(a: PairedGrid, b: PairedGrid, o: GridPairOptions): string {
  const half = Math.floor((o.width - GAP) / 2);
  if (fitsWhole(a, half, o) && fitsWhole(b, half, o)) {
    // Titles wrapped apart, the shorter padded, so that the two grids' rows line up.
    const titles = [wrapWidth(a.title, half), wrapWidth(b.title, half)];
    const tall = Math.max(titles[0].length, titles[1].length);
    const block = (g: PairedGrid, title: string[]) => [
      ...title,
      ...new Array<string>(tall - title.length).fill(""),
      ...draw({ ...g, title: "" }, half, o).split("\n"),
    ];
    const left = block(a, titles[0]);
    const right = block(b, titles[1]);
    const height = Math.max(left.length, right.length);
    return Array.from(
      { length: height },
      (_, i) => (padEndWidth(left[i] ?? "", half) + " ".repeat(GAP) + (right[i] ?? "")).trimEnd(),
    )
      .join("\n");
  }
  return [draw(a, o.width, o), "", draw(b, o.width, o)].join("\n");
}

/**
 * True when `g` shows every row label whole and every column at least two terminal columns
 * wide within `width`.
 */
export function fitsWhole(g: PairedGrid, width: number, o: Pick<GridPairOptions, "showValues">) {
  const widest = Math.max(0, ...g.rows.map((r) => displayWidth(showToken(r))));
  const labelRoom = Math.max(2, Math.floor(width * MAX_LABEL_FRACTION));
  if (widest > labelRoom) return false; // the heatmap would cut the row labels
  const fit = fitCells({
    labelWidths: g.cols.map((c) => displayWidth(showToken(c))),
    prefix: widest + 1,
    width,
    minCell: o.showValues ? 2 + Math.max(...g.weights.flat().map((v) => cellNumber(v).length)) : 1,
    suffix: 0,
  });
  return fit.fit >= g.cols.length && fit.cell >= 2;
}

function draw(g: PairedGrid, width: number, o: GridPairOptions): string {
  const grid = attentionGrid(g.site, g);
  return renderHeatmap(grid.matrix, {
    palette: o.palette,
    lang: o.lang,
    axes: grid.axes,
    width,
    colormap: o.colormap ?? "sequential",
    range: { min: 0, max: 1 }, // distributions: one color means one weight in both grids
    argmax: true,
    halfBlock: "auto",
    showValues: o.showValues,
    title: g.title || undefined,
    downsampleHint: o.downsampleHint,
  });
}
