/**
 * A labeled heatmap grid: row labels on the left, column labels on top
 * (horizontal when they fit the cells, else vertical, else numbered with a
 * key), one or two terminal columns per matrix cell (or a printed value), a
 * marker on each row's largest cell, and a legend with the color scale and
 * the true minimum and maximum. The grid is never wider than `width`: extra
 * columns are averaged in groups (downsample) or split into pages, and a
 * note line says which.
 *
 *   rows: output steps    cols: source tokens
 *            나 학 <
 *            는 생 e
 *               이 o
 *               다 s
 *   I        <>▒▒░░   → 나는 0.81
 */
import { type Palette, Palette as PaletteClass, type Swatch } from "./color.ts";
import {
  type Colormap,
  colormapFor,
  type ColormapKind,
  extent,
  formatValue,
  normalize,
  rangeFor,
  type ValueRange,
} from "./colormap.ts";
import { renderLegend } from "./legend.ts";
import {
  displayWidth,
  graphemes,
  padEndWidth,
  padStartWidth,
  showToken,
  truncateWidth,
  wrapWidth,
} from "./layout.ts";

/** A matrix with a label per row and per column: values[row][col]. */
export interface HeatmapMatrix {
  rows: readonly string[];
  cols: readonly string[];
  values: readonly (readonly number[])[];
}

/** How to draw a {@link HeatmapMatrix}. */
export interface HeatmapOptions {
  palette: Palette;
  /** The widest a line may be, in terminal columns. */
  width: number;
  /** A colormap or its kind. Default "sequential" (viridis). */
  colormap?: Colormap | ColormapKind;
  /** The values the colormap's ends stand for. Default: the data's extent (symmetric when diverging). */
  range?: ValueRange;
  /** A line above the grid. */
  title?: string;
  /** Print each value in its cell (digits; colored background when color is on). */
  showValues?: boolean;
  /** Mark each row's largest value, and name its column at the row's end when there is room. */
  argmax?: boolean;
  /** Columns per cell when values are not printed: 2 (default) or 1; 2 shrinks to 1 to fit. */
  cellWidth?: 1 | 2;
  /** What to do with columns that do not fit: average them in groups (default) or page. */
  overflow?: "downsample" | "page";
  /** Page to show (1-based) when overflow is "page". */
  page?: number;
  /** How to reach another page, e.g. (p) => `use --page ${p}`. */
  pageHint?: (page: number) => string;
  /** Appended to the downsampling note, e.g. "use --page 1 to see every column". */
  downsampleHint?: string;
}

/** Most lines vertical column labels may take; longer labels end with "…". */
const MAX_HEADER_LINES = 8;
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

/** Renders the matrix as terminal text, every line at most `options.width` columns. */
export function renderHeatmap(matrix: HeatmapMatrix, options: HeatmapOptions): string {
  const { palette } = options;
  const width = Math.max(1, Math.floor(options.width));
  const map = typeof options.colormap === "object"
    ? options.colormap
    : colormapFor(options.colormap ?? "sequential");
  checkShape(matrix);
  const nRows = matrix.rows.length;
  const nCols = matrix.cols.length;
  const all = matrix.values.flat();
  const data = extent(all);
  const range = options.range ?? rangeFor(map.kind, all);
  const argmax = options.argmax ? matrix.values.map(argmaxOf) : [];
  const lines: string[] = [];
  if (options.title) lines.push(...wrapWidth(options.title, width));
  if (nRows === 0 || nCols === 0) {
    lines.push("(empty matrix)");
    return lines.join("\n");
  }

  // 1. Row labels: at most a quarter of the width.
  const rowLabels = matrix.rows.map(showToken);
  const labelWidth = Math.min(
    Math.max(...rowLabels.map(displayWidth)),
    Math.max(2, Math.floor(width * MAX_LABEL_FRACTION)),
  );
  const prefix = labelWidth + 1;

  // 2. Cell width, and how many columns fit.
  const valueTexts = options.showValues ? all.map((v) => cellNumber(v)) : [];
  let cell = options.showValues
    ? 1 + Math.max(...valueTexts.map((t) => t.length))
    : (options.cellWidth ?? 2);
  let fit = Math.max(1, Math.floor((width - prefix) / cell));
  if (fit < nCols && !options.showValues && cell === 2) {
    cell = 1;
    fit = Math.max(1, Math.floor((width - prefix) / cell));
  }

  // 3. The columns shown: all, a page, or averaged groups.
  let shown: { values: number[][]; starts: number[]; ends: number[] };
  const notes: string[] = [];
  if (fit >= nCols) {
    shown = identityColumns(matrix.values);
  } else if (options.overflow === "page") {
    const pages = Math.ceil(nCols / fit);
    const page = Math.min(pages, Math.max(1, Math.floor(options.page ?? 1)));
    const start = (page - 1) * fit;
    const end = Math.min(nCols, start + fit);
    shown = {
      values: matrix.values.map((row) => row.slice(start, end)),
      starts: range0(start, end),
      ends: range0(start + 1, end + 1),
    };
    const next = page < pages ? page + 1 : 1;
    notes.push(
      `showing columns ${start + 1}-${end} of ${nCols} (page ${page} of ${pages})${
        options.pageHint
          ? `; ${options.pageHint(next)} for ${next > page ? "the next" : "the first"}`
          : ""
      }`,
    );
  } else {
    shown = poolColumns(matrix.values, fit);
    const sizes = shown.ends.map((e, k) => e - shown.starts[k]);
    const lo = Math.min(...sizes), hi = Math.max(...sizes);
    notes.push(
      `columns averaged in groups of ${
        lo === hi ? lo : `${lo}-${hi}`
      } (${nCols} -> ${shown.starts.length}) to fit ${width} columns${
        options.downsampleHint ? `; ${options.downsampleHint}` : ""
      }`,
    );
  }
  const groupOf = (j: number) => shown.starts.findIndex((s, k) => j >= s && j < shown.ends[k]);

  // 4. Column labels: the first label of each group.
  const colLabels = shown.starts.map((s) => showToken(matrix.cols[s]));
  const header = columnHeader(colLabels, cell, options.showValues ? "right" : "left");
  for (const line of header.lines) lines.push(" ".repeat(prefix) + line);

  // 5. Rows, with the argmax column named at the end when every row has room.
  const suffixes = matrix.rows.map((_, i) => {
    const j = argmax[i];
    if (j === undefined || j < 0) return "";
    return `  → ${showToken(matrix.cols[j])} ${formatValue(matrix.values[i][j])}`;
  });
  const gridWidth = prefix + shown.starts.length * cell;
  const withSuffix = options.argmax && gridWidth + Math.max(...suffixes.map(displayWidth)) <= width;
  for (let i = 0; i < nRows; i++) {
    const marked = argmax[i] !== undefined && argmax[i] >= 0 ? groupOf(argmax[i]) : -1;
    let line = padEndWidth(truncateWidth(rowLabels[i], labelWidth), labelWidth) + " ";
    shown.values[i].forEach((v, k) => {
      line += drawCell(v, {
        map,
        range,
        cell,
        palette,
        marked: k === marked,
        showValue: !!options.showValues,
      });
    });
    if (withSuffix) line += suffixes[i];
    lines.push(line);
  }

  // 6. Legend, key and notes.
  const mark = options.showValues ? ">" : cell === 2 ? "<>" : "*";
  lines.push(
    ...renderLegend({
      colormap: map,
      range,
      data,
      palette,
      width,
      extra: options.argmax ? `${mark} marks each row's maximum` : undefined,
    }),
  );
  if (header.key) lines.push(...wrapWidth(header.key, width));
  for (const note of notes) lines.push(...wrapWidth(note, width));
  return lines.join("\n");
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

function identityColumns(values: readonly (readonly number[])[]): PooledColumns {
  const n = values[0]?.length ?? 0;
  return { values: values.map((r) => [...r]), starts: range0(0, n), ends: range0(1, n + 1) };
}

function range0(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** A value as printed in a cell: 2 decimals for small numbers, 3 significant digits else. */
function cellNumber(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? "inf" : v < 0 ? "-inf" : "nan";
  if (Math.abs(v) < 10) return v.toFixed(2).replace(/^(-?)0\./, "$1.");
  return formatValue(v);
}

function drawCell(
  v: number,
  o: {
    map: Colormap;
    range: ValueRange;
    cell: number;
    palette: Palette;
    marked: boolean;
    showValue: boolean;
  },
): string {
  const t = normalize(v, o.range);
  const masked = v === -Infinity; // e.g. an additive mask: drawn as the lowest color
  const bg: Swatch = o.map.swatchAt(masked ? 0 : t);
  if (o.showValue) {
    const text = (o.marked ? ">" : " ") + padStartWidth(cellNumber(v), o.cell - 1);
    return o.palette.paint(text, { bg, fg: PaletteClass.textOn(bg), bold: o.marked });
  }
  const mark = o.cell === 2 ? "<>" : "*";
  if (o.palette.level === 0) return o.marked ? mark : o.map.glyphAt(masked ? 0 : t).repeat(o.cell);
  return o.palette.paint(o.marked ? mark : " ".repeat(o.cell), {
    bg,
    fg: PaletteClass.textOn(bg),
    bold: o.marked,
  });
}

/**
 * Column labels above cells of `cell` columns: horizontal when every label
 * fits a cell, vertical (one character per line) when every character does,
 * else column numbers with a key line naming each.
 */
function columnHeader(
  labels: string[],
  cell: number,
  align: "left" | "right",
): { lines: string[]; key?: string } {
  const pad = align === "left" ? padEndWidth : padStartWidth;
  if (labels.every((l) => displayWidth(l) <= cell)) {
    return { lines: [labels.map((l) => pad(l, cell)).join("").trimEnd()] };
  }
  const chars = labels.map(graphemes);
  if (chars.every((cs) => cs.every((c) => displayWidth(c) <= cell))) {
    return { lines: verticalLines(chars, cell, pad) };
  }
  // Numbered columns (1-based) and a key: wide labels in narrow cells.
  const numbers = labels.map((_, k) => graphemes(String(k + 1)));
  const key = `columns: ${labels.map((l, k) => `${k + 1} ${l}`).join(", ")}`;
  return { lines: verticalLines(numbers, cell, pad), key };
}

function verticalLines(
  chars: string[][],
  cell: number,
  pad: (text: string, width: number) => string,
): string[] {
  const height = Math.min(MAX_HEADER_LINES, Math.max(...chars.map((cs) => cs.length)));
  const cut = chars.map((cs) => cs.length > height ? [...cs.slice(0, height - 1), "…"] : cs);
  const lines: string[] = [];
  for (let r = 0; r < height; r++) {
    lines.push(cut.map((cs) => pad(cs[r] ?? "", cell)).join("").trimEnd());
  }
  return lines;
}
