/**
 * A heatmap panel as SVG: the panel title, the column axis name and labels on top (slanted when
 * they are wider than a cell), the row axis name and labels on the left, one rect per cell in
 * the colormap's RGB (masked cells hatched, marked cells outlined), and a color bar with its
 * range and what it measures on the right. Each cell carries its row, column and value (a
 * `<title>` tooltip, and data- attributes the HTML page's hover reads).
 */
import { formatValue } from "../colormap.ts";
import type { HeatmapPanel } from "./figure.ts";
import { figureRgb, hexOf, inkOn } from "./figure_colors.ts";
import { px, svgText, textWidth, xmlEscape } from "./svg_text.ts";
import type { Drawn } from "./svg_panel.ts";

/** The id of the hatch pattern svg.ts defines once per file. */
export const HATCH_ID = "attn-hatch";

const FONT = 13;
const MIN_CELL = 36;
/** Columns above which cells get narrower than MIN_CELL, down to MIN_NARROW_CELL. */
const WIDE_COLUMNS = 24;
const MIN_NARROW_CELL = 8;
/** The least height of a row: room for its label. */
const ROW_H = FONT + 5;
const TITLE_H = 22;
const AXIS_H = 18;
const BAR_W = 14;
const BAR_STEPS = 48;
/** The least height of the color bar, so its two labels stay apart. */
const BAR_MIN_H = 90;

/** Where a heatmap's parts go, computed once for drawing (and for tests that find cells). */
export interface HeatmapGeometry {
  /** The top-left corner of cell (0, 0), relative to the panel. */
  gridX: number;
  gridY: number;
  /** A cell's width and height (square unless many narrow columns: rows keep room for a label). */
  cellW: number;
  cellH: number;
  /** The row axis name is written across, above the row labels (too long to stand beside them). */
  rowAxisAbove: boolean;
  /** Column labels slanted 45 degrees (too wide for a cell). */
  slanted: boolean;
  /** Every how many columns a label is written (1: all). */
  labelEvery: number;
  width: number;
  height: number;
}

/** The layout of `panel`: cell size, grid origin and the panel's size. */
export function heatmapGeometry(panel: HeatmapPanel): HeatmapGeometry {
  const texts = (panel.cellText ?? []).flat().filter((t): t is string => t !== null);
  const cols = panel.colLabels.length, rows = panel.rowLabels.length;
  // Many columns (a hidden state's units, a table's dimensions): narrower cells, so the
  // picture stays about as wide as a page.
  const fit = cols > WIDE_COLUMNS ? Math.max(MIN_NARROW_CELL, (WIDE_COLUMNS * MIN_CELL) / cols) : 0;
  const cell = Math.max(fit || MIN_CELL, ...texts.map((t) => textWidth(t, FONT - 2) + 8));
  const rowLabelW = Math.max(0, ...panel.rowLabels.map((l) => textWidth(l, FONT))) + 10;
  const colLabelW = Math.max(0, ...panel.colLabels.map((l) => textWidth(l, FONT)));
  // Labels wider than a cell are slanted; on narrow cells only every `labelEvery`-th is written.
  const labelEvery = cell >= MIN_CELL / 2 ? 1 : Math.ceil((colLabelW + 6) / cell);
  const slanted = labelEvery === 1 && colLabelW > cell - 4;
  const headerH = slanted ? colLabelW * Math.SQRT1_2 + FONT + 6 : FONT + 8;
  const cellH = Math.max(cell, ROW_H);
  const rowAxisAbove = textWidth(panel.axes.rows, FONT - 1) > rows * cellH;
  const gridX = (rowAxisAbove ? 0 : AXIS_H) + rowLabelW;
  const gridY = TITLE_H + AXIS_H * (rowAxisAbove ? 2 : 1) + headerH;
  const barH = Math.max(rows * cellH, BAR_MIN_H);
  const legendW = 16 + BAR_W + 6 +
    Math.max(...[panel.range.min, panel.range.max].map((v) => textWidth(formatValue(v), FONT))) +
    AXIS_H + 4;
  // Slanted labels lean right past the last column.
  const overhang = slanted ? Math.max(0, colLabelW * Math.SQRT1_2 - legendW) : 0;
  const titleW = textWidth(panel.title, FONT + 1);
  return {
    gridX,
    gridY,
    cellW: cell,
    cellH,
    rowAxisAbove,
    slanted,
    labelEvery,
    width: Math.max(
      gridX + cols * cell + legendW + overhang,
      titleW + 4,
      rowAxisAbove ? textWidth(panel.axes.rows, FONT - 1) + 16 : 0,
    ),
    height: gridY + Math.max(rows * cellH, barH) + 6,
  };
}

/** The panel drawn at (0, 0); the caller translates it. */
export function drawHeatmap(panel: HeatmapPanel): Drawn {
  const g = heatmapGeometry(panel);
  const rows = panel.rowLabels.length, cols = panel.colLabels.length;
  const parts: string[] = [svgText(panel.title, 0, 15, { size: FONT + 1, weight: "bold" })];
  const gridW = cols * g.cellW, gridH = rows * g.cellH;
  parts.push(
    svgText(panel.axes.cols, g.gridX + gridW / 2, TITLE_H + 13, {
      size: FONT - 1,
      anchor: "middle",
      fill: "#555555",
    }),
    g.rowAxisAbove
      ? svgText(`↓ ${panel.axes.rows}`, 0, TITLE_H + AXIS_H + 13, {
        size: FONT - 1,
        fill: "#555555",
      })
      : svgText(panel.axes.rows, 13, g.gridY + gridH / 2, {
        size: FONT - 1,
        anchor: "middle",
        fill: "#555555",
        rotate: -90,
      }),
  );
  panel.colLabels.forEach((label, j) => {
    if (j % g.labelEvery !== 0) return;
    const x = g.gridX + (j + 0.5) * g.cellW;
    parts.push(
      g.slanted
        ? svgText(label, x - 3, g.gridY - 6, { size: FONT, rotate: -45 })
        : svgText(label, x, g.gridY - 6, { size: FONT, anchor: "middle" }),
    );
  });
  const rowEvery = Math.ceil((FONT + 2) / g.cellH);
  panel.rowLabels.forEach((label, i) => {
    if (i % rowEvery !== 0) return;
    const y = g.gridY + (i + 0.5) * g.cellH + FONT * 0.35;
    parts.push(svgText(label, g.gridX - 6, y, { size: FONT, anchor: "end" }));
  });
  parts.push(...cells(panel, g));
  parts.push(...colorBar(panel, g.gridX + gridW + 16, g.gridY, Math.max(gridH, BAR_MIN_H)));
  return { svg: parts.join("\n"), width: g.width, height: g.height };
}

/** The cells, then the outlines of marked cells on top. */
function cells(panel: HeatmapPanel, g: HeatmapGeometry): string[] {
  const out: string[] = [];
  const outlines: string[] = [];
  panel.values.forEach((row, i) =>
    row.forEach((value, j) => {
      const x = g.gridX + j * g.cellW, y = g.gridY + i * g.cellH;
      const rowLabel = panel.rowLabels[i] ?? "", colLabel = panel.colLabels[j] ?? "";
      const shown = value === null ? "masked" : formatValue(value);
      const rgb = value === null ? null : figureRgb(panel.colormap, value, panel.range);
      const fill = rgb === null ? `url(#${HATCH_ID})` : hexOf(rgb);
      const data = `data-row="${xmlEscape(rowLabel)}" data-col="${xmlEscape(colLabel)}" ` +
        `data-value="${xmlEscape(shown)}"`;
      out.push(
        `<rect class="cell${value === null ? " masked" : ""}" x="${px(x)}" y="${px(y)}" ` +
          `width="${px(g.cellW)}" height="${px(g.cellH)}" fill="${fill}" ${data}>` +
          `<title>${xmlEscape(`${rowLabel} → ${colLabel}: ${shown}`)}</title></rect>`,
      );
      const text = panel.cellText?.[i]?.[j];
      if (text != null && text !== "") {
        out.push(svgText(text, x + g.cellW / 2, y + g.cellH / 2 + (FONT - 2) * 0.35, {
          size: FONT - 2,
          anchor: "middle",
          fill: rgb === null ? "#333333" : inkOn(rgb),
          extra: `pointer-events="none"`,
        }));
      }
      if (panel.marks?.[i]?.[j]) {
        const at = (d: number) => `x="${px(x + d)}" y="${px(y + d)}"`;
        const size = (d: number) =>
          `width="${px(g.cellW - 2 * d)}" height="${px(g.cellH - 2 * d)}"`;
        outlines.push(
          `<rect class="mark" ${at(1.5)} ${size(1.5)} fill="none" stroke="#000000" ` +
            `stroke-width="3" pointer-events="none"/>`,
          `<rect class="mark" ${at(3.5)} ${size(3.5)} fill="none" stroke="#ffffff" ` +
            `stroke-width="1" pointer-events="none"/>`,
        );
      }
    })
  );
  return [...out, ...outlines];
}

/** The color bar: max at the top, min at the bottom, what it measures beside it. */
function colorBar(panel: HeatmapPanel, x: number, y: number, height: number): string[] {
  const out: string[] = [];
  const step = height / BAR_STEPS;
  for (let k = 0; k < BAR_STEPS; k++) {
    // Step k from the top stands for t = 1 - k/(steps-1).
    const t = 1 - k / (BAR_STEPS - 1);
    const value = panel.range.min + t * (panel.range.max - panel.range.min);
    const fill = hexOf(figureRgb(panel.colormap, value, panel.range));
    out.push(
      `<rect x="${px(x)}" y="${px(y + k * step)}" width="${BAR_W}" height="${
        px(step + 0.5)
      }" fill="${fill}"/>`,
    );
  }
  out.push(
    `<rect x="${px(x)}" y="${px(y)}" width="${BAR_W}" height="${
      px(height)
    }" fill="none" stroke="#888888" stroke-width="0.5"/>`,
    svgText(formatValue(panel.range.max), x + BAR_W + 5, y + FONT * 0.8, { size: FONT - 1 }),
    svgText(formatValue(panel.range.min), x + BAR_W + 5, y + height, { size: FONT - 1 }),
  );
  const labelsW = Math.max(
    ...[panel.range.min, panel.range.max].map((v) => textWidth(formatValue(v), FONT)),
  );
  out.push(
    svgText(panel.legend, x + BAR_W + 8 + labelsW + 6, y + height / 2, {
      size: FONT - 1,
      anchor: "middle",
      fill: "#555555",
      rotate: -90,
    }),
  );
  return out;
}
