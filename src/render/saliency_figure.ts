/**
 * The `saliency` view as a figure: |gradient x input| per output token beside the model's own
 * attention over the same cells (one grid when the model has none), each drawn as the terminal
 * draws it (0..1 in the session's colormap, each row's largest cell outlined), and the view's
 * agreement lines as notes.
 */
import type { SaliencyResult } from "../app/attribution/saliency_text.ts";
import type { Figure } from "./figure/figure.ts";
import { cleanText } from "./layout.ts";
import { attentionPanel } from "./figure/heatmap_panel.ts";
import { agreementNotes, attentionTitle } from "./saliency_view.ts";
import { attributionViewMessages } from "./attribution_view_messages.ts";
import { viewFigureMessages } from "./view_figure_messages.ts";
import type { ViewFigureOptions } from "./view_figure_options.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(attributionViewMessages);
const words = messagesOf(viewFigureMessages);

/** The figure of a {@link SaliencyResult}. */
export function saliencyFigure(r: SaliencyResult, o: ViewFigureOptions): Figure {
  const { lang } = o;
  const model = cleanText(r.model);
  // Rows: output tokens, columns: source tokens, nothing masked (the terminal's "cross" site).
  const panel = (title: string, weights: number[][]) =>
    attentionPanel("cross", { rows: r.rows, cols: r.cols, weights }, title, o);
  const saliency = {
    ...panel(say("view.saliency.left")[lang], r.weights),
    legend: words("viewFigure.saliency.legend")[lang],
  };
  const compared = r.attention && r.agreement
    ? {
      panel: panel(attentionTitle(r.attention)[lang], r.attention.weights),
      notes: agreementNotes(r, r.agreement),
    }
    : null;
  return {
    title: say("view.saliency.title", { model })[lang],
    subtitle: `${cleanText(r.input.tokens.join(" "))} → ${cleanText(r.output.text)}`,
    layout: "row",
    panels: compared ? [saliency, compared.panel] : [saliency],
    notes: [
      ...(compared ? compared.notes : [say("view.saliency.noAttention", { model })]),
      say("view.saliency.signed"),
    ].map((note) => note[lang]),
  };
}
