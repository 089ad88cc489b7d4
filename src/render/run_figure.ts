/**
 * The `run` view as a Figure (for --svg, --png, --html): the same grid run_view.ts draws (the
 * RNN alignment, the last cross-attention layer or a GPT's last self-attention layer, heads
 * averaged, each row's maximum marked) in the session's colormap, with the view's head lines
 * (model, input, output, decoding) as notes.
 */
import type { RunResult } from "../models/run_result.ts";
import type { ColormapName } from "./colormaps.ts";
import { attentionGrid } from "./attention_grid.ts";
import { headLines, pickAttention } from "./run_view.ts";
import type { Figure } from "./figure/figure.ts";
import { heatmapPanel } from "./figure/heatmap_panel.ts";
import { figureMessages } from "./figure/figure_messages.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(figureMessages);

/** The run's figure: one heatmap (none when the run recorded no attention). */
export function runFigure(
  result: RunResult,
  o: { text: string; colormap: ColormapName; lang: Lang; showValues?: boolean },
): Figure {
  const lines = headLines(result, o.lang).map((l) => l.replace(/\s{2,}/g, "  ").trim());
  const shown = pickAttention(result.attention);
  const panels = [];
  if (shown) {
    const decoderOnly = result.attention.every((a) => a.kind === "decoder");
    const grid = attentionGrid(decoderOnly ? "decoder-only" : "cross", shown);
    panels.push(heatmapPanel(grid.matrix, {
      title: shown.title[o.lang],
      axes: grid.axes,
      colormap: o.colormap,
      range: { min: 0, max: 1 }, // as the terminal: the same color means the same weight
      argmax: true,
      showValues: o.showValues,
      legend: say("figure.legend.weight")[o.lang],
      lang: o.lang,
    }));
  }
  return {
    title: say("figure.title.run", { text: o.text })[o.lang],
    subtitle: lines[0],
    panels,
    notes: lines.slice(1),
  };
}
