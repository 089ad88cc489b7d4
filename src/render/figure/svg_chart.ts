/**
 * A chart panel as SVG: a plot box with ticks on both axes (powers of ten on a log axis), one
 * polyline with dots per series, the axis names, and the series' names in a key on the right.
 */
import { formatValue } from "../colormap.ts";
import type { ChartPanel } from "./figure.ts";
import { SERIES_COLORS } from "./figure_colors.ts";
import { px, svgText, textWidth, xmlEscape } from "./svg_text.ts";
import type { Drawn } from "./svg_panel.ts";

const FONT = 12;
const PLOT_W = 440;
const PLOT_H = 240;

/** A linear or log10 axis from a data range to pixels. */
interface Axis {
  ticks: number[];
  at(v: number): number;
}

/** About five round tick values covering [lo, hi]. */
function linearTicks(lo: number, hi: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

function axis(values: number[], log: boolean, from: number, to: number): Axis {
  const usable = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  const f = log ? Math.log10 : (v: number) => v;
  let lo = Math.min(...usable.map(f)), hi = Math.max(...usable.map(f));
  if (usable.length === 0) [lo, hi] = [0, 1];
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  const ticks = log
    ? Array.from(
      { length: Math.floor(hi) - Math.ceil(lo) + 1 },
      (_, k) => 10 ** (Math.ceil(lo) + k),
    )
    : linearTicks(lo, hi);
  return { ticks, at: (v) => from + ((f(v) - lo) / (hi - lo)) * (to - from) };
}

/** The panel drawn at (0, 0). */
export function drawChart(panel: ChartPanel): Drawn {
  const points = panel.series.flatMap((s) => s.points);
  const yTickW = 8 + Math.max(0, ...points.map(([, y]) => textWidth(formatValue(y), FONT)));
  const left = 20 + Math.max(yTickW, 40), top = 26;
  const x = axis(points.map(([v]) => v), panel.logX ?? false, left, left + PLOT_W);
  const y = axis(points.map(([, v]) => v), panel.logY ?? false, top + PLOT_H, top);
  const parts = [svgText(panel.title, 0, 15, { size: FONT + 2, weight: "bold" })];
  parts.push(
    `<rect x="${left}" y="${top}" width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="#888888"/>`,
  );
  for (const t of x.ticks) {
    const at = x.at(t);
    parts.push(
      `<line x1="${px(at)}" y1="${top + PLOT_H}" x2="${px(at)}" y2="${
        top + PLOT_H + 4
      }" stroke="#888888"/>`,
      svgText(formatValue(t), at, top + PLOT_H + 16, { size: FONT - 1, anchor: "middle" }),
    );
  }
  for (const t of y.ticks) {
    const at = y.at(t);
    parts.push(
      `<line x1="${left - 4}" y1="${px(at)}" x2="${left + PLOT_W}" y2="${
        px(at)
      }" stroke="#e4e4e4"/>`,
      svgText(formatValue(t), left - 6, at + 4, { size: FONT - 1, anchor: "end" }),
    );
  }
  parts.push(
    svgText(panel.xLabel, left + PLOT_W / 2, top + PLOT_H + 34, { size: FONT, anchor: "middle" }),
    svgText(panel.yLabel, 12, top + PLOT_H / 2, { size: FONT, anchor: "middle", rotate: -90 }),
  );
  const keyX = left + PLOT_W + 16;
  panel.series.forEach((s, k) => {
    const color = SERIES_COLORS[k % SERIES_COLORS.length];
    const usable = s.points.filter(([a, b]) =>
      Number.isFinite(a) && Number.isFinite(b) && (!panel.logX || a > 0) && (!panel.logY || b > 0)
    );
    const coords = usable.map(([a, b]) => `${px(x.at(a))},${px(y.at(b))}`);
    parts.push(
      `<g class="series" data-name="${xmlEscape(s.name)}">`,
      `<polyline points="${coords.join(" ")}" fill="none" stroke="${color}" stroke-width="2"/>`,
      ...usable.map(([a, b]) =>
        `<circle cx="${px(x.at(a))}" cy="${px(y.at(b))}" r="3" fill="${color}">` +
        `<title>${xmlEscape(`${s.name}: (${formatValue(a)}, ${formatValue(b)})`)}</title></circle>`
      ),
      `</g>`,
      `<rect x="${keyX}" y="${top + k * 18}" width="12" height="12" fill="${color}"/>`,
      svgText(s.name, keyX + 18, top + k * 18 + 10, { size: FONT }),
    );
  });
  const keyW = 18 + Math.max(0, ...panel.series.map((s) => textWidth(s.name, FONT)));
  return {
    svg: parts.join("\n"),
    width: Math.max(keyX + keyW + 4, textWidth(panel.title, FONT + 2)),
    height: Math.max(top + PLOT_H + 42, top + panel.series.length * 18),
  };
}
