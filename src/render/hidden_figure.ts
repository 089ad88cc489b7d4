/**
 * The `hidden` view as a Figure: one heatmap per block (encoder, decoder), a row per step or
 * position, a column per unit (every unit: a picture has the room the terminal lacks), all on
 * the one diverging scale the terminal's strips share.
 */
import type { HiddenResult } from "../app/select_hidden.ts";
import { rangeFor } from "./colormap.ts";
import { hiddenTitle } from "./hidden_view.ts";
import type { Figure } from "./figure/figure.ts";
import { heatmapPanel } from "./figure/heatmap_panel.ts";
import { figureMessages } from "./figure/figure_messages.ts";
import { hiddenMessages } from "./hidden_messages.ts";
import { cleanText } from "./layout.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(figureMessages);
const sayHidden = messagesOf(hiddenMessages);

/** The figure of a {@link HiddenResult}. */
export function hiddenFigure(r: HiddenResult, lang: Lang): Figure {
  const range = rangeFor("diverging", r.blocks.flatMap((b) => b.values.flat()));
  const panels = r.blocks.map((b) =>
    heatmapPanel({
      rows: b.values.map((_, i) => b.labels[i] ?? String(i)),
      cols: (b.values[0] ?? []).map((_, j) => String(j)),
      values: b.values,
    }, {
      title: hiddenTitle(r, b, lang),
      axes: {
        rows: sayHidden(r.family === "rnn" ? "hidden.rnnRow" : "hidden.transformerRow"),
        cols: say("figure.axis.unit"),
      },
      colormap: "diverging",
      range,
      legend: say("figure.legend.state")[lang],
      lang,
    })
  );
  return { title: `hidden: ${cleanText(r.model)}`, panels, notes: [] };
}
