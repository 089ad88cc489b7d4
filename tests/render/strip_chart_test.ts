import assert from "node:assert/strict";
import { Palette } from "../../src/render/color.ts";
import { renderStrips } from "../../src/render/strip.ts";
import { renderChart } from "../../src/render/chart.ts";
import { assertFits, assertNoEscapes } from "./snapshot.ts";

const plain = new Palette(0);

Deno.test("renderStrips() draws one cell per unit on a shared symmetric scale with each strip's range", () => {
  const text = renderStrips(
    [{ label: "h1", values: [-1, 0, 1] }, { label: "h2", values: [0.5, -0.5, 0] }],
    { palette: plain, width: 40 },
  );
  const lines = text.split("\n");
  assert.equal(lines[0], "h1 =·#  [-1, 1]");
  assert.equal(lines[1], "h2 +-·  [-0.5, 0.5]");
  assert.match(text, /scale -1 \[.*\] 1 {2}min -1, max 1/);
});

Deno.test("renderStrips() averages units into groups when they do not fit, and says so", () => {
  const values = Array.from({ length: 200 }, (_, i) => (i < 100 ? -1 : 1));
  for (const width of [40, 80]) {
    const text = renderStrips([{ label: "h", values }], { palette: new Palette(3), width });
    assertFits(text, width);
    assert.match(text.replaceAll("\n", " "), /units averaged in groups of \d-\d \(200 -> \d+\)/);
  }
  assert.throws(
    () =>
      renderStrips([{ label: "a", values: [1] }, { label: "b", values: [1, 2] }], {
        palette: plain,
        width: 40,
      }),
    /expected every strip to have 1 values, got 2 in strip 1/,
  );
});

Deno.test("renderChart() fits the width, names every series and reports a log x range", () => {
  const x = [8, 16, 32, 64, 128, 256, 512, 1024];
  const series = [
    { name: "rnn", x, y: x.map((n) => n / 10) },
    { name: "transformer", x, y: x.map((n) => 1 + n * n * 1e-5) },
  ];
  for (const width of [40, 80, 200]) {
    for (const level of [0, 3] as const) {
      const text = renderChart(series, {
        palette: new Palette(level),
        width,
        logX: true,
        xLabel: "length",
      });
      assertFits(text, width);
      if (level === 0) assertNoEscapes(text);
      assert.match(text, /length 8 \.\. 1024 \(log scale\)/);
      assert.match(text, /rnn/);
      assert.match(text, /transformer/);
    }
  }
  // At level 0 the two series are drawn in different line styles.
  const plainText = renderChart(series, { palette: plain, width: 80, logX: true });
  assert.match(plainText, /─/);
  assert.match(plainText, /━/);
  assert.throws(
    () =>
      renderChart([{ name: "s", x: [0, 1], y: [1, 2] }], { palette: plain, width: 40, logX: true }),
    /x > 0/,
  );
});

Deno.test("renderChart() labels its y axis at nice steps in one notation, covering the data", () => {
  const text = renderChart([{ name: "loss", y: [3, 2, 1.5, 1.2, 0.25] }], {
    palette: plain,
    width: 60,
    height: 4,
  });
  const labels = text.split("\n").map((l) => l.match(/^\s*(\S+)[┤┼]/)?.[1]).filter((l) => l);
  assert.deepEqual(labels, ["3", "2", "1", "0"]);
  // Tiny and large values alike: one notation per axis, never 2.2e+3 beside -1.5e-3.
  const mixed = renderChart([{ name: "g", y: [-0.0015, 2200] }], {
    palette: plain,
    width: 60,
    height: 10,
  });
  const ticks = mixed.split("\n").map((l) => l.match(/^\s*(\S+)[┤┼]/)?.[1]).filter((l) => l);
  assert.ok(ticks.length >= 3, mixed);
  assert.ok(ticks.every((t) => !/e/.test(t!)), `plain numbers only: ${ticks.join(" ")}`);
  assert.ok(ticks.every((t) => Number(t) % 500 === 0), `steps of 500: ${ticks.join(" ")}`);
});

Deno.test("renderChart() labels a log y axis in the data's units (1, 10, 100), not in logs", () => {
  const x = [8, 16, 32, 64, 128, 256, 512, 1024];
  const text = renderChart([{ name: "ms", x, y: x.map((n) => n * n / 2000) }], {
    palette: plain,
    width: 60,
    height: 12,
    logX: true,
    logY: true,
  });
  const labels = text.split("\n").map((l) => l.match(/^\s*(\S+)[┤┼]/)?.[1]).filter((l) => l);
  for (const decade of ["0.1", "1", "10", "100"]) assert.ok(labels.includes(decade), text);
  assert.ok(labels.every((l) => Number(l) > 0), `real units, no logs: ${labels.join(" ")}`);
});

Deno.test("renderChart() gives six series six different line glyphs without color", () => {
  const x = [1, 2, 3, 4];
  const series = Array.from({ length: 6 }, (_, i) => ({ name: `s${i}`, x, y: x.map(() => i) }));
  const text = renderChart(series, { palette: plain, width: 60, height: 12 });
  assertNoEscapes(text);
  const legend = text.split("\n").find((line) => line.includes("s0") && line.includes("s5"));
  assert.ok(legend, `expected a legend naming s0..s5 in:\n${text}`);
  const marks = series.map(({ name }) => legend.slice(0, legend.indexOf(name)).trimEnd().slice(-2));
  assert.equal(new Set(marks).size, 6, `expected 6 distinct legend marks, got ${marks.join(" ")}`);
});
