/**
 * The attention grid, one renderer for run, attn, step, compare, pe, mask and the experiments:
 * row labels on the left (query / output tokens, Korean double-width aligned), column labels on
 * top (horizontal when they fit, else ticks, a diagonal or numbered header with a key), cells
 * as wide as the width allows, masked cells drawn apart from weights near 0, and a legend that
 * says what a row, a column and a color are. Never wider than `width`: columns that still do
 * not fit are averaged in groups (downsample) or paged, and a note says which. With color and
 * many rows, half blocks (`▀`) draw two rows per line.
 *
 *   cross-attention ... (rows: output steps, cols: source)
 *           나는   학생이다  <eos>
 *   I       [<>   ][      ][      ]  → 나는 0.82
 *   scale 0 ░▒▓█ 1  min 0.03, max 0.93
 *   rows: output step; columns: source token; <> each row's maximum
 */
import type { Palette } from "./color.ts";
import {
  type Colormap,
  colormapFor,
  type ColormapKind,
  extent,
  formatValue,
  rangeFor,
  type ValueRange,
} from "./colormap.ts";
import {
  cellNumber,
  type CellStyle,
  drawCell,
  drawHalfBlock,
  MASKED_MARK,
  maxMark,
} from "./grid_cells.ts";
import { fitCells } from "./grid_fit.ts";
import { columnHeader } from "./grid_header.ts";
import { gridMessages } from "./grid_messages.ts";
import { renderLegend } from "./legend.ts";
import { displayWidth, padEndWidth, showToken, truncateWidth, wrapWidth } from "./layout.ts";
import { type Bilingual, type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(gridMessages);

/** A matrix with a label per row and per column: values[row][col]; masked[row][col] true where a query may not attend. */
export interface HeatmapMatrix {
  rows: readonly string[];
  cols: readonly string[];
  values: readonly (readonly number[])[];
  masked?: readonly (readonly boolean[])[];
}

/** How to draw a {@link HeatmapMatrix}. */
export interface HeatmapOptions {
  palette: Palette;
  /** The widest a line may be, in terminal columns (the caller knows the terminal; render never asks). */
  width: number;
  /** Language of the legend and notes; default English. */
  lang?: Lang;
  /** A colormap or its kind. Default "sequential" (viridis). */
  colormap?: Colormap | ColormapKind;
  /** The values the colormap's ends stand for. Default: the data's extent (symmetric when diverging). */
  range?: ValueRange;
  /** A line above the grid. */
  title?: string;
  /** What a row and a column are, e.g. { rows: "output step", cols: "source token" }, for the legend. */
  axes?: { rows: string | Bilingual; cols: string | Bilingual };
  /** Print each value in its cell (digits; colored background when color is on). */
  showValues?: boolean;
  /** Mark each row's largest value, and name its column at the row's end when there is room. */
  argmax?: boolean;
  /** Two rows per line with `▀` when color is on: true, false, or "auto" (more than 32 rows). */
  halfBlock?: boolean | "auto";
  /** What to do with columns that do not fit: average them in groups (default) or page. */
  overflow?: "downsample" | "page";
  /** Page to show (1-based) when overflow is "page". */
  page?: number;
  /** How to reach another page, e.g. (p) => `use --page ${p}`. */
  pageHint?: (page: number) => string;
  /** Appended to the downsampling note, e.g. "use --json for every weight". */
  downsampleHint?: string;
}

/** Rows above which "auto" switches to half blocks. */
const HALF_BLOCK_ROWS = 32;
/** Longest row label, as a fraction of the width. */
const MAX_LABEL_FRACTION = 1 / 4;

/** Columns pooled by averaging: group g is original columns [starts[g], ends[g]). */
export interface PooledColumns {
  values: number[][];
  starts: number[];
  ends: number[];
}

/**
 * Average-pools the columns of `values` into `groups` consecutive groups of
 * near-equal size (the first columns go to group 0, and so on). The mean of
 * a row weighted by group sizes equals the mean of the original row.
 */
export function poolColumns(values: readonly (readonly number[])[], groups: number): PooledColumns {
  const n = values[0]?.length ?? 0;
  const g = Math.max(1, Math.min(groups, n));
  const starts: number[] = [];
  const ends: number[] = [];
  for (let k = 0; k < g; k++) {
    starts.push(Math.floor((k * n) / g));
    ends.push(Math.floor(((k + 1) * n) / g));
  }
  const pooled = values.map((row) =>
    starts.map((s, k) => {
      let sum = 0;
      for (let j = s; j < ends[k]; j++) sum += row[j];
      return sum / (ends[k] - s);
    })
  );
  return { values: pooled, starts, ends };
}

/** Index of the largest finite value of a row (the first on ties), -1 when none. */
export function argmaxOf(row: readonly number[]): number {
  let best = -1;
  for (let j = 0; j < row.length; j++) {
    if (Number.isFinite(row[j]) && (best < 0 || row[j] > row[best])) best = j;
  }
  return best;
}

/** A causal mask: query i may not attend to key j > i (decoder self-attention). */
export function causalMask(rows: number, cols: number): boolean[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => j > i));
}

/** Renders the matrix as terminal text, every line at most `options.width` columns. */
export function renderHeatmap(matrix: HeatmapMatrix, options: HeatmapOptions): string {
  checkShape(matrix);
  const width = Math.max(1, Math.floor(options.width));
  const lang = options.lang ?? "en";
  const lines: string[] = options.title ? wrapWidth(options.title, width) : [];
  if (matrix.rows.length === 0 || matrix.cols.length === 0) {
    return [...lines, say("grid.empty")[lang]].join("\n");
  }
  const map = typeof options.colormap === "object"
    ? options.colormap
    : colormapFor(options.colormap ?? "sequential");
  const masked = maskOf(matrix);
  const all = matrix.values.flatMap((row, i) => row.filter((_, j) => !masked[i][j]));
  const range = options.range ?? rangeFor(map.kind, all);
  const half = options.palette.level > 0 && !options.showValues &&
    (options.halfBlock === true ||
      (options.halfBlock === "auto" && matrix.rows.length > HALF_BLOCK_ROWS));
  const layout = planGrid(matrix, masked, options, width, half);
  const style: CellStyle = {
    map,
    range,
    palette: options.palette,
    cell: layout.cell,
    showValues: !!options.showValues,
    valueWidth: layout.minCell - 1,
  };
  for (const line of layout.header.lines) lines.push(" ".repeat(layout.prefix) + line);
  lines.push(...(half ? halfBlockRows(layout, style) : fullRows(matrix, layout, style)));
  lines.push(
    ...renderLegend({
      colormap: map,
      range,
      data: extent(all),
      palette: options.palette,
      width,
      lang,
    }),
  );
  lines.push(...wrapWidth(legendKey(options, layout, half, lang), width));
  if (layout.header.key) {
    lines.push(...wrapWidth(say("grid.key", { key: layout.header.key })[lang], width));
  }
  for (const note of layout.notes) lines.push(...wrapWidth(note, width));
  return lines.join("\n");
}

/** Everything about the grid's shape: labels, cells, the columns shown, header and notes. */
interface GridPlan {
  rowLabels: string[];
  labelWidth: number;
  prefix: number;
  cell: number;
  minCell: number;
  shown: PooledColumns;
  shownMask: boolean[][];
  header: ReturnType<typeof columnHeader>;
  /** Per row: the argmax group shown (or -1) and the note after the row ("" when none). */
  marked: number[];
  suffixes: string[];
  notes: string[];
}

function planGrid(
  m: HeatmapMatrix,
  masked: boolean[][],
  o: HeatmapOptions,
  width: number,
  half: boolean,
): GridPlan {
  const lang = o.lang ?? "en";
  const rowLabels = m.rows.map(showToken);
  const labelWidth = Math.min(
    Math.max(...rowLabels.map(displayWidth)),
    Math.max(2, Math.floor(width * MAX_LABEL_FRACTION)),
  );
  const prefix = labelWidth + 1;
  const argmax = o.argmax && !half
    ? m.values.map((row, i) => argmaxOf(row.map((v, j) => masked[i][j] ? NaN : v)))
    : [];
  const suffixes = m.rows.map((_, i) =>
    (argmax[i] ?? -1) < 0
      ? ""
      : `  → ${showToken(m.cols[argmax[i]])} ${formatValue(m.values[i][argmax[i]])}`
  );
  // A printed value, its argmax ">" and a space; else a single column.
  const minCell = o.showValues
    ? 2 + Math.max(...m.values.flat().map((v) => cellNumber(v).length))
    : 1;
  const colLabels = m.cols.map(showToken);
  const fit = fitCells({
    labelWidths: colLabels.map(displayWidth),
    prefix,
    width,
    minCell,
    suffix: Math.max(0, ...suffixes.map(displayWidth)),
  });
  const { shown, notes } = columnsShown(m.values, fit.fit, o, width, lang);
  const groupOf = (j: number) => shown.starts.findIndex((s, k) => j >= s && j < shown.ends[k]);
  const shownMask = masked.map((row) =>
    shown.starts.map((s, k) => row.slice(s, shown.ends[k]).every((x) => x))
  );
  const header = columnHeader(shown.starts.map((s) => colLabels[s]), fit.cell, width - prefix);
  return {
    rowLabels,
    labelWidth,
    prefix,
    cell: fit.cell,
    minCell,
    shown,
    shownMask,
    header,
    marked: m.rows.map((_, i) => (argmax[i] ?? -1) < 0 ? -1 : groupOf(argmax[i])),
    suffixes: fit.withSuffix ? suffixes : suffixes.map(() => ""),
    notes,
  };
}

/** All columns, one page of them, or averaged groups, with the note that says so. */
function columnsShown(
  values: readonly (readonly number[])[],
  fit: number,
  o: HeatmapOptions,
  width: number,
  lang: Lang,
): { shown: PooledColumns; notes: string[] } {
  const n = values[0].length;
  if (fit >= n) return { shown: poolColumns(values, n), notes: [] };
  if (o.overflow === "page") {
    const pages = Math.ceil(n / fit);
    const page = Math.min(pages, Math.max(1, Math.floor(o.page ?? 1)));
    const start = (page - 1) * fit;
    const end = Math.min(n, start + fit);
    const starts = Array.from({ length: end - start }, (_, k) => start + k);
    const next = page < pages ? page + 1 : 1;
    const hint = o.pageHint
      ? `; ${
        say(next > page ? "grid.nextPage" : "grid.firstPage", { hint: o.pageHint(next) })[lang]
      }`
      : "";
    const note = say("grid.paged", { start: start + 1, end, n, page, pages })[lang] + hint;
    return {
      shown: {
        values: values.map((r) => r.slice(start, end)),
        starts,
        ends: starts.map((s) => s + 1),
      },
      notes: [note],
    };
  }
  const shown = poolColumns(values, fit);
  const sizes = shown.ends.map((e, k) => e - shown.starts[k]);
  const lo = Math.min(...sizes), hi = Math.max(...sizes);
  const note = say("grid.pooled", {
    size: lo === hi ? lo : `${lo}-${hi}`,
    from: n,
    to: shown.starts.length,
    width,
  })[lang] + (o.downsampleHint ? `; ${o.downsampleHint}` : "");
  return { shown, notes: [note] };
}

/** One line per row: label, cells, and the argmax note when every row has room. */
function fullRows(m: HeatmapMatrix, g: GridPlan, s: CellStyle): string[] {
  return m.rows.map((_, i) => {
    let line = padEndWidth(truncateWidth(g.rowLabels[i], g.labelWidth), g.labelWidth) + " ";
    g.shown.values[i].forEach((v, k) => {
      line += drawCell(v, { masked: g.shownMask[i][k], marked: k === g.marked[i] }, s);
    });
    return line + g.suffixes[i];
  });
}

/** Two rows per line: the upper row's label, `▀` cells. */
function halfBlockRows(g: GridPlan, s: CellStyle): string[] {
  const lines: string[] = [];
  for (let i = 0; i < g.shown.values.length; i += 2) {
    let line = padEndWidth(truncateWidth(g.rowLabels[i], g.labelWidth), g.labelWidth) + " ";
    g.shown.values[i].forEach((v, k) => {
      const lower = i + 1 < g.shown.values.length
        ? { v: g.shown.values[i + 1][k], masked: g.shownMask[i + 1][k] }
        : undefined;
      line += drawHalfBlock({ v, masked: g.shownMask[i][k] }, lower, s);
    });
    lines.push(line);
  }
  return lines;
}

/** The legend's second line: what rows and columns are, and what the marks mean. */
function legendKey(
  o: HeatmapOptions,
  g: GridPlan,
  half: boolean,
  lang: Lang,
): string {
  const text = (x: string | Bilingual) => typeof x === "string" ? x : x[lang];
  const parts: string[] = [];
  if (o.axes) {
    parts.push(say("grid.axes", { rows: text(o.axes.rows), cols: text(o.axes.cols) })[lang]);
  }
  if (half) parts.push(say("grid.halfBlock")[lang]);
  else if (o.argmax) {
    parts.push(say("grid.rowMax", { mark: maxMark(g.cell, !!o.showValues) })[lang]);
  }
  if (g.shownMask.some((row) => row.some((x) => x))) {
    parts.push(say("grid.masked", { mark: MASKED_MARK })[lang]);
  }
  return parts.join("; ");
}

/** The mask: the matrix's own, plus every -Infinity (an additive mask drawn as is). */
function maskOf(m: HeatmapMatrix): boolean[][] {
  return m.values.map((row, i) =>
    row.map((v, j) => v === -Infinity || (m.masked?.[i]?.[j] ?? false))
  );
}

function checkShape(m: HeatmapMatrix): void {
  if (m.values.length !== m.rows.length) {
    throw new Error(
      `expected ${m.rows.length} rows of values (one per row label), got ${m.values.length}`,
    );
  }
  m.values.forEach((row, i) => {
    if (row.length !== m.cols.length) {
      throw new Error(
        `expected ${m.cols.length} values in row ${i} (one per column label), got ${row.length}`,
      );
    }
  });
}
