/**
 * The `rollout` view as a figure: the rollout and the last layer's raw attention side by side,
 * each drawn as the terminal draws it (the site's mask and axes, 0..1 in the session's
 * colormap, each row's largest cell outlined), and the view's distance and verdict as notes.
 */
import type { RolloutResult } from "../app/attribution/rollout_text.ts";
import type { Figure } from "./figure/figure.ts";
import { attentionGrid } from "./attention_grid.ts";
import { cleanText } from "./layout.ts";
import { heatmapPanel } from "./figure/heatmap_panel.ts";
import { rolloutNotes } from "./rollout_view.ts";
import { attributionViewMessages } from "./attribution_view_messages.ts";
import { viewFigureMessages } from "./view_figure_messages.ts";
import type { ViewFigureOptions } from "./view_figure_options.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(attributionViewMessages);
const words = messagesOf(viewFigureMessages);

/** The figure of a {@link RolloutResult}. */
export function rolloutFigure(r: RolloutResult, o: ViewFigureOptions): Figure {
  const { lang } = o;
  const panel = (title: string, weights: number[][], legend: string) => {
    const grid = attentionGrid(r.kind, { rows: r.rows, cols: r.cols, weights });
    return heatmapPanel(grid.matrix, {
      title,
      axes: grid.axes,
      colormap: o.colormap,
      range: { min: 0, max: 1 },
      argmax: true,
      showValues: o.showValues,
      legend,
      lang,
    });
  };
  const title = say("view.rollout.title", {
    model: cleanText(r.model),
    stack: say(`view.rollout.${r.kind}`),
    layers: r.layers,
  });
  return {
    title: title[lang],
    subtitle: `${cleanText(r.input.tokens.join(" "))} → ${cleanText(r.output.text)}`,
    layout: "row",
    panels: [
      panel(
        say("view.rollout.left", { last: r.layers - 1 })[lang],
        r.weights,
        words("viewFigure.rollout.legend")[lang],
      ),
      panel(
        say("view.rollout.right", { layer: r.layers - 1, heads: r.heads })[lang],
        r.raw,
        words("viewFigure.weight")[lang],
      ),
    ],
    notes: rolloutNotes(r).map((note) => note[lang]),
  };
}
