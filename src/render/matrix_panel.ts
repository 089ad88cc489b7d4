/**
 * A labelled matrix as a figure's heatmap panel, read the way the terminal grid (heatmap.ts)
 * reads it: the same row and column labels (showToken), masked cells (the matrix's mask and
 * every -Infinity) left empty, the same range (given, else the unmasked values' extent,
 * symmetric around 0 when diverging) and each row's largest unmasked cell marked when the grid
 * marks it. The figures of rollout, saliency and the experiments' grids are built with it.
 */
import type { FigureColormap, HeatmapPanel } from "./figure/figure.ts";
import { rangeFor, type ValueRange } from "./colormap.ts";
import { argmaxOf, type HeatmapMatrix } from "./heatmap.ts";
import { showToken } from "./layout.ts";
import type { Bilingual, Lang } from "../platform/i18n/messages.ts";

/** What the panel says around the matrix. */
export interface MatrixPanelOptions {
  title: string;
  /** What a row and a column are (empty strings when the view names none). */
  axes?: { rows: string | Bilingual; cols: string | Bilingual };
  colormap: FigureColormap;
  /** The values the colormap's ends stand for (default: as the terminal grid picks them). */
  range?: ValueRange;
  /** Outline each row's largest cell (the grid's argmax mark). */
  argmax: boolean;
  /** What the color bar measures. */
  legend: string;
  lang: Lang;
}

/** The heatmap panel of `matrix`. */
export function matrixPanel(matrix: HeatmapMatrix, o: MatrixPanelOptions): HeatmapPanel {
  const masked = matrix.values.map((row, i) =>
    row.map((v, j) => v === -Infinity || (matrix.masked?.[i]?.[j] ?? false))
  );
  const values = matrix.values.map((row, i) => row.map((v, j) => (masked[i][j] ? null : v)));
  const shown = values.flat().filter((v): v is number => v !== null);
  const range = o.range ?? rangeFor(o.colormap === "diverging" ? "diverging" : "sequential", shown);
  const text = (x: string | Bilingual | undefined) =>
    x === undefined ? "" : typeof x === "string" ? x : x[o.lang];
  const panel: HeatmapPanel = {
    kind: "heatmap",
    title: o.title,
    axes: { rows: text(o.axes?.rows), cols: text(o.axes?.cols) },
    rowLabels: matrix.rows.map(showToken),
    colLabels: matrix.cols.map(showToken),
    values,
    colormap: o.colormap,
    range: { min: range.min, max: range.max },
    legend: o.legend,
  };
  if (!o.argmax) return panel;
  const best = values.map((row) => argmaxOf(row.map((v) => v ?? NaN)));
  return { ...panel, marks: values.map((row, i) => row.map((_, j) => j === best[i])) };
}
