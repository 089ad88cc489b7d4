/**
 * The `mask` view as a Figure: per mask, the softmax of equal scores under it, the cells the
 * mask hides (-∞ added) hatched and each weight written in its cell, side by side.
 */
import type { MaskResult } from "../app/mask_demo.ts";
import { maskExplanation, maskLabel } from "./mask_view.ts";
import { gridMessages } from "./grid_messages.ts";
import { maskPeMessages } from "./mask_pe_messages.ts";
import type { Figure } from "./figure/figure.ts";
import type { ColormapName } from "./colormaps.ts";
import { heatmapPanel } from "./figure/heatmap_panel.ts";
import { figureMessages } from "./figure/figure_messages.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(figureMessages);
const sayMask = messagesOf(maskPeMessages);

/** The figure of a {@link MaskResult} in the session's sequential colormap. */
export function maskFigure(
  result: MaskResult,
  o: { colormap: ColormapName; lang: Lang },
): Figure {
  const panels = result.masks.map((m, s) =>
    heatmapPanel({
      rows: m.rows,
      cols: m.cols,
      values: m.weights,
      masked: m.additive.map((row) => row.map((v) => v !== 0)),
    }, {
      title: maskLabel(result, s)[o.lang],
      axes: { rows: gridMessages["axis.query"], cols: gridMessages["axis.key"] },
      colormap: o.colormap,
      range: { min: 0, max: 1 },
      showValues: true,
      legend: say("figure.legend.weight")[o.lang],
      lang: o.lang,
    })
  );
  return {
    title: `mask ${result.kind} ${result.n}`,
    subtitle: sayMask("view.mask.softmax")[o.lang],
    layout: "row",
    panels,
    notes: [say("figure.note.hatched")[o.lang], maskExplanation(result, o.lang)],
  };
}
