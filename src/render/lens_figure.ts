/**
 * The `lens` view as a figure: one row per layer (the output layer on top, as the terminal
 * stacks them), one column per position (labelled with the token read there and the token that
 * actually follows), each cell the layer's top token on its probability's colour (0..1, the
 * session's colormap), outlined and starred where it is the actual next token; the view's
 * axes, hits and "settled" lines as notes.
 */
import type { LensResult } from "../app/logit_lens.ts";
import type { Figure } from "./figure/figure.ts";
import { cleanText, showToken } from "./layout.ts";
import { hitsLine, layerName, NEXT_MARK, settledLine } from "./lens_view.ts";
import { lensViewMessages } from "./lens_view_messages.ts";
import { viewFigureMessages } from "./view_figure_messages.ts";
import type { ViewFigureOptions } from "./view_figure_options.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(lensViewMessages);
const words = messagesOf(viewFigureMessages);

/** The figure of a {@link LensResult}. */
export function lensFigure(r: LensResult, o: ViewFigureOptions): Figure {
  const { lang } = o;
  const rnn = r.arch === "gru" || r.arch === "lstm";
  const text = cleanText(r.output.text);
  const mode = r.mode === "seq2seq"
    ? say("view.lens.seq2seq", { text })
    : say(r.mode === "translate" ? "view.lens.translate" : "view.lens.continue", { text });
  const layers = [...r.layers].reverse(); // top-down: the output layer first
  const hit = (token: string, j: number) => r.next[j] !== undefined && token === r.next[j];
  const notes = [
    say("view.lens.axes", { mark: NEXT_MARK })[lang],
    hitsLine(r, lang),
    settledLine(r)[lang],
  ];
  if (rnn) {
    notes.push(say(r.layers.length === 1 ? "view.lens.oneLayer" : "view.lens.rnnNoEmbed")[lang]);
  }
  return {
    title: say(rnn ? "view.lens.titleRnn" : "view.lens.title", { model: cleanText(r.model) })[lang],
    subtitle: mode[lang],
    panels: [{
      kind: "heatmap",
      title: words("viewFigure.lens.panel")[lang],
      axes: {
        rows: words("viewFigure.lens.rows")[lang],
        cols: words("viewFigure.lens.cols")[lang],
      },
      rowLabels: layers.map((l) => layerName(l.layer)[lang]),
      colLabels: r.positions.map((token, j) =>
        `${showToken(token)} → ${showToken(r.next[j] ?? "")}`
      ),
      values: layers.map((l) => l.top.map((candidates) => candidates[0].p)),
      colormap: o.colormap,
      range: { min: 0, max: 1 },
      cellText: layers.map((l) =>
        l.top.map(([best], j) => (hit(best.token, j) ? NEXT_MARK : "") + showToken(best.token))
      ),
      marks: layers.map((l) => l.top.map(([best], j) => hit(best.token, j))),
      legend: words("viewFigure.lens.legend")[lang],
    }],
    notes,
  };
}
