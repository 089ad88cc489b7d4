/**
 * A bars panel as SVG: one group per label, one horizontal bar per series in the group, each
 * bar's value written at its end, a key of the series' names under the bars.
 */
import { formatValue } from "../colormap.ts";
import type { BarsPanel } from "./figure.ts";
import { SERIES_COLORS } from "./figure_colors.ts";
import { px, svgText, textWidth, xmlEscape } from "./svg_text.ts";
import type { Drawn } from "./svg_panel.ts";

const FONT = 12;
const BAR_H = 14;
const MAX_BAR = 320;

/** The panel drawn at (0, 0). */
export function drawBars(panel: BarsPanel): Drawn {
  const labelW = Math.max(0, ...panel.labels.map((l) => textWidth(l, FONT))) + 10;
  const all = panel.series.flatMap((s) => s.values).filter(Number.isFinite);
  const lo = Math.min(0, ...all), hi = Math.max(0, ...all);
  const span = hi - lo || 1;
  const zero = labelW + ((0 - lo) / span) * MAX_BAR;
  const groupH = panel.series.length * BAR_H + 8;
  const top = 26;
  const parts = [
    svgText(panel.title, 0, 15, { size: FONT + 2, weight: "bold" }),
    `<line x1="${px(zero)}" y1="${top - 2}" x2="${px(zero)}" y2="${
      top + panel.labels.length * groupH
    }" stroke="#888888"/>`,
  ];
  panel.labels.forEach((label, i) => {
    const gy = top + i * groupH;
    parts.push(svgText(label, labelW - 8, gy + groupH / 2, { size: FONT, anchor: "end" }));
    panel.series.forEach((s, k) => {
      const v = s.values[i];
      if (!Number.isFinite(v)) return;
      const end = labelW + ((v - lo) / span) * MAX_BAR;
      const x = Math.min(zero, end), w = Math.abs(end - zero);
      const color = SERIES_COLORS[k % SERIES_COLORS.length];
      const y = gy + k * BAR_H;
      parts.push(
        `<rect class="bar" x="${px(x)}" y="${px(y)}" width="${px(w)}" height="${
          BAR_H - 2
        }" fill="${color}" data-row="${xmlEscape(label)}" data-col="${xmlEscape(s.name)}" ` +
          `data-value="${xmlEscape(formatValue(v))}"><title>${
            xmlEscape(`${label}, ${s.name}: ${formatValue(v)}`)
          }</title></rect>`,
        svgText(formatValue(v), Math.max(zero, end) + 4, y + BAR_H - 4, { size: FONT - 2 }),
      );
    });
  });
  const keyY = top + panel.labels.length * groupH + 14;
  let keyX = labelW;
  for (const [k, s] of panel.series.entries()) {
    parts.push(
      `<rect x="${px(keyX)}" y="${keyY}" width="12" height="12" fill="${
        SERIES_COLORS[k % SERIES_COLORS.length]
      }"/>`,
      svgText(s.name, keyX + 16, keyY + 10, { size: FONT }),
    );
    keyX += 16 + textWidth(s.name, FONT) + 18;
  }
  parts.push(svgText(panel.valueLabel, zero, keyY + 32, { size: FONT, fill: "#555555" }));
  return {
    svg: parts.join("\n"),
    width: Math.max(labelW + MAX_BAR + 60, keyX, textWidth(panel.title, FONT + 2)),
    height: keyY + 40,
  };
}
