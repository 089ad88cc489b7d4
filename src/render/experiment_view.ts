/**
 * `experiment <name>`: the claim, each table of measurements, the charts, and the conclusion
 * computed from the numbers, in the session's language. Notes follow the conclusion.
 */
import type {
  Bilingual,
  ExperimentGrid,
  ExperimentResult,
  ExperimentTable,
} from "../experiments/experiment.ts";
import type { Experiment } from "../experiments/experiment.ts";
import { renderChart } from "./chart.ts";
import type { Palette } from "./color.ts";
import type { Colormap } from "./colormap.ts";
import { renderTable } from "./table.ts";
import { displayWidth, maxLineWidth, padEndWidth, showToken, wrapWidth } from "./layout.ts";
import { renderHeatmap } from "./heatmap.ts";
import { formatBytes, formatColumn } from "../measure/format.ts";
import { formatMessage, type Lang } from "../platform/i18n/messages.ts";
import { experimentViewMessages } from "./experiment_view_messages.ts";

/** How to draw an experiment. */
export interface ExperimentViewOptions {
  palette: Palette;
  width: number;
  lang: Lang;
  /** The session's colormap for the grids (default viridis). */
  colormap?: Colormap;
}

/** Renders one experiment's result. */
export function renderExperiment(result: ExperimentResult, options: ExperimentViewOptions): string {
  const { palette, width, lang } = options;
  const say = (text: Bilingual) => text[lang];
  const words = (id: keyof typeof experimentViewMessages) => experimentViewMessages[id][lang];
  const wrap = (text: string) => wrapWidth(text, width).join("\n");
  const where = `${result.backend}${result.adapter ? ` (${result.adapter})` : ""}`;
  const mode = words(result.quick ? "view.experiment.quick" : "view.experiment.full");
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  const parts = [
    wrap(`${palette.bold(`experiment ${result.experiment}`)}: ${say(result.claim)}`),
    wrap(
      `${where}, ${mode}, ${
        formatMessage(experimentViewMessages, "view.experiment.seconds", { seconds })[lang]
      }`,
    ),
    ...result.tables.map((table) => tablePanel(table, options)),
  ];
  for (const chart of result.charts) {
    const series = chart.series.filter((s) => s.x.length >= 2);
    if (series.length === 0) continue;
    parts.push(renderChart(series, {
      palette,
      width,
      height: 12,
      logX: chart.logX,
      logY: chart.logY,
      title: `${say(chart.title)} (y: ${chart.yLabel})`,
      xLabel: chart.xLabel,
      lang,
    }));
  }
  if (result.grids && result.grids.length > 0) {
    parts.push(sideBySide(result.grids.map((grid) => gridPanel(grid, options)), width));
  }
  parts.push(
    wrap(`${palette.bold(words("view.experiment.conclusion"))}: ${say(result.conclusion)}`),
  );
  for (const note of result.notes) {
    parts.push(wrap(`${words("view.experiment.note")}: ${say(note)}`));
  }
  return parts.join("\n\n");
}

/**
 * A table of measurements: each column of numbers in one precision (and right-aligned, "-"
 * for a missing value), byte columns in binary units, cells wrapped rather than cut.
 */
function tablePanel(table: ExperimentTable, options: ExperimentViewOptions): string {
  const cells = table.rows.map((row) => row.map((cell) => (cell === null ? "-" : String(cell))));
  const numeric = table.columns.map((_, c) => {
    const present = table.rows.map((row) => row[c]).filter((cell) => cell !== null);
    return present.length > 0 &&
      present.every((cell) => typeof cell === "number" || /^-?[\d.]+(e[-+]?\d+)?%?$/.test(cell));
  });
  table.columns.forEach((_, c) => {
    const at = table.rows.flatMap((row, r) => (typeof row[c] === "number" ? [r] : []));
    const values = at.map((r) => table.rows[r][c] as number);
    const shown = table.units?.[c] === "bytes" ? values.map(formatBytes) : formatColumn(values);
    at.forEach((r, k) => (cells[r][c] = shown[k]));
  });
  return [
    ...wrapWidth(table.title[options.lang], options.width),
    renderTable(table.columns, cells, {
      maxWidth: options.width,
      alignRight: numeric.flatMap((right, c) => (right ? [c] : [])),
      lang: options.lang,
    }),
  ].join("\n");
}

/**
 * One heatmap with its title above it, as narrow as it can be without wrapping inside: the
 * narrowest width (from the grid's own, or its title's) at which the grid takes at most one
 * line more than drawn with the whole width (its legend may split once, at the scale), so that
 * panels set side by side never have a legend or a title broken over lines inside them.
 */
function gridPanel(grid: ExperimentGrid, options: ExperimentViewOptions): string {
  const { palette, width, lang } = options;
  const title = grid.title[lang];
  const draw = (w: number) =>
    renderHeatmap(grid, {
      palette,
      width: w,
      range: grid.range,
      colormap: options.colormap,
      argmax: grid.argmax ?? true,
      lang,
    });
  const height = (w: number) => draw(w).split("\n").length;
  const most = height(width) + 1;
  let low = Math.min(width, Math.max(gridWidth(grid), displayWidth(title)));
  let high = width;
  while (low < high) { // the narrowest width that draws in `most` lines or fewer
    const mid = Math.floor((low + high) / 2);
    if (height(mid) <= most) high = mid;
    else low = mid + 1;
  }
  const body = draw(low);
  const own = Math.min(width, Math.max(maxLineWidth(body), displayWidth(title)));
  return [...wrapWidth(title, own), body].join("\n");
}

/**
 * Columns a small grid needs: row labels, two per cell, the argmax note at each row's end
 * ("  → token 0.123"); at least 30 so that the legend wraps onto two lines, not more.
 */
function gridWidth(grid: ExperimentGrid): number {
  const label = Math.max(...grid.rows.map((r) => displayWidth(showToken(r))));
  const note = Math.max(...grid.cols.map((c) => displayWidth(showToken(c)))) + 11;
  return Math.max(30, label + 1 + 2 * grid.cols.length + note);
}

/** Text blocks placed in rows, as many side by side as fit `width` (3 spaces apart). */
function sideBySide(blocks: readonly string[], width: number): string {
  const gap = 3;
  const rows: string[][] = [[]];
  let used = 0;
  for (const block of blocks) {
    const w = maxLineWidth(block);
    const row = rows[rows.length - 1];
    if (row.length > 0 && used + gap + w > width) {
      rows.push([block]);
      used = w;
    } else {
      used += (row.length > 0 ? gap : 0) + w;
      row.push(block);
    }
  }
  return rows.map((row) => {
    const split = row.map((b) => b.split("\n"));
    const widths = row.map(maxLineWidth);
    const height = Math.max(...split.map((lines) => lines.length));
    return Array.from(
      { length: height },
      (_, i) =>
        split.map((lines, k) => padEndWidth(lines[i] ?? "", widths[k])).join(" ".repeat(gap))
          .trimEnd(),
    ).join("\n");
  }).join("\n\n");
}

/** `experiment` alone: the list of experiments and their claims. */
export function renderExperimentList(
  list: readonly Pick<Experiment, "name" | "claim">[],
  options: { width: number; lang: Lang },
): string {
  const nameWidth = Math.max(...list.map((e) => e.name.length));
  const lines = list.flatMap((e) => {
    const [first, ...rest] = wrapWidth(
      e.claim[options.lang],
      Math.max(20, options.width - nameWidth - 2),
    );
    return [
      `${e.name.padEnd(nameWidth)}  ${first}`,
      ...rest.map((line) => `${" ".repeat(nameWidth)}  ${line}`),
    ];
  });
  return [...lines, "", experimentViewMessages["view.experiment.list.hint"][options.lang]].join(
    "\n",
  );
}
