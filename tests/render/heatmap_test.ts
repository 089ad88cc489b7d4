import assert from "node:assert/strict";
import fc from "fast-check";
import { Palette } from "../../src/render/color.ts";
import { formatValue } from "../../src/render/colormap.ts";
import { argmaxOf, poolColumns, renderHeatmap } from "../../src/render/heatmap.ts";
import { displayWidth, stripAnsi } from "../../src/render/layout.ts";
import { assertFits, assertNoEscapes } from "./snapshot.ts";

const plain = new Palette(0);

/** Column (0-based display offset) where `needle` starts in `line`. */
function columnOf(line: string, needle: string): number {
  const i = line.indexOf(needle);
  return i < 0 ? -1 : displayWidth(line.slice(0, i));
}

Deno.test("renderHeatmap() never exceeds the width, at any level, size or option", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 150 }),
      fc.integer({ min: 20, max: 220 }),
      fc.constantFrom(0, 1, 2, 3),
      fc.boolean(),
      fc.constantFrom("downsample", "page"),
      fc.constantFrom("나는", "학생이다", "student", "<eos>", "a"),
      (rows, cols, width, level, showValues, overflow, label) => {
        const matrix = {
          rows: Array.from({ length: rows }, (_, i) => `${label}${i}`),
          cols: Array.from({ length: cols }, (_, j) => (j % 2 ? label : `c${j}`)),
          values: Array.from(
            { length: rows },
            (_, i) => Array.from({ length: cols }, (_, j) => Math.sin(i * 7 + j)),
          ),
        };
        const text = renderHeatmap(matrix, {
          palette: new Palette(level as 0 | 1 | 2 | 3),
          width,
          argmax: true,
          showValues,
          overflow: overflow as "downsample" | "page",
          title: "a title that is long enough to need wrapping at narrow widths, surely",
        });
        assertFits(text, width);
        if (level === 0) assertNoEscapes(text);
      },
    ),
    { numRuns: 150 },
  );
});

Deno.test("renderHeatmap() aligns Korean row labels: every row's cells start in the same column", () => {
  const matrix = {
    rows: ["나는", "학생이다", "a"],
    cols: ["x", "y"],
    values: [[1, 0], [0, 1], [0.5, 0.5]],
  };
  // A scale from -1 keeps every cell visible (no blank shade right after the label).
  const lines = renderHeatmap(matrix, {
    palette: plain,
    width: 40,
    argmax: true,
    range: { min: -1, max: 1 },
  })
    .split("\n");
  const rowLines = lines.filter((l) => /^(나는|학생이다|a) /.test(l));
  assert.equal(rowLines.length, 3);
  // "학생이다" is 8 columns wide: cells start at column 9 on every row.
  for (const line of rowLines) {
    const label = /^(나는|학생이다|a)/.exec(line)![0];
    const padding = 9 - displayWidth(label);
    assert.equal(line.slice(label.length, label.length + padding), " ".repeat(padding), line);
    assert.notEqual(line[label.length + padding], " ", `a cell starts at column 9: ${line}`);
  }
  // The header "x y" stands over the first cell (centered in it).
  assert.ok(columnOf(lines[0], "x") >= 9 && columnOf(lines[0], "x") < 12, lines[0]);
});

Deno.test("renderHeatmap() writes Korean column labels horizontally and whole over wide cells", () => {
  const lines = renderHeatmap(
    { rows: ["I"], cols: ["나는", "학생이다"], values: [[0.2, 0.8]] },
    { palette: plain, width: 40 },
  ).split("\n");
  assert.match(lines[0], /^ +나는 +학생이다$/);
  // Each label is centered over its cell: "학생이다" starts after the first cell.
  assert.ok(columnOf(lines[0], "학생이다") >= 2 + 9, lines[0]);
});

Deno.test("renderHeatmap() legend shows the true min and max even under a fixed 0..1 scale", () => {
  const values = [[0.013, 0.2], [0.4, 0.931]];
  const text = renderHeatmap(
    { rows: ["a", "b"], cols: ["x", "y"], values },
    { palette: plain, width: 80, range: { min: 0, max: 1 } },
  );
  assert.match(text, /scale 0 \[.*\] 1/);
  assert.match(text, new RegExp(`min ${formatValue(0.013)}, max ${formatValue(0.931)}`));
});

Deno.test("renderHeatmap() legend min and max are the data's extremes for random matrices", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }),
        {
          minLength: 1,
          maxLength: 5,
        },
      ),
      (values) => {
        const text = stripAnsi(renderHeatmap(
          { rows: values.map((_, i) => `r${i}`), cols: ["a", "b", "c"], values },
          { palette: new Palette(3), width: 80, colormap: "diverging" },
        ));
        const flat = values.flat();
        assert.ok(
          text.includes(
            `min ${formatValue(Math.min(...flat))}, max ${formatValue(Math.max(...flat))}`,
          ),
        );
      },
    ),
  );
});

Deno.test("renderHeatmap() puts the argmax marker on each row's largest cell", () => {
  const values = [
    [0.1, 0.7, 0.2, 0.0],
    [0.9, 0.05, 0.05, 0.0],
    [0.0, 0.1, 0.2, 0.7],
  ];
  const lines = renderHeatmap(
    { rows: ["r0", "r1", "r2"], cols: ["a", "b", "c", "d"], values },
    { palette: plain, width: 80, argmax: true },
  ).split("\n");
  const rows = lines.filter((l) => l.startsWith("r"));
  const expected = [1, 0, 3];
  rows.forEach((line, i) => {
    // Cells start after "r0 " (3 columns), 3 columns each (a one-letter label and a margin).
    assert.equal(Math.floor((columnOf(line, "<>") - 3) / 3), expected[i], line);
    assert.equal(line.split("<>").length, 2, `one marker per row: ${line}`);
    assert.ok(line.includes(`→ ${"abcd"[expected[i]]} `), line);
  });
});

Deno.test("renderHeatmap() marks the argmax with '>' when values are printed, and bold in color", () => {
  const text = renderHeatmap(
    { rows: ["r"], cols: ["a", "b"], values: [[0.25, 0.75]] },
    { palette: plain, width: 80, argmax: true, showValues: true },
  );
  assert.match(text, /r +\.25 +>\.75/);
  const colored = renderHeatmap(
    { rows: ["r"], cols: ["a", "b"], values: [[0.25, 0.75]] },
    { palette: new Palette(3), width: 80, argmax: true, showValues: true },
  );
  // deno-lint-ignore no-control-regex
  assert.ok(/\x1b\[1m *>\.75/.test(colored), colored);
});

Deno.test("argmaxOf() takes the first of equal maxima and skips non-finite values", () => {
  assert.equal(argmaxOf([0.5, 0.5, 0.1]), 0);
  assert.equal(argmaxOf([NaN, 0.2, -Infinity]), 1);
  assert.equal(argmaxOf([]), -1);
});

Deno.test("poolColumns() keeps each row's mean (weighted by group size)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 200 }),
      fc.integer({ min: 1, max: 50 }),
      (row, groups) => {
        const pooled = poolColumns([row], groups);
        const sizes = pooled.ends.map((e, k) => e - pooled.starts[k]);
        assert.equal(sizes.reduce((a, b) => a + b, 0), row.length);
        const mean = row.reduce((a, b) => a + b, 0) / row.length;
        const weighted = pooled.values[0].reduce((s, v, k) => s + v * sizes[k], 0) / row.length;
        assert.ok(Math.abs(mean - weighted) < 1e-9, `${mean} vs ${weighted}`);
      },
    ),
  );
  // Equal groups: the plain mean of the pooled row is the row mean.
  const pooled = poolColumns([[1, 2, 3, 4, 5, 6]], 3);
  assert.deepEqual(pooled.values[0], [1.5, 3.5, 5.5]);
});

Deno.test("renderHeatmap() downsamples wide matrices and says so; paging says which columns", () => {
  const values = [Array.from({ length: 96 }, (_, j) => j)];
  const cols = values[0].map(String);
  const down = renderHeatmap({ rows: ["r"], cols, values }, { palette: plain, width: 60 });
  assert.match(
    down.replaceAll("\n", " "),
    /columns averaged in groups of 1-2 \(96 -> 58\) to fit 60 columns/,
  );
  const paged = renderHeatmap({ rows: ["r"], cols, values }, {
    palette: plain,
    width: 60,
    overflow: "page",
    page: 2,
    pageHint: (p) => `use --page ${p}`,
  });
  assert.match(
    paged.replaceAll("\n", " "),
    /showing columns 59-96 of 96 \(page 2 of 2\); use --page 1 for the first/,
  );
  assert.doesNotMatch(paged, /; use --page 3 for the next/);
});

Deno.test("renderHeatmap() refuses values that do not match the labels", () => {
  assert.throws(
    () =>
      renderHeatmap({ rows: ["a"], cols: ["x", "y"], values: [[1]] }, {
        palette: plain,
        width: 40,
      }),
    /expected 2 values in row 0 \(one per column label\), got 1/,
  );
});
