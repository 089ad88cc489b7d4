/**
 * The `hidden` view: the last run's hidden states of one layer as strips,
 * one row per step (RNN) or position (Transformer), encoder then decoder,
 * all on one diverging scale so that rows can be compared cell by cell.
 */
import type { HiddenResult } from "../app/select_hidden.ts";
import type { Palette } from "./color.ts";
import { rangeFor } from "./colormap.ts";
import { cleanText } from "./layout.ts";
import { renderStrips } from "./strip.ts";

/** Renders a {@link HiddenResult} within `width` columns. */
export function renderHidden(r: HiddenResult, o: { palette: Palette; width: number }): string {
  if (r.blocks.length === 0) return `${cleanText(r.model)}: no hidden states recorded`;
  const range = rangeFor("diverging", r.blocks.flatMap((b) => b.values.flat()));
  const what = r.family === "rnn" ? "state after each step" : "output at each position";
  return r.blocks.map((b) =>
    renderStrips(
      b.values.map((values, i) => ({ label: b.labels[i] ?? String(i), values })),
      {
        palette: o.palette,
        width: o.width,
        range,
        title: `${cleanText(r.model)}: ${b.where} layer ${b.layer}, ${what} (${
          b.values[0]?.length ?? 0
        } units; blue < 0 < red)`,
      },
    )
  ).join("\n\n");
}
