import assert from "node:assert/strict";
/**
 * Every view at color levels 0 and 3 and widths 40, 80 and 200, compared
 * with stored snapshots, and checked to fit the width (and, at level 0, to
 * have no escape codes).
 */
import { Palette } from "../../src/render/color.ts";
import { renderHeatmap } from "../../src/render/heatmap.ts";
import { renderStrips } from "../../src/render/strip.ts";
import { renderChart } from "../../src/render/chart.ts";
import { renderTable } from "../../src/render/table.ts";
import { renderRun } from "../../src/render/run_view.ts";
import { namedColormap } from "../../src/render/colormaps.ts";
import { renderPe } from "../../src/render/pe_view.ts";
import { renderMask } from "../../src/render/mask_view.ts";
import type { RunResult } from "../../src/models/run_result.ts";
import type { PeResult } from "../../src/app/pe_table.ts";
import type { MaskResult } from "../../src/app/mask_demo.ts";
import { sinusoidalTable } from "../../src/models/layers/positional.ts";
import { assertFits, assertNoEscapes, assertSnapshot } from "./snapshot.ts";

const LEVELS = [0, 3] as const;
const WIDTHS = [40, 80, 200];

/** Cross-attention of "나는 학생이다" -> "I am a student". */
export const koEn = {
  rows: ["I", "am", "a", "student", "<eos>"],
  cols: ["나는", "학생이다", "<eos>"],
  values: [
    [0.82, 0.12, 0.06],
    [0.41, 0.47, 0.12],
    [0.2, 0.7, 0.1],
    [0.04, 0.93, 0.03],
    [0.05, 0.15, 0.8],
  ],
};

/** A wide signed matrix: 6 rows x 96 columns. */
const wide = {
  rows: ["h1", "h2", "h3", "h4", "h5", "h6"],
  cols: Array.from({ length: 96 }, (_, j) => `d${j}`),
  values: Array.from(
    { length: 6 },
    (_, i) => Array.from({ length: 96 }, (_, j) => Math.sin((i + 1) * j / 9)),
  ),
};

const runResult: RunResult = {
  model: "ko-en-transformer",
  backend: "cpu",
  input: {
    tokens: ["나는", "학생이다"],
    written: ["나는", "학생이다"],
    ids: [5, 6],
    unknown: [false, false],
  },
  output: { tokens: ["I", "am", "a", "student"], text: "I am a student" },
  attention: [0, 1].map((head) => ({
    kind: "cross" as const,
    layer: 1,
    head,
    rows: koEn.rows,
    cols: koEn.cols,
    weights: koEn.values,
  })),
  hidden: [],
  timings: [{ name: "decode", wallMs: 12.5, gpuMs: 3.25 }],
  decoding: { method: "greedy", steps: 5, maxSteps: 31, finished: true },
  warnings: [],
};

const peResult: PeResult = {
  kind: "sinusoidal",
  length: 12,
  dim: 48,
  rows: Array.from({ length: 12 }, (_, i) => String(i)),
  cols: Array.from({ length: 48 }, (_, i) => String(i)),
  values: Array.from(
    { length: 12 },
    (_, p) => Array.from(sinusoidalTable(12, 48).subarray(p * 48, (p + 1) * 48)),
  ),
  explanation: "PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)).",
};

const maskResult: MaskResult = {
  kind: "causal",
  n: 4,
  masks: [{
    label: "causal",
    rows: ["1", "2", "3", "4"],
    cols: ["1", "2", "3", "4"],
    additive: [0, 1, 2, 3].map((q) =>
      [0, 1, 2, 3].map((k) => (k > q ? "-inf" as const : 0 as const))
    ),
    weights: [0, 1, 2, 3].map((q) => [0, 1, 2, 3].map((k) => (k > q ? 0 : 1 / (q + 1)))),
  }],
  explanation: "Position q may look at keys 1..q only.",
};

const views: Record<string, (palette: Palette, width: number) => string> = {
  "heatmap-ko-en": (palette, width) =>
    renderHeatmap(koEn, {
      palette,
      width,
      argmax: true,
      range: { min: 0, max: 1 },
      title: "cross-attention",
    }),
  "heatmap-values": (palette, width) =>
    renderHeatmap(koEn, {
      palette,
      width,
      argmax: true,
      showValues: true,
      range: { min: 0, max: 1 },
    }),
  "heatmap-downsampled": (palette, width) =>
    renderHeatmap(wide, { palette, width, colormap: "diverging", downsampleHint: "use --page 1" }),
  "heatmap-paged": (palette, width) =>
    renderHeatmap(wide, {
      palette,
      width,
      colormap: "diverging",
      overflow: "page",
      page: 2,
      pageHint: (p) => `use --page ${p}`,
    }),
  "strips": (palette, width) =>
    renderStrips(
      [0, 1, 2].map((t) => ({
        label: `step ${t + 1}`,
        values: Array.from({ length: 24 }, (_, u) => Math.tanh(Math.sin(u * (t + 1) / 3) * 2)),
      })),
      { palette, width, title: "decoder hidden state after each step" },
    ),
  "strips-pooled": (palette, width) =>
    renderStrips(
      [{ label: "h", values: Array.from({ length: 300 }, (_, u) => Math.cos(u / 17)) }],
      { palette, width },
    ),
  "chart-log": (palette, width) => {
    const lengths = [8, 16, 32, 64, 128, 256, 512, 1024];
    return renderChart([
      { name: "rnn encoder", x: lengths, y: lengths.map((n) => 0.05 * n) },
      { name: "transformer encoder", x: lengths, y: lengths.map((n) => 1 + 4e-5 * n * n) },
    ], { palette, width, height: 6, logX: true, title: "ms per sentence", xLabel: "length" });
  },
  "table": (_palette, width) =>
    renderTable(
      ["model", "output", "correct", "ms"],
      [["gru", "I am a student", "yes", "3.1"], [
        "gru+bahdanau attention",
        "나는 학생이다 -> I am a student",
        "yes",
        "4.2",
      ]],
      { alignRight: [3], maxWidth: width },
    ),
  "run": (palette, width) => renderRun(runResult, { palette, columns: width }),
  "pe": (palette, width) => renderPe(peResult, { palette, width }),
  "mask": (palette, width) => renderMask(maskResult, { palette, width }),
};

for (const [name, view] of Object.entries(views)) {
  for (const level of LEVELS) {
    for (const width of WIDTHS) {
      Deno.test(`${name} view at color level ${level}, ${width} columns matches its snapshot and fits`, async () => {
        const text = view(new Palette(level), width);
        assertFits(text, width, name);
        if (level === 0) assertNoEscapes(text, name);
        await assertSnapshot(`${name}.level${level}.w${width}`, text);
      });
    }
  }
}

Deno.test("run's grid follows the session's colormap and values settings", () => {
  const plain = renderRun(runResult, { palette: new Palette(3), columns: 80 });
  const magma = renderRun(runResult, {
    palette: new Palette(3),
    columns: 80,
    colormap: namedColormap("magma"),
  });
  assert.notEqual(magma, plain, "another colormap paints other colors");
  const withValues = renderRun(runResult, {
    palette: new Palette(0),
    columns: 80,
    showValues: true,
  });
  const without = renderRun(runResult, { palette: new Palette(0), columns: 80 });
  assert.ok(/\d\.\d/.test(withValues.split("scale")[0].split("\n").slice(6).join("\n")));
  assert.notEqual(withValues, without);
});
