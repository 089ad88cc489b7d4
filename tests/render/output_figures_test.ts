/**
 * The figures of compare, ablate, generate and the experiments (src/render/*_figure.ts) on
 * hand-made results: the labels, values, ranges, marks, colormap and notes they hold are what
 * the terminal view of the same result shows, in English and Korean.
 */
import assert from "node:assert/strict";
import { generateResult } from "../support/generate_result.ts";
import type { CompareResult } from "../../src/app/compare_models.ts";
import type { AblateResult } from "../../src/app/ablate_heads.ts";
import type { ExperimentResult } from "../../src/experiments/experiment.ts";
import type { BarsPanel, ChartPanel, HeatmapPanel } from "../../src/render/figure/figure.ts";
import { compareFigure } from "../../src/render/compare_figure.ts";
import { renderCompare } from "../../src/render/compare_view.ts";
import { ablateFigure } from "../../src/render/ablate_figure.ts";
import { renderAblate } from "../../src/render/ablate_view.ts";
import { generateFigure } from "../../src/render/generate_figure.ts";
import { renderGenerate } from "../../src/render/generate_view.ts";
import { experimentFigure } from "../../src/render/experiment_figure.ts";
import { renderExperiment } from "../../src/render/experiment_view.ts";
import { Palette } from "../../src/render/color.ts";
import { namedColormap } from "../../src/render/colormaps.ts";

const flat = (text: string) => text.replace(/\s+/g, " ");
const plain = new Palette(0);

const compare: CompareResult = {
  input: "abc",
  task: "reverse",
  reference: "cba",
  beyondTraining: null,
  rows: [
    {
      family: "RNN",
      model: "reverse-gru",
      arch: "gru",
      attention: "none",
      output: "cab",
      correct: false,
      ms: 12.5,
    },
    {
      family: "Transformer",
      model: "reverse-transformer",
      arch: "transformer",
      attention: "dot",
      output: "cba",
      correct: true,
      ms: 30,
    },
  ],
  missing: ["RNN+attention: no reverse model in weights/"],
};

Deno.test("compare figure: one bar per model, its time, labelled with its output and verdict", () => {
  for (const lang of ["en", "ko"] as const) {
    const figure = compareFigure(compare, { lang });
    const text = renderCompare(compare, { width: 120, lang });
    const bars = figure.panels[0] as BarsPanel;
    assert.equal(bars.kind, "bars");
    assert.deepEqual(bars.series.map((s) => s.values), [[12.5, 30]]);
    for (const note of figure.notes) assert.ok(flat(text).includes(flat(note)), note);
    assert.match(figure.subtitle!, /cba/);
  }
  const bars = compareFigure(compare, { lang: "en" }).panels[0] as BarsPanel;
  assert.deepEqual(bars.labels, [
    "RNN reverse-gru: cab (no)",
    "Transformer reverse-transformer: cba (yes)",
  ]);
  const ko = compareFigure(compare, { lang: "ko" }).panels[0] as BarsPanel;
  assert.match(ko.labels[0], /cab \(틀림\)/);
  assert.match(ko.title, /모델별 출력/);
});

const ablate: AblateResult = {
  model: "m",
  backend: "cpu",
  heads: ["cross:0.1"],
  mode: "zero",
  referenceSentences: 0,
  input: { tokens: ["나는", "학생이다", "<eos>"] },
  before: { tokens: ["I", "am", "<eos>"], p: [0.9, 0.8, 0.95], text: "I am", finished: true },
  after: { tokens: ["I", "am", "<eos>"], p: [0.85, 0.3, 0.9] },
  ablated: { tokens: ["I", "is", "<eos>"], text: "I is", finished: true },
  summary: {
    sameOutput: false,
    firstDifference: 1,
    meanBefore: 0.883,
    meanAfter: 0.683,
    largestDropStep: 1,
    largestDrop: 0.5,
  },
  warnings: [],
};

Deno.test("ablate figure: p with the heads on and off per step, the changed token, the verdict", () => {
  for (const lang of ["en", "ko"] as const) {
    const figure = ablateFigure(ablate, { lang });
    const text = renderAblate(ablate, { palette: plain, width: 120, lang });
    const bars = figure.panels[0] as BarsPanel;
    assert.deepEqual(bars.series.map((s) => s.values), [[0.9, 0.8, 0.95], [0.85, 0.3, 0.9]]);
    for (const s of bars.series) assert.ok(text.includes(s.name), s.name);
    for (const note of figure.notes) assert.ok(flat(text).includes(flat(note)), note);
  }
  const en = ablateFigure(ablate, { lang: "en" });
  assert.deepEqual((en.panels[0] as BarsPanel).labels, ["1 I", "2 am → is", "3 <eos>"]);
  assert.match(en.notes.join("\n"), /output changed from step 2 \(am -> is\)/);
  assert.deepEqual(
    (ablateFigure(ablate, { lang: "ko" }).panels[0] as BarsPanel).series.map((s) => s.name),
    ["p 켬", "p 끔"],
  );
});

const step = (token: string, id: number, p: number, other: number) => ({
  token,
  id,
  p,
  entropy: 0.5,
  top: [{ token, id, p }],
  before: [{ token: "▁x", id: 9, p: other }, { token, id, p }],
  rawEntropy: 0.7,
});

const generate = generateResult([step("▁I", 11, 0.6, 0.3), {
  ...step("▁am", 12, 0.9, 0.05),
  before: [{ token: "▁am", id: 12, p: 0.9 }],
}]);

Deno.test("generate figure: each step's candidates by rank, the chosen one marked; p and H per step", () => {
  const figure = generateFigure(generate, { lang: "en", colormap: "magma" });
  const text = renderGenerate(generate, { palette: plain, width: 100, lang: "en" });
  const grid = figure.panels[0] as HeatmapPanel;
  // Greedy: the model's own softmax, as the step lines list it.
  assert.deepEqual(grid.rowLabels, ["1 ▁I", "2 ▁am"]);
  assert.deepEqual(grid.colLabels, ["1", "2"]);
  assert.deepEqual(grid.values, [[0.3, 0.6], [0.9, null]]);
  assert.deepEqual(grid.cellText, [["▁x", "▁I"], ["▁am", null]]);
  assert.deepEqual(grid.marks, [[false, true], [true, false]]);
  assert.equal(grid.colormap, "magma");
  assert.deepEqual(grid.range, { min: 0, max: 1 });
  assert.match(text, /▁x \.30 · ▁I \.60/);
  const chart = figure.panels[1] as ChartPanel;
  assert.deepEqual(chart.series.map((s) => s.points), [[[1, 0.6], [2, 0.9]], [[1, 0.7], [2, 0.7]]]);
  assert.match(text, /0\.60 H 0\.70/);
  for (const note of figure.notes) assert.ok(flat(text).includes(flat(note)), note);
  const ko = generateFigure(generate, { lang: "ko", colormap: "viridis" });
  assert.match((ko.panels[0] as HeatmapPanel).axes.cols, /후보 순위/);
  assert.match(ko.notes.join("\n"), /탐욕 디코딩/);
});

const experiment: ExperimentResult = {
  experiment: "demo",
  claim: { en: "curves bend", ko: "곡선이 휜다" },
  quick: true,
  backend: "cpu",
  backendReason: "asked",
  adapter: null,
  elapsedMs: 1234,
  settings: {},
  tables: [],
  charts: [{
    title: { en: "time by length", ko: "길이별 시간" },
    xLabel: "n",
    yLabel: "ms",
    logX: true,
    series: [{ name: "rnn", x: [8, 16, 32], y: [1, 2, 4] }, { name: "one", x: [8], y: [1] }],
  }],
  grids: [{
    title: { en: "head 0", ko: "헤드 0" },
    rows: ["a", "b"],
    cols: ["x", "y"],
    values: [[0.2, 0.4], [0.6, 0.1]],
    argmax: false,
  }],
  headline: {},
  conclusion: { en: "it bends", ko: "휩니다" },
  notes: [{ en: "small sizes", ko: "작은 크기" }],
};

Deno.test("experiment figure: the charts' series of two points or more, the grids, the conclusion", () => {
  for (const lang of ["en", "ko"] as const) {
    const figure = experimentFigure(experiment, { lang, colormap: "gray" });
    const text = renderExperiment(experiment, { palette: plain, width: 100, lang });
    const [chart, grid] = figure.panels as [ChartPanel, HeatmapPanel];
    assert.equal(chart.kind, "chart");
    assert.equal(chart.logX, true);
    assert.equal(chart.logY, undefined);
    assert.deepEqual(chart.series, [{ name: "rnn", points: [[8, 1], [16, 2], [32, 4]] }]);
    assert.ok(text.includes(chart.title), chart.title);
    assert.deepEqual(grid.values, experiment.grids![0].values);
    assert.deepEqual(grid.range, { min: 0.1, max: 0.6 }); // the data's extent, as the terminal's
    assert.equal(grid.marks, undefined); // the grid asked for no argmax
    assert.equal(grid.colormap, "gray");
    assert.ok(text.includes(grid.title));
    for (const note of figure.notes) assert.ok(flat(text).includes(flat(note)), note);
  }
  assert.match(
    experimentFigure(experiment, { lang: "en", colormap: "gray" }).notes.join("\n"),
    /conclusion: it bends/,
  );
  const none = experimentFigure({ ...experiment, charts: [], grids: [] }, {
    lang: "en",
    colormap: "gray",
  });
  assert.equal(none.panels.length, 0);
});

Deno.test("experiment view: its grids take the session's colormap, as its figure does", () => {
  const magma = namedColormap("magma");
  const text = renderExperiment(experiment, {
    palette: new Palette(3),
    width: 100,
    lang: "en",
    colormap: magma,
  });
  // The grid's largest value (0.6) is the top of its range: magma's end colour.
  const { r, g, b } = magma.rgbAt(1);
  assert.ok(text.includes(`48;2;${r};${g};${b}m`), text);
  const grid = experimentFigure(experiment, { lang: "en", colormap: "magma" }).panels[1];
  assert.equal((grid as HeatmapPanel).colormap, magma.name);
});
