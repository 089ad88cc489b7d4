/**
 * A HeatmapPanel from the same matrix and options the terminal's heatmap (heatmap.ts) draws:
 * the views build their figures through this, so the picture and the terminal agree on the
 * range (the same default: the data's extent, symmetric when diverging), the masked cells, the
 * row maxima marked, and the words.
 */
import { rangeFor, type ValueRange } from "../colormap.ts";
import { argmaxOf, type HeatmapMatrix } from "../heatmap.ts";
import { cellNumber } from "../grid_cells.ts";
import { showToken } from "../layout.ts";
import { type Bilingual, type Lang, messagesOf } from "../../platform/i18n/messages.ts";
import { attentionGrid, type GridSite } from "../attention_grid.ts";
import { figureMessages } from "./figure_messages.ts";
import type { FigureColormap, HeatmapPanel } from "./figure.ts";

/** What a panel needs beyond the matrix. */
export interface HeatmapPanelOptions {
  title: string;
  axes?: { rows: string | Bilingual; cols: string | Bilingual };
  colormap: FigureColormap;
  /** The colormap's ends; default as the terminal: the data's extent (symmetric if diverging). */
  range?: ValueRange;
  /** Outline each row's largest value (the terminal's `<>`). */
  argmax?: boolean;
  /** Each value written in its cell (`set values on`). */
  showValues?: boolean;
  legend: string;
  lang: Lang;
}

const say = messagesOf(figureMessages);

function word(text: string | Bilingual | undefined, lang: Lang): string {
  return text === undefined ? "" : typeof text === "string" ? text : text[lang];
}

/** The panel of `matrix`. */
export function heatmapPanel(matrix: HeatmapMatrix, o: HeatmapPanelOptions): HeatmapPanel {
  const values = matrix.values.map((row, i) =>
    row.map((v, j) => (matrix.masked?.[i]?.[j] ? null : v))
  );
  const visible = values.flat().filter((v): v is number => v !== null);
  const kind = o.colormap === "diverging" ? "diverging" : "sequential";
  const range = o.range ?? rangeFor(kind, visible);
  const marks = o.argmax
    ? values.map((row) => {
      const best = argmaxOf(row.map((v) => v ?? -Infinity));
      return row.map((_, j) => j === best);
    })
    : undefined;
  return {
    kind: "heatmap",
    title: o.title,
    axes: { rows: word(o.axes?.rows, o.lang), cols: word(o.axes?.cols, o.lang) },
    rowLabels: matrix.rows.map(showToken),
    colLabels: matrix.cols.map(showToken),
    values,
    colormap: o.colormap,
    range,
    cellText: o.showValues
      ? values.map((row) => row.map((v) => (v === null ? null : cellNumber(v))))
      : undefined,
    marks,
    legend: o.legend,
  };
}

/** How an attention matrix's panel looks: the session's colormap, values shown or not. */
export interface AttentionPanelStyle {
  colormap: FigureColormap;
  showValues?: boolean;
  lang: Lang;
}

/**
 * An attention matrix's panel as run, attn and step draw it: its site's axes and mask, weights
 * on the fixed range 0..1 (the same color is the same weight in every picture), each row's
 * maximum outlined.
 */
export function attentionPanel(
  site: GridSite | undefined,
  m: { rows: readonly string[]; cols: readonly string[]; weights: readonly (readonly number[])[] },
  title: string,
  style: AttentionPanelStyle,
  masked?: readonly (readonly boolean[])[],
): HeatmapPanel {
  const grid = attentionGrid(site, m);
  const matrix = masked === undefined ? grid.matrix : { ...grid.matrix, masked };
  return heatmapPanel(matrix, {
    ...style,
    title,
    axes: grid.axes,
    range: { min: 0, max: 1 },
    argmax: true,
    legend: say("figure.legend.weight")[style.lang],
  });
}
