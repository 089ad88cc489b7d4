/** The `attn` view as a Figure: the one matrix it draws, titled as the terminal titles it. */
import type { AttnResult } from "../app/select_attention.ts";
import { attnTitle } from "./attn_view.ts";
import type { Figure } from "./figure/figure.ts";
import { attentionPanel, type AttentionPanelStyle } from "./figure/heatmap_panel.ts";
import { cleanText, showToken } from "./layout.ts";

/** The figure of an {@link AttnResult}. */
export function attnFigure(r: AttnResult, style: AttentionPanelStyle): Figure {
  const { site, title } = attnTitle(r, style.lang);
  return {
    title,
    subtitle: `${r.input.map(showToken).join(" ")} → ${cleanText(r.output)}`,
    panels: [attentionPanel(site, r, title, style)],
    notes: [],
  };
}
