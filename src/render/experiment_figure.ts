/**
 * An experiment's charts and grids as a figure: each chart the terminal draws (its series of
 * two points or more, on the same log axes) and each grid (the same range, each row's largest
 * cell outlined unless the grid says not, in the session's colormap); the claim above, the run
 * line, the conclusion and the notes under. Tables stay in the terminal and in --json: a
 * figure has no table panel. An experiment that draws neither chart nor grid gives a figure
 * without panels.
 */
import type { ExperimentResult } from "../experiments/experiment.ts";
import type { ChartPanel, Figure, FigurePanel } from "./figure/figure.ts";
import { heatmapPanel } from "./figure/heatmap_panel.ts";
import { experimentViewMessages } from "./experiment_view_messages.ts";
import { viewFigureMessages } from "./view_figure_messages.ts";
import type { ViewFigureOptions } from "./view_figure_options.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(experimentViewMessages);
const words = messagesOf(viewFigureMessages);

/** The figure of an {@link ExperimentResult}. */
export function experimentFigure(r: ExperimentResult, o: ViewFigureOptions): Figure {
  const { lang } = o;
  const where = `${r.backend}${r.adapter ? ` (${r.adapter})` : ""}`;
  const mode = say(r.quick ? "view.experiment.quick" : "view.experiment.full")[lang];
  const seconds = say("view.experiment.seconds", { seconds: (r.elapsedMs / 1000).toFixed(1) })[
    lang
  ];
  const charts = r.charts.flatMap((chart): FigurePanel[] => {
    const series = chart.series.filter((s) => s.x.length >= 2).map((s) => ({
      name: s.name,
      points: s.x.map((x, i) => [x, s.y[i]] as const).filter(([x, y]) =>
        Number.isFinite(x) && Number.isFinite(y) && (!chart.logX || x > 0) &&
        (!chart.logY || y > 0)
      ),
    })).filter((s) => s.points.length > 0);
    if (series.length === 0) return [];
    const panel: ChartPanel = {
      kind: "chart",
      title: chart.title[lang],
      xLabel: chart.xLabel,
      yLabel: chart.yLabel,
      series,
    };
    return [{
      ...panel,
      ...(chart.logX ? { logX: true } : {}),
      ...(chart.logY ? { logY: true } : {}),
    }];
  });
  const grids = (r.grids ?? []).map((grid) =>
    heatmapPanel(grid, {
      title: grid.title[lang],
      colormap: o.colormap,
      range: grid.range,
      argmax: grid.argmax ?? true,
      legend: words("viewFigure.value")[lang],
      lang,
    })
  );
  return {
    title: words("viewFigure.experiment.title", { name: r.experiment })[lang],
    subtitle: r.claim[lang],
    panels: [...charts, ...grids],
    notes: [
      `${where}, ${mode}, ${seconds}`,
      `${say("view.experiment.conclusion")[lang]}: ${r.conclusion[lang]}`,
      ...r.notes.map((note) => `${say("view.experiment.note")[lang]}: ${note[lang]}`),
    ],
  };
}
