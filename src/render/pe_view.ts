/**
 * The `pe` view: the positional table as a diverging heatmap (positions x dimensions), then
 * what it means. Dimension numbers are written as ticks (`0 2 4 ... 10 12`), never jammed
 * together; a long table with color draws two positions per line (half blocks).
 */
import type { PeResult } from "../app/pe_table.ts";
import type { Palette } from "./color.ts";
import { renderHeatmap } from "./heatmap.ts";
import { gridMessages } from "./grid_messages.ts";
import { wrapWidth } from "./layout.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { explainPe } from "../app/explain.ts";
import { maskPeMessages } from "./mask_pe_messages.ts";

const say = messagesOf(maskPeMessages);

/** Positions above which a colored table uses half blocks. */
const HALF_BLOCK_POSITIONS = 24;

/** Renders a `pe` result within `width` columns; wide tables are paged (`page`, 1-based). */
export function renderPe(
  result: PeResult,
  options: { palette: Palette; width: number; page?: number; lang?: Lang },
): string {
  const lines: string[] = [];
  if (result.values) {
    const lang = options.lang ?? "en";
    lines.push(
      renderHeatmap(
        { rows: result.rows, cols: result.cols, values: result.values },
        {
          palette: options.palette,
          width: options.width,
          lang: options.lang,
          colormap: "diverging",
          range: peRange(result),
          title: peTitle(result, lang),
          axes: {
            rows: gridMessages["axis.position"],
            cols: result.kind === "rope"
              ? gridMessages["axis.pair"]
              : gridMessages["axis.dimension"],
          },
          halfBlock: result.length > HALF_BLOCK_POSITIONS,
          overflow: "page",
          page: options.page,
          pageHint: (page) => say("view.pe.page", { page })[lang],
        },
      ),
    );
    lines.push("");
  }
  lines.push(...wrapWidth(peExplanation(result, options.lang ?? "en"), options.width));
  return lines.join("\n");
}

/** The table's title: which encoding, of which model, its positions and width. */
export function peTitle(result: PeResult, lang: Lang): string {
  return (result.kind === "rope"
    ? say("view.pe.rope", { length: result.length, pairs: result.dim / 2, dim: result.dim })
    : say("view.pe.table", {
      kind: say(result.kind === "learned" ? "view.pe.learned" : "view.pe.sinusoidal"),
      of: result.model ? say("view.pe.of", { model: result.model }) : "",
      length: result.length,
      dim: result.dim,
    }))[lang];
}

/** The colormap's ends: sin and cos live in [-1, 1]; a learned table spans its own extent. */
export function peRange(result: PeResult): { min: number; max: number } | undefined {
  return result.kind !== "learned" ? { min: -1, max: 1 } : undefined;
}

/** What the table means, in `lang`. */
export function peExplanation(result: PeResult, lang: Lang): string {
  // The result carries the English (--json); the catalog has it in every language.
  return lang === "en" ? result.explanation : explainPe(result).ko;
}
