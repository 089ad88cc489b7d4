/**
 * The `pe` view as a Figure: the whole table (every dimension: no pages in a picture) in the
 * diverging colormap on the terminal's range, and what it means under it.
 */
import type { PeResult } from "../app/pe_table.ts";
import { peExplanation, peRange, peTitle } from "./pe_view.ts";
import { gridMessages } from "./grid_messages.ts";
import type { Figure } from "./figure/figure.ts";
import { heatmapPanel } from "./figure/heatmap_panel.ts";
import { figureMessages } from "./figure/figure_messages.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(figureMessages);

/** The figure of a {@link PeResult} (no panel when it has no table). */
export function peFigure(result: PeResult, lang: Lang): Figure {
  const title = peTitle(result, lang);
  const panels = result.values
    ? [heatmapPanel({ rows: result.rows, cols: result.cols, values: result.values }, {
      title,
      axes: {
        rows: gridMessages["axis.position"],
        cols: result.kind === "rope" ? gridMessages["axis.pair"] : gridMessages["axis.dimension"],
      },
      colormap: "diverging",
      range: peRange(result),
      legend: say("figure.legend.encoding")[lang],
      lang,
    })]
    : [];
  return {
    title: `pe ${result.kind}`,
    subtitle: title,
    panels,
    notes: [peExplanation(result, lang)],
  };
}
