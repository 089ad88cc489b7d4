/**
 * Line charts drawn by asciichart: several series on one plot, each in its
 * own color (glyph-only at color level 0), a legend line naming them, never
 * wider than the given width. Series are resampled onto one x grid of as
 * many points as there are columns, linearly or on a log scale (for costs
 * against sequence lengths 8, 16, ..., 1024).
 */
import asciichart from "asciichart";
import type { Palette } from "./color.ts";
import { formatValue } from "./colormap.ts";
import { formatTicks, logTicks, niceTicks } from "../measure/format.ts";
import type { Lang } from "../platform/i18n/messages.ts";
import { chartMessages } from "./chart_messages.ts";
import { displayWidth, truncateWidth, wrapWidth } from "./layout.ts";

/** One named series: y at given x (or at x = 0, 1, 2, ... when `x` is absent). */
export interface ChartSeries {
  name: string;
  y: readonly number[];
  x?: readonly number[];
}

/** How to draw {@link renderChart}. */
export interface ChartOptions {
  palette: Palette;
  /** The widest a line may be, in terminal columns. */
  width: number;
  /** Plot rows. Default 10. */
  height?: number;
  /** Resample x on a log scale (every x must be > 0). */
  logX?: boolean;
  /** Plot y on a log scale, labels in y's own units (every y must be > 0). */
  logY?: boolean;
  title?: string;
  /** Names the x axis in the line under the plot, e.g. "sequence length". */
  xLabel?: string;
  /** Language of the chart's own words ("(log scale)"); default English. */
  lang?: Lang;
}

/** asciichart's colors (16-color codes), one per series in order. */
const SERIES_COLORS = [
  asciichart.blue,
  asciichart.red,
  asciichart.green,
  asciichart.magenta,
  asciichart.cyan,
  asciichart.yellow,
];
/**
 * Line glyphs per series at level 0 (asciichart's symbol order: axis cross,
 * axis, ends, horizontal, four corners, vertical): light, heavy, double,
 * dashed, square-cornered dotted and plain ASCII - one per series color, so six series stay
 * distinguishable without color.
 */
const SERIES_SYMBOLS = [
  ["┼", "┤", "╶", "╴", "─", "╰", "╭", "╮", "╯", "│"],
  ["┼", "┤", "╺", "╸", "━", "┗", "┏", "┓", "┛", "┃"],
  ["┼", "┤", "╶", "╴", "═", "╚", "╔", "╗", "╝", "║"],
  ["┼", "┤", "╶", "╴", "┄", "└", "┌", "┐", "┘", "┆"],
  ["┼", "┤", "╶", "╴", "┈", "└", "┌", "┐", "┘", "┊"],
  ["┼", "┤", "-", "-", "-", "+", "+", "+", "+", "|"],
];

/** Y labels: 9 columns, right-aligned. */
const LABEL_WIDTH = 9;

/** Renders the series as one plot with a legend, every line at most `options.width` columns. */
export function renderChart(series: readonly ChartSeries[], options: ChartOptions): string {
  const width = Math.max(1, Math.floor(options.width));
  const lines: string[] = [];
  if (options.title) lines.push(...wrapWidth(options.title, width));
  const usable = series.filter((s) => s.y.some(Number.isFinite));
  if (usable.length === 0) {
    lines.push(chartMessages["chart.noData"][options.lang ?? "en"]);
    return lines.join("\n");
  }
  const points = usable.map((s) => toPoints(s, options.logX ?? false, options.logY ?? false));
  const xs = points.flat().map((p) => p.x);
  const xMin = Math.min(...xs), xMax = Math.max(...xs);

  // 1. One column per grid point: label (LABEL_WIDTH) + axis (1) + points.
  const columns = Math.max(2, width - LABEL_WIDTH - 1);
  const longest = Math.max(...points.map((p) => p.length));
  const n = Math.min(columns, Math.max(2, xMax > xMin ? columns : longest));
  const grid = Array.from({ length: n }, (_, k) => xMin + ((xMax - xMin) * k) / (n - 1));
  const resampled = points.map((p) => grid.map((x) => interpolate(p, x)));

  // 2. The plot (asciichart's escape codes only when the palette colors), its y axis labelled
  // at nice ticks in the data's own units (a log axis too) and one notation.
  const colored = options.palette.level > 0;
  const config = yAxis(resampled.flat(), options.logY ?? false, options.height ?? 10);
  if (colored || resampled.length === 1) {
    const colors = colored
      ? usable.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length])
      : undefined;
    lines.push(...(asciichart.plot(resampled, { ...config, colors }) as string).split("\n"));
  } else {
    // No color: each series in its own line style, overlaid (later series on top).
    const plots = resampled.map((ys, i) =>
      (asciichart.plot(ys, {
        ...config,
        symbols: SERIES_SYMBOLS[i % SERIES_SYMBOLS.length],
      }) as string)
        .split("\n").map((l) => [...l])
    );
    const merged = plots[0].map((row, r) =>
      row.map((c, k) => {
        for (let i = plots.length - 1; i > 0; i--) {
          const other = plots[i][r][k];
          if (other !== undefined && other !== " " && other !== c) return other;
        }
        return c;
      }).join("")
    );
    lines.push(...merged);
  }

  // 3. The x range and the legend.
  const show = (x: number) => formatX(options.logX ? 10 ** x : x);
  const axis = `${" ".repeat(LABEL_WIDTH)}${options.xLabel ?? "x"} ${show(xMin)} .. ${show(xMax)}${
    options.logX ? ` ${chartMessages["chart.logScale"][options.lang ?? "en"]}` : ""
  }`;
  lines.push(truncateWidth(axis, width));
  const entries = usable.map((s, i) => {
    const mark = colored
      ? SERIES_COLORS[i % SERIES_COLORS.length] + "──" + asciichart.reset
      : SERIES_SYMBOLS[i % SERIES_SYMBOLS.length][4].repeat(2);
    return { mark, name: s.name };
  });
  let legend = "";
  for (const e of entries) {
    const piece = `${legend === "" ? "" : "  "}${e.mark} ${e.name}`;
    if (displayWidth(legend + piece) > width) {
      lines.push(legend);
      legend = `${e.mark} ${truncateWidth(e.name, Math.max(1, width - 3))}`;
    } else {
      legend += piece;
    }
  }
  if (legend) lines.push(legend);
  return lines.join("\n");
}

/**
 * asciichart's settings for the y axis: the plotted range widened to whole ticks (linear
 * axes), and a label only on the row nearest each tick, so labels step evenly (0, 0.5, 1.0,
 * or 1, 10, 100 ms on a log axis) instead of naming every row's odd value.
 */
function yAxis(values: readonly number[], logY: boolean, height: number) {
  const low = Math.min(...values), high = Math.max(...values);
  const ticks = logY ? logTicks(10 ** low, 10 ** high).map(Math.log10) : niceTicks(low, high, 6);
  const min = Math.min(low, ...ticks), max = Math.max(high, ...ticks);
  const labels = logY
    ? formatTicks(ticks.map((t) => Number((10 ** t).toPrecision(6))), { log: true })
    : formatTicks(ticks);
  // Linear ticks are evenly spaced: a whole number of rows between two puts each on its row.
  if (!logY && ticks.length > 1) {
    const intervals = ticks.length - 1;
    height = intervals * Math.max(1, Math.round(height / intervals));
  }
  // The rows asciichart draws for this range and height (its own rounding).
  const ratio = max > min ? height / (max - min) : 1;
  const rows = Math.max(1, Math.abs(Math.round(max * ratio) - Math.round(min * ratio)));
  const rowStep = max > min ? (max - min) / rows : 1;
  const format = (v: number) => {
    const near = ticks.findIndex((t) => Math.abs(v - t) < rowStep / 2 + 1e-12 * Math.abs(t));
    const label = near < 0 ? "" : labels[near];
    return label.padStart(LABEL_WIDTH - 1).slice(-(LABEL_WIDTH - 1));
  };
  return { height, offset: 2, padding: " ".repeat(LABEL_WIDTH - 1), format, min, max };
}

/** An x value for the axis line: whole numbers as such (log-scale round trips included). */
function formatX(x: number): string {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-6 * Math.max(1, Math.abs(x)) ? String(r) : formatValue(x);
}

function toPoints(s: ChartSeries, logX: boolean, logY: boolean): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  s.y.forEach((y, i) => {
    const x = s.x ? s.x[i] : i;
    if (s.x && s.x.length !== s.y.length) {
      throw new Error(
        `expected as many x as y values in series '${s.name}', got ${s.x.length} and ${s.y.length}`,
      );
    }
    if (logX && !(x > 0)) {
      throw new Error(`expected x > 0 on a log scale, got ${x} in series '${s.name}'`);
    }
    if (logY && !(y > 0) && Number.isFinite(y)) {
      throw new Error(`expected y > 0 on a log scale, got ${y} in series '${s.name}'`);
    }
    if (Number.isFinite(y) && Number.isFinite(x)) {
      out.push({ x: logX ? Math.log10(x) : x, y: logY ? Math.log10(y) : y });
    }
  });
  return out.sort((a, b) => a.x - b.x);
}

/** Linear interpolation between the points around x; the end values outside them. */
function interpolate(points: readonly { x: number; y: number }[], x: number): number {
  if (points.length === 0) return 0;
  if (x <= points[0].x) return points[0].y;
  for (let i = 1; i < points.length; i++) {
    if (x <= points[i].x) {
      const a = points[i - 1], b = points[i];
      return b.x === a.x ? b.y : a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
    }
  }
  return points[points.length - 1].y;
}
