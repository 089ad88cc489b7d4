/**
 * The `hidden` view: the last run's hidden states of one layer as strips, one row per step
 * (RNN) or position (Transformer), encoder then decoder, all on one diverging scale and averaged
 * into the same number of cells, so that column k is the same units in every panel. Each panel
 * is labelled (where, layer, what a row is) and every row shows its own range.
 */
import type { HiddenResult } from "../app/select_hidden.ts";
import type { Palette } from "./color.ts";
import { rangeFor } from "./colormap.ts";
import { cleanText, displayWidth, showToken } from "./layout.ts";
import { hiddenMessages } from "./hidden_messages.ts";
import { rangeNoteWidth, renderStrips, type Strip, stripCells } from "./strip.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(hiddenMessages);

/** Renders a {@link HiddenResult} within `width` columns. */
export function renderHidden(
  r: HiddenResult,
  o: { palette: Palette; width: number; lang?: Lang },
): string {
  const lang = o.lang ?? "en";
  if (r.blocks.length === 0) return say("hidden.none", { model: cleanText(r.model) })[lang];
  const range = rangeFor("diverging", r.blocks.flatMap((b) => b.values.flat()));
  const panels: Strip[][] = r.blocks.map((b) =>
    b.values.map((values, i) => ({ label: b.labels[i] ?? String(i), values }))
  );
  // One cell count for every panel: the narrowest any panel allows.
  const units = Math.max(...panels.map((p) => p[0]?.values.length ?? 0));
  const labelWidth = Math.min(
    Math.max(2, ...panels.flat().map((s) => displayWidth(showToken(s.label)))),
    Math.max(2, Math.floor(o.width / 4)),
  );
  const noteWidth = Math.max(...panels.map(rangeNoteWidth));
  const cells = stripCells({
    units,
    width: o.width,
    labelWidth,
    noteWidth,
    halves: o.palette.level > 0,
  });
  return r.blocks.map((b, k) =>
    renderStrips(panels[k], {
      palette: o.palette,
      width: o.width,
      lang,
      range,
      cells,
      title: hiddenTitle(r, b, lang),
    })
  ).join("\n\n");
}

/** A block's title: the model, encoder or decoder, the layer, what a row is, the units. */
export function hiddenTitle(
  r: HiddenResult,
  b: HiddenResult["blocks"][number],
  lang: Lang,
): string {
  const what = r.family === "rnn" ? say("hidden.rnnRow") : say("hidden.transformerRow");
  return say("hidden.title", {
    model: cleanText(r.model),
    where: say(b.where === "encoder" ? "hidden.encoder" : "hidden.decoder"),
    layer: b.layer,
    what,
    units: b.values[0]?.length ?? 0,
  })[lang];
}
