/**
 * The `rollout` view as a figure: the rollout and the last layer's raw attention side by side,
 * each drawn as the terminal draws it (the site's mask and axes, 0..1 in the session's
 * colormap, each row's largest cell outlined), and the view's distance and verdict as notes.
 */
import type { RolloutResult } from "../app/attribution/rollout_text.ts";
import type { Figure } from "./figure/figure.ts";
import { cleanText } from "./layout.ts";
import { attentionPanel } from "./figure/heatmap_panel.ts";
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
  // The grids as the terminal draws them (grid_pair.ts): the site's axes and mask, 0..1.
  const panel = (title: string, weights: number[][]) =>
    attentionPanel(r.kind, { rows: r.rows, cols: r.cols, weights }, title, o);
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
      {
        ...panel(say("view.rollout.left", { last: r.layers - 1 })[lang], r.weights),
        legend: words("viewFigure.rollout.legend")[lang],
      },
      panel(say("view.rollout.right", { layer: r.layers - 1, heads: r.heads })[lang], r.raw),
    ],
    notes: rolloutNotes(r).map((note) => note[lang]),
  };
}
