/**
 * A figure: what a view shows, described once, so that the terminal is not the only place it can
 * be drawn. A view that draws a grid, a strip or a chart also builds a Figure from the same data;
 * the writers (SVG, PNG, a self-contained HTML page, an inline terminal image) draw that Figure.
 * Nothing here knows about files or terminals: a Figure is plain data, easy to test.
 *
 * Colors come from the same colormaps as the terminal (render/colormaps.ts, colormap.ts): a
 * heatmap names its colormap and the range its ends stand for, and every writer maps a value to
 * the same RGB the terminal's 24-bit mode would print.
 */
import type { ColormapName } from "../colormaps.ts";

/** A sequential colormap a learner can pick, or the diverging blue-white-red of signed values. */
export type FigureColormap = ColormapName | "diverging";

/** A grid of colored cells with a label per row and column (attention, hidden states, lens...). */
export interface HeatmapPanel {
  kind: "heatmap";
  /** A line above the grid (e.g. "decoder self-attention, layer 1, head 2"). */
  title: string;
  /** What a row and a column are, e.g. { rows: "output step", cols: "source token" }. */
  axes: { rows: string; cols: string };
  rowLabels: readonly string[];
  colLabels: readonly string[];
  /** values[row][col]; null where the cell is masked (drawn as an empty, hatched cell). */
  values: readonly (readonly (number | null)[])[];
  colormap: FigureColormap;
  /** The values the colormap's ends stand for (symmetric around 0 when diverging). */
  range: { min: number; max: number };
  /** Optional text inside each cell (a value, a token); null for none. */
  cellText?: readonly (readonly (string | null)[])[];
  /** Cells to outline (each row's argmax, the lens's "top token is the next token"). */
  marks?: readonly (readonly boolean[])[];
  /** What the legend's color bar measures, e.g. "attention weight". */
  legend: string;
}

/** Lines over a shared x axis (training curves, experiments' measurements). */
export interface ChartPanel {
  kind: "chart";
  title: string;
  xLabel: string;
  yLabel: string;
  /** Log scale on an axis where the experiment's chart uses one. */
  logX?: boolean;
  logY?: boolean;
  series: readonly { name: string; points: readonly (readonly [number, number])[] }[];
}

/** Grouped horizontal bars, one group per label (e.g. p before and after an ablation). */
export interface BarsPanel {
  kind: "bars";
  title: string;
  labels: readonly string[];
  /** What a bar's length measures, e.g. "p(token)". */
  valueLabel: string;
  series: readonly { name: string; values: readonly number[] }[];
}

/** One drawing inside a figure. */
export type FigurePanel = HeatmapPanel | ChartPanel | BarsPanel;

/** What a view shows, ready for any writer. */
export interface Figure {
  /** The figure's heading (the command and its input, e.g. `run "나는 학생이다"`). */
  title: string;
  /** A second line: the model, the backend, what is being compared. */
  subtitle?: string;
  /** Panels side by side ("row") or one under another ("column", the default). */
  layout?: "row" | "column";
  panels: readonly FigurePanel[];
  /** Lines under the figure: the view's computed notes and legend sentences. */
  notes: readonly string[];
}
