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
import { attentionGrid, type GridSite } from "./attention_grid.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { attnViewMessages } from "./attn_view_messages.ts";
import { runViewMessages } from "./run_view_messages.ts";
import { cleanText, wrapWidth } from "./layout.ts";

const say = messagesOf(attnViewMessages);
const sayRun = messagesOf(runViewMessages);

/** Renders an {@link AttnResult} within `width` columns. */
export function renderAttn(
  r: AttnResult,
  o: { palette: Palette; width: number; colormap?: Colormap; showValues?: boolean; lang?: Lang },
): string {
  const lang = o.lang ?? "en";
  const { site, title } = attnTitle(r, lang);
  const grid = attentionGrid(site, r);
  const lines = [
    renderHeatmap(grid.matrix, {
      palette: o.palette,
      lang,
      axes: grid.axes,
      width: o.width,
      colormap: o.colormap ?? "sequential",
      range: { min: 0, max: 1 }, // probabilities: the same color means the same weight in every view
      argmax: true,
      halfBlock: "auto", // long sequences: two rows per line with color
      showValues: o.showValues,
      title,
      downsampleHint: sayRun("view.run.everyWeight")[lang],
    }),
  ];
  const others = r.kinds.filter((k) => k !== r.kind);
  const hints = [
    r.heads > 1
      ? say("view.attn.oneHead", { kind: r.kind, layer: r.layer, last: r.heads - 1 })[lang]
      : "",
    others.length > 0
      ? say("view.attn.also", { others: others.map((k) => `attn ${k}`).join(", ") })[lang]
      : "",
  ].filter((h) => h !== "");
  if (hints.length > 0) lines.push(...wrapWidth(hints.join("; "), o.width));
  return lines.join("\n");
}

/**
 * The matrix's site as the grid draws it (a GPT's decoder is "decoder-only") and the title:
 * the model, the matrix, the layer and the head or mean.
 */
export function attnTitle(r: AttnResult, lang: Lang): { site: GridSite; title: string } {
  const which = r.kind === "alignment" ? "" : say("view.attn.layer", {
    layer: r.layer,
    range: r.layers.length > 1
      ? say("view.attn.layers", { first: r.layers[0], last: r.layers.at(-1)! })
      : "",
    head: r.head === "mean"
      ? say("view.attn.mean", { heads: r.heads })
      : say("view.attn.head", { head: r.head, last: r.heads - 1 }),
  })[lang];
  // A run that recorded decoder self-attention only is a decoder-only GPT's: one sequence
  // (prompt + output) on both axes, not output steps over the tokens fed back.
  const decoderOnly = r.kinds.length === 1 && r.kind === "decoder";
  const site = decoderOnly ? "decoder-only" : r.kind;
  const title = `${cleanText(r.model)}: ${say(`view.attn.${site}`)[lang]}${which}`;
  return { site, title };
}
