/**
 * The `mask` view: for each mask, the additive grid (0 where a query may
 * attend, -∞ where it may not) and the softmax of uniform scores under it
 * as a heatmap, so the learner sees the exact zeros.
 */
import type { MaskMatrix, MaskResult } from "../app/mask_demo.ts";
import type { Palette } from "./color.ts";
import { renderHeatmap } from "./heatmap.ts";
import { gridMessages } from "./grid_messages.ts";
import { displayWidth, padEndWidth, padStartWidth, truncateWidth, wrapWidth } from "./layout.ts";
import { type Bilingual, type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { explainMask } from "../app/explain.ts";
import { maskPeMessages } from "./mask_pe_messages.ts";

const say = messagesOf(maskPeMessages);

/** Renders a `mask` result within `width` columns. */
export function renderMask(
  result: MaskResult,
  options: { palette: Palette; width: number; lang?: Lang },
): string {
  const lang = options.lang ?? "en";
  const blocks = result.masks.map((m, s) =>
    maskBlock(m, lang === "en" ? m.label : maskLabel(result, s)[lang], { ...options, lang })
  );
  const explanation = maskExplanation(result, lang);
  return [...blocks, wrapWidth(explanation, options.width).join("\n")].join("\n\n");
}

/** What the masks mean, in `lang`. */
export function maskExplanation(result: MaskResult, lang: Lang): string {
  // The result carries the English (--json); the catalog has it in every language.
  return lang === "en" ? result.explanation : explainMask(result.kind).ko;
}

/** Mask `s`'s name: causal, or sequence s+1 with its length (the result's label is English). */
export function maskLabel(result: MaskResult, s: number): Bilingual {
  const len = result.lengths?.[s];
  if (result.kind === "causal" || len === undefined) return say("view.mask.causal");
  return say("view.mask.sequence", { s: s + 1, len, n: result.n });
}

function maskBlock(
  m: MaskMatrix,
  label: string,
  o: { palette: Palette; width: number; lang: Lang },
): string {
  const lines: string[] = [];
  lines.push(...wrapWidth(say("view.mask.additive", { label })[o.lang], o.width));
  lines.push(...additiveGrid(m, o));
  lines.push("");
  const n = m.cols.length;
  const labelWidth = Math.max(...m.rows.map(displayWidth));
  const withValues = labelWidth + 1 + 5 * n <= o.width;
  lines.push(
    renderHeatmap(
      {
        rows: m.rows,
        cols: m.cols,
        values: m.weights,
        masked: m.additive.map((row) => row.map((v) => v !== 0)),
      },
      {
        palette: o.palette,
        lang: o.lang,
        axes: { rows: gridMessages["axis.query"], cols: gridMessages["axis.key"] },
        width: o.width,
        colormap: "sequential",
        range: { min: 0, max: 1 },
        showValues: withValues,
        title: say("view.mask.softmax")[o.lang],
      },
    ),
  );
  return lines.join("\n");
}

/** The 0 / -∞ grid, cells of 3, 2 or 1 columns; keys that still do not fit are cut, and said so. */
function additiveGrid(m: MaskMatrix, o: { palette: Palette; width: number; lang: Lang }): string[] {
  const labelWidth = Math.min(Math.max(...m.rows.map(displayWidth)), Math.floor(o.width / 4));
  const n = m.cols.length;
  const room = o.width - labelWidth - 1;
  const widest = Math.max(...m.cols.map(displayWidth));
  const cell = [Math.max(3, widest + 1), 3, 2, 1].find((c) => c * n <= room) ?? 1;
  const shown = Math.min(n, Math.max(1, Math.floor(room / cell)));
  const inf = cell === 1 ? "∞" : "-∞";
  const lines: string[] = [];
  const header = m.cols.slice(0, shown).map((c) => padStartWidth(truncateWidth(c, cell, ""), cell))
    .join("");
  lines.push(" ".repeat(labelWidth + 1) + header);
  m.additive.forEach((row, q) => {
    const cells = row.slice(0, shown).map((v) =>
      v === 0 ? padStartWidth("0", cell) : o.palette.paint(padStartWidth(inf, cell), { dim: true })
    ).join("");
    lines.push(padEndWidth(truncateWidth(m.rows[q], labelWidth), labelWidth) + " " + cells);
  });
  if (cell === 1) lines.push(...wrapWidth(say("view.mask.infinity")[o.lang], o.width));
  if (shown < n) {
    lines.push(
      ...wrapWidth(say("view.mask.cut", { shown, n })[o.lang], o.width),
    );
  }
  return lines;
}
