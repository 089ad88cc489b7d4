/**
 * `experiment <name>`: the claim, each table of measurements, the charts, and the conclusion
 * computed from the numbers, in the session's language. Notes follow the conclusion.
 */
import type { Bilingual, ExperimentGrid, ExperimentResult } from "../experiments/experiment.ts";
import type { Experiment } from "../experiments/experiment.ts";
import { renderChart } from "./chart.ts";
import type { Palette } from "./color.ts";
import { renderTable } from "./table.ts";
import { displayWidth, maxLineWidth, padEndWidth, showToken, wrapWidth } from "./layout.ts";
import { renderHeatmap } from "./heatmap.ts";

/** How to draw an experiment. */
export interface ExperimentViewOptions {
  palette: Palette;
  width: number;
  lang: "ko" | "en";
}

/** Renders one experiment's result. */
export function renderExperiment(result: ExperimentResult, options: ExperimentViewOptions): string {
  const { palette, width, lang } = options;
  const say = (text: Bilingual) => text[lang];
  const parts: string[] = [];
  const where = `${result.backend}${result.adapter ? ` (${result.adapter})` : ""}`;
  const mode = result.quick
    ? (lang === "ko" ? "빠른 실행(--quick)" : "quick")
    : (lang === "ko" ? "전체 실행" : "full");
  parts.push(
    wrapWidth(
      `${palette.bold(`experiment ${result.experiment}`)}: ${say(result.claim)}`,
      width,
    ).join("\n"),
  );
  parts.push(
    wrapWidth(
      lang === "ko"
        ? `${where}, ${mode}, ${(result.elapsedMs / 1000).toFixed(1)}초`
        : `${where}, ${mode}, ${(result.elapsedMs / 1000).toFixed(1)} s`,
      width,
    ).join("\n"),
  );
  for (const table of result.tables) {
    const numeric = table.columns.map((_, c) =>
      table.rows.every((row) => typeof row[c] === "number" || /^-?[\d.]+%?$/.test(String(row[c])))
    );
    parts.push(
      [
        ...wrapWidth(say(table.title), width),
        renderTable(
          table.columns,
          table.rows.map((row) => row.map((cell) => (cell === null ? "-" : cell))),
          {
            maxWidth: width,
            alignRight: numeric.flatMap((right, c) => (right ? [c] : [])),
          },
        ),
      ].join("\n"),
    );
  }
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
    }));
  }
  if (result.grids && result.grids.length > 0) {
    parts.push(sideBySide(
      result.grids.map((grid) => {
        const own = Math.min(width, gridWidth(grid));
        const body = renderHeatmap(grid, {
          palette,
          width: own,
          range: grid.range,
          argmax: grid.argmax ?? true,
          lang,
        });
        return [...wrapWidth(say(grid.title), own), body].join("\n");
      }),
      width,
    ));
  }
  const label = lang === "ko" ? "결론" : "conclusion";
  parts.push(wrapWidth(`${palette.bold(label)}: ${say(result.conclusion)}`, width).join("\n"));
  for (const note of result.notes) {
    parts.push(wrapWidth(`${lang === "ko" ? "참고" : "note"}: ${say(note)}`, width).join("\n"));
  }
  return parts.join("\n\n");
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
  options: { width: number; lang: "ko" | "en" },
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
  const hint = options.lang === "ko"
    ? "실행: experiment <이름> [--quick] [--json]"
    : "run one: experiment <name> [--quick] [--json]";
  return [...lines, "", hint].join("\n");
}
