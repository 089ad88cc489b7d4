/**
 * The `compare` view as a figure: one bar per model, its warm run's time, labelled with what the
 * table shows of it (family, model, its output whole, right or wrong against the reference);
 * the input, task and reference above, and the view's notes (beyond training, what ms measures,
 * the families missing) under it.
 */
import type { CompareResult } from "../app/compare_models.ts";
import type { Figure } from "./figure/figure.ts";
import { cleanText } from "./layout.ts";
import { compareViewMessages } from "./compare_view_messages.ts";
import { viewFigureMessages } from "./view_figure_messages.ts";
import type { ViewFigureOptions } from "./view_figure_options.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(compareViewMessages);
const words = messagesOf(viewFigureMessages);

/** The figure of a {@link CompareResult} (bars: no colormap to take). */
export function compareFigure(r: CompareResult, o: Pick<ViewFigureOptions, "lang">): Figure {
  const { lang } = o;
  const mark = (c: boolean | null) =>
    c === null ? "?" : say(c ? "view.compare.yes" : "view.compare.no")[lang];
  const reference = r.reference === null
    ? say("view.compare.unknown")[lang]
    : cleanText(r.reference);
  const notes = [
    ...(r.beyondTraining === null ? [] : [
      say("view.compare.beyondTraining", { ...r.beyondTraining })[lang],
    ]),
    ...(r.rows.length > 0 ? [say("view.compare.warm")[lang]] : []),
    ...r.missing.map((m) => `(${m})`),
  ];
  return {
    title: words("viewFigure.compare.title", { input: cleanText(r.input) })[lang],
    subtitle: words("viewFigure.compare.subtitle", { task: r.task, reference })[lang],
    panels: [{
      kind: "bars",
      title: words("viewFigure.compare.bars")[lang],
      labels: r.rows.map((row) =>
        words("viewFigure.compare.label", {
          family: row.family,
          model: cleanText(row.model),
          output: cleanText(row.output) || say("view.compare.nothing")[lang],
          correct: mark(row.correct),
        })[lang]
      ),
      valueLabel: say("view.compare.ms")[lang],
      series: [{ name: say("view.compare.ms")[lang], values: r.rows.map((row) => row.ms) }],
    }],
    notes,
  };
}
