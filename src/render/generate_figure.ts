/**
 * The `generate` view as a figure: one row per generated token, its candidates by rank (the
 * ones its step line lists), each cell the candidate's probability in the session's colormap
 * (0..1) with the token written in it, the chosen one outlined; then p of the chosen token and
 * the entropy over the steps; the prompt, output, sampling and cache lines as notes.
 */
import type { GenerateResult } from "../app/generate_text.ts";
import type { ChartPanel, Figure, HeatmapPanel } from "./figure/figure.ts";
import { cleanText, showToken } from "./layout.ts";
import { cacheLine, samplingLine, stepNumbers } from "./generate_view.ts";
import { generateViewMessages } from "./generate_view_messages.ts";
import { viewFigureMessages } from "./view_figure_messages.ts";
import type { ViewFigureOptions } from "./view_figure_options.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(generateViewMessages);
const words = messagesOf(viewFigureMessages);

/** The figure of a {@link GenerateResult}. */
export function generateFigure(r: GenerateResult, o: ViewFigureOptions): Figure {
  const { lang } = o;
  const greedy = r.sampling.temperature === 0;
  const steps = r.steps.map((step) => ({ step, ...stepNumbers(step, greedy) }));
  const ranks = Math.max(0, ...steps.map((s) => s.shown.length));
  const byRank = <T>(f: (c: typeof steps[number]["shown"][number], chosen: boolean) => T) =>
    steps.map(({ step, shown }) =>
      Array.from(
        { length: ranks },
        (_, k) => (k < shown.length ? f(shown[k], shown[k].id === step.id) : null),
      )
    );
  const candidates: HeatmapPanel = {
    kind: "heatmap",
    title: words("viewFigure.generate.panel")[lang],
    axes: {
      rows: words("viewFigure.generate.rows")[lang],
      cols: words("viewFigure.generate.cols")[lang],
    },
    rowLabels: r.steps.map((step, i) => `${i + 1} ${showToken(step.token)}`),
    colLabels: Array.from({ length: ranks }, (_, k) => String(k + 1)),
    values: byRank((c) => c.p),
    colormap: o.colormap,
    range: { min: 0, max: 1 },
    cellText: byRank((c) => showToken(c.token)),
    marks: byRank((_, chosen) => chosen).map((row) => row.map((x) => x === true)),
    legend: words(greedy ? "viewFigure.generate.pRaw" : "viewFigure.generate.pFiltered")[lang],
  };
  const x = (i: number) => i + 1;
  const chart: ChartPanel = {
    kind: "chart",
    title: words("viewFigure.generate.chart")[lang],
    xLabel: words("viewFigure.generate.step")[lang],
    yLabel: words("viewFigure.generate.y")[lang],
    series: [
      { name: "p", points: steps.map((s, i) => [x(i), s.p] as const) },
      { name: "H", points: steps.map((s, i) => [x(i), s.entropy] as const) },
    ],
  };
  const modeLine = r.mode === "translate"
    ? say("view.generate.translate", { model: r.model })
    : say("view.generate.continue", { model: r.model });
  const notes = [
    say("view.generate.output", { text: cleanText(r.output.text) }),
    samplingLine(r),
    cacheLine(r),
    ...(r.stopped ? [] : [say("view.generate.stoppedNot", { n: r.maxNew })]),
    say("view.generate.legend"),
  ];
  return {
    title: modeLine[lang],
    subtitle: say("view.generate.prompt", { tokens: r.prompt.tokens.map(showToken).join(" ") })[
      lang
    ],
    panels: steps.length >= 2 ? [candidates, chart] : [candidates],
    notes: notes.map((note) => note[lang]),
  };
}
