/**
 * The figures of lens, rollout and saliency (src/render/*_figure.ts) on hand-made results: the
 * labels, values, ranges, marks, colormap and notes they hold are what the terminal view of the
 * same result shows, in English and Korean.
 */
import assert from "node:assert/strict";
import type { LensResult } from "../../src/app/logit_lens.ts";
import type { RolloutResult } from "../../src/app/attribution/rollout_text.ts";
import type { SaliencyResult } from "../../src/app/attribution/saliency_text.ts";
import type { HeatmapPanel } from "../../src/render/figure/figure.ts";
import { lensFigure } from "../../src/render/lens_figure.ts";
import { renderLens } from "../../src/render/lens_view.ts";
import { rolloutFigure } from "../../src/render/rollout_figure.ts";
import { renderRollout } from "../../src/render/rollout_view.ts";
import { saliencyFigure } from "../../src/render/saliency_figure.ts";
import { renderSaliency } from "../../src/render/saliency_view.ts";
import { Palette } from "../../src/render/color.ts";
import { namedColormap } from "../../src/render/colormaps.ts";
import { cellNumber } from "../../src/render/grid_cells.ts";

const flat = (text: string) => text.replace(/\s+/g, " ");
const heatmap = (panel: unknown) => panel as HeatmapPanel;

const lens: LensResult = {
  model: "tiny-gpt",
  backend: "cpu",
  arch: "gpt",
  mode: "continue",
  input: { tokens: ["<bos>", "▁I"] },
  output: { tokens: ["▁am"], text: "am" },
  positions: ["<bos>", "▁I"],
  next: ["▁I", "▁am"],
  layers: [
    {
      layer: -1,
      top: [[{ token: "▁I", id: 5, p: 0.2 }], [{ token: "▁a", id: 7, p: 0.1 }]],
    },
    {
      layer: 0,
      top: [[{ token: "▁I", id: 5, p: 0.9 }], [{ token: "▁am", id: 6, p: 0.6 }]],
    },
  ],
  settled: [-1, 0],
  warnings: [],
};

Deno.test("lens figure: the terminal's rows, top tokens, probabilities and marks", () => {
  const figure = lensFigure(lens, { lang: "en", colormap: "magma" });
  const text = renderLens(lens, {
    palette: new Palette(0),
    width: 100,
    lang: "en",
    colormap: namedColormap("magma"),
  });
  const panel = heatmap(figure.panels[0]);
  assert.equal(panel.kind, "heatmap");
  // The terminal stacks the layers with the output on top: layer 0 above embed.
  const lines = text.split("\n");
  const top = lines.findIndex((l) => l.startsWith("next "));
  panel.rowLabels.forEach((label, i) => assert.ok(lines[top + 1 + i].startsWith(`${label} `)));
  assert.ok(lines[top + 1 + panel.rowLabels.length].startsWith("input "), text);
  assert.deepEqual(panel.rowLabels, ["layer 0", "embed"]);
  assert.deepEqual(panel.colLabels, ["<bos> → ▁I", "▁I → ▁am"]);
  assert.deepEqual(panel.values, [[0.9, 0.6], [0.2, 0.1]]);
  assert.deepEqual(panel.cellText, [["*▁I", "*▁am"], ["*▁I", "▁a"]]);
  assert.deepEqual(panel.marks, [[true, true], [true, false]]);
  for (const cell of ["*▁I", "*▁am", "▁a"]) assert.ok(text.includes(cell), cell);
  assert.equal(panel.colormap, "magma");
  assert.deepEqual(panel.range, { min: 0, max: 1 });
  for (const note of figure.notes) assert.ok(flat(text).includes(flat(note)), note);
  assert.ok(
    figure.notes.some((n) => /top token = next token at: embed 1\/2, layer 0 2\/2/.test(n)),
  );

  const ko = lensFigure(lens, { lang: "ko", colormap: "viridis" });
  assert.deepEqual(heatmap(ko.panels[0]).rowLabels, ["층 0", "임베딩"]);
  assert.match(heatmap(ko.panels[0]).legend, /1위 토큰의 확률/);
  assert.match(ko.title, /로짓 렌즈/);
});

const tokens = ["나는", "학생이다", "<eos>"];
const rollout: RolloutResult = {
  model: "m",
  backend: "cpu",
  kind: "decoder",
  layers: 2,
  heads: 4,
  input: { tokens: ["나는", "학생이다"] },
  output: { tokens: ["I"], text: "I" },
  rows: tokens,
  cols: tokens,
  weights: [[1, 0, 0], [0.3, 0.7, 0], [0.5, 0.2, 0.3]],
  raw: [[1, 0, 0], [0.6, 0.4, 0], [0.1, 0.1, 0.8]],
  distance: { js: [0, 0.1, 0.2], meanJs: 0.1, argmaxDiffers: 2 / 3 },
  warnings: [],
};

Deno.test("rollout figure: two grids side by side, the causal mask empty, each row's maximum marked", () => {
  const figure = rolloutFigure(rollout, { lang: "en", colormap: "gray" });
  const text = renderRollout(rollout, { palette: new Palette(0), width: 120, lang: "en" });
  assert.equal(figure.layout, "row");
  const [left, right] = figure.panels.map(heatmap);
  assert.deepEqual(left.values, [[1, null, null], [0.3, 0.7, null], [0.5, 0.2, 0.3]]);
  assert.deepEqual(right.values[2], [0.1, 0.1, 0.8]);
  assert.deepEqual(left.marks!.map((row) => row.indexOf(true)), [0, 1, 0]);
  assert.deepEqual(right.marks!.map((row) => row.indexOf(true)), [0, 0, 2]);
  for (const panel of [left, right]) {
    assert.equal(panel.colormap, "gray");
    assert.deepEqual(panel.range, { min: 0, max: 1 });
    assert.deepEqual(panel.rowLabels, tokens);
    assert.ok(flat(text).includes(flat(panel.title)), panel.title);
    assert.ok(flat(text).includes(panel.axes.rows), panel.axes.rows);
  }
  for (const note of figure.notes) assert.ok(flat(text).includes(flat(note)), note);
  assert.match(figure.notes[0], /mean Jensen-Shannon divergence 0\.100 bits/);
  // `set values on`: each value written in its cell, as the terminal grid writes it.
  const valued = rolloutFigure(rollout, { lang: "en", colormap: "gray", showValues: true });
  assert.deepEqual(heatmap(valued.panels[0]).cellText![1], [
    cellNumber(0.3),
    cellNumber(0.7),
    null,
  ]);
  assert.equal(left.cellText, undefined);
  const ko = rolloutFigure(rollout, { lang: "ko", colormap: "gray" });
  assert.match(heatmap(ko.panels[1]).legend, /어텐션 가중치/);
  assert.match(heatmap(ko.panels[0]).legend, /롤아웃 가중치/);
});

function saliency(attention: boolean): SaliencyResult {
  const grid = [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1]];
  return {
    model: "m",
    backend: "cpu",
    input: { tokens: ["나는", "학생이다"] },
    output: { tokens: ["I", "<eos>"], text: "I" },
    rows: ["I", "<eos>"],
    cols: tokens,
    weights: grid,
    raw: grid,
    attention: attention
      ? { kind: "cross", layer: 1, heads: 4, weights: [[0.1, 0.8, 0.1], grid[1]] }
      : null,
    agreement: attention ? { rows: [0.5, 1], mean: 0.75 } : null,
    warnings: [],
  };
}

Deno.test("saliency figure: saliency beside attention, the agreement notes; alone without attention", () => {
  for (const lang of ["en", "ko"] as const) {
    const r = saliency(true);
    const figure = saliencyFigure(r, { lang, colormap: "viridis" });
    const text = renderSaliency(r, { palette: new Palette(0), width: 120, lang });
    const [left, right] = figure.panels.map(heatmap);
    assert.deepEqual(left.values, r.weights);
    assert.deepEqual(right.values, r.attention!.weights);
    assert.deepEqual(right.marks!.map((row) => row.indexOf(true)), [1, 1]);
    for (const panel of [left, right]) assert.ok(flat(text).includes(flat(panel.title)));
    for (const note of figure.notes) assert.ok(flat(text).includes(flat(note)), note);
  }
  assert.match(
    saliencyFigure(saliency(true), { lang: "en", colormap: "viridis" }).notes[0],
    /I 0\.50, <eos> 1\.00; mean 0\.75/,
  );
  const alone = saliencyFigure(saliency(false), { lang: "en", colormap: "viridis" });
  assert.equal(alone.panels.length, 1);
  assert.match(alone.notes[0], /has no attention to compare/);
});
