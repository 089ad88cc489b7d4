/**
 * The `attn` view: one attention matrix of the last run as a heatmap, query
 * tokens down the side, key tokens across the top, the brightest cell of each
 * row marked and named at the row's end, and a line saying which matrices
 * exist besides this one.
 */
import type { AttnResult } from "../app/select_attention.ts";
import type { Palette } from "./color.ts";
import type { Colormap } from "./colormap.ts";
import { renderHeatmap } from "./heatmap.ts";
import { attentionGrid } from "./attention_grid.ts";
import type { Lang } from "../platform/i18n/messages.ts";
import { cleanText, wrapWidth } from "./layout.ts";

/** What each kind of matrix means, for the title. */
const meaning: Record<AttnResult["kind"], string> = {
  encoder: "encoder self-attention (rows: source positions, cols: what each one reads)",
  decoder: "decoder self-attention, causal (rows: output steps, cols: tokens fed back)",
  cross: "cross-attention (rows: output steps, cols: source tokens)",
  alignment: "RNN alignment (rows: output steps, cols: source tokens)",
};

/** Renders an {@link AttnResult} within `width` columns. */
export function renderAttn(
  r: AttnResult,
  o: { palette: Palette; width: number; colormap?: Colormap; showValues?: boolean; lang?: Lang },
): string {
  const which = r.kind === "alignment"
    ? ""
    : `, layer ${r.layer}${r.layers.length > 1 ? ` of ${r.layers[0]}-${r.layers.at(-1)}` : ""}, ${
      r.head === "mean" ? `mean of ${r.heads} heads` : `head ${r.head} of 0-${r.heads - 1}`
    }`;
  const title = `${cleanText(r.model)}: ${meaning[r.kind]}${which}`;
  const grid = attentionGrid(r.kind, r);
  const lines = [
    renderHeatmap(grid.matrix, {
      palette: o.palette,
      lang: o.lang,
      axes: grid.axes,
      width: o.width,
      colormap: o.colormap ?? "sequential",
      range: { min: 0, max: 1 }, // probabilities: the same color means the same weight in every view
      argmax: true,
      halfBlock: "auto", // long sequences: two rows per line with color
      showValues: o.showValues,
      title,
      downsampleHint: "use --json for every weight",
    }),
  ];
  const others = r.kinds.filter((k) => k !== r.kind);
  const hints = [
    r.heads > 1 ? `attn ${r.kind} ${r.layer} 0..${r.heads - 1} for one head` : "",
    others.length > 0 ? `also: ${others.map((k) => `attn ${k}`).join(", ")}` : "",
  ].filter((h) => h !== "");
  if (hints.length > 0) lines.push(...wrapWidth(hints.join("; "), o.width));
  return lines.join("\n");
}
