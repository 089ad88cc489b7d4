// deno-lint-ignore-file no-control-regex
/** The attention grid (render/heatmap.ts and its parts) and the hidden-state strips. */
import assert from "node:assert/strict";
import { Palette } from "../../src/render/color.ts";
import { causalMask, renderHeatmap } from "../../src/render/heatmap.ts";
import { columnHeader } from "../../src/render/grid_header.ts";
import { renderStrips } from "../../src/render/strip.ts";
import { renderHidden } from "../../src/render/hidden_view.ts";
import { displayWidth, stripAnsi } from "../../src/render/layout.ts";
import { assertFits } from "./snapshot.ts";

const cols = ["나는", "어제", "도서관에서", "책을", "읽었다", "<eos>"];
const rows = ["I", "read", "a", "book", "at", "the", "library", "yesterday", "<eos>"];
const values = rows.map((_, i) => {
  const raw = cols.map((_, j) => Math.exp(-Math.abs(j - (i * 6) / 9)));
  const sum = raw.reduce((a, b) => a + b);
  return raw.map((v) => v / sum);
});
const plain = new Palette(0);
const draw = (width: number, extra: Partial<Parameters<typeof renderHeatmap>[1]> = {}) =>
  renderHeatmap({ rows, cols, values }, { palette: plain, width, argmax: true, ...extra });

Deno.test("grid: no line wider than the width, at every width and color level", () => {
  for (const width of [20, 40, 60, 80, 120, 160, 250]) {
    for (const level of [0, 1, 2, 3] as const) {
      for (const showValues of [false, true]) {
        const text = renderHeatmap({ rows, cols, values }, {
          palette: new Palette(level),
          width,
          argmax: true,
          showValues,
          axes: { rows: "output token", cols: "source token" },
        });
        assertFits(text, width, `grid at ${width}, level ${level}`);
      }
    }
  }
});

Deno.test("grid: Korean column labels horizontal and whole when they fit; cells use the width", () => {
  const wide = draw(160).split("\n");
  const header = wide[0];
  for (const c of cols) assert.ok(header.includes(c), `${c} in ${header}`);
  // Cells are far wider than the old two columns: the header spans six wide cells.
  assert.ok(displayWidth(header) >= 10 + 5 * 11, `cells of 160 columns should be wide: ${header}`);
  // At 80 columns with the row notes: the words staggered over two lines, each whole.
  const [even, odd] = draw(80).split("\n");
  assert.match(even, /^ +나는 +도서관에서 +읽었다$/);
  assert.match(odd, /^ +어제 +책을 +<eos>$/);
  assert.match(
    draw(80, { argmax: false }).split("\n")[0],
    /나는 +어제 +도서관에서 +책을 +읽었다 +<eos>/,
  );
});

Deno.test("columnHeader(): one line, staggered, diagonal, then numbered with a key", () => {
  assert.equal(columnHeader(cols, 11, 80).style, "horizontal");
  const staggered = columnHeader(cols, 5, 30);
  assert.equal(staggered.style, "staggered");
  assert.match(staggered.lines[0], /^ *나는 +도서관에서 +읽었다$/);
  assert.match(staggered.lines[1], /^ *어제 +책을 +<eos>$/);
  const diagonal = columnHeader(cols, 4, 26);
  assert.equal(diagonal.style, "diagonal");
  assert.match(diagonal.lines[0].trim(), /^나는$/);
  assert.match(diagonal.lines[2], /│ +│ +도서관에서$/);
  const many = [...cols, ...cols];
  const numbered = columnHeader(many, 3, 36);
  assert.equal(numbered.style, "numbered");
  assert.match(numbered.lines[0], /1 +2 +3 .* 12$/);
  assert.match(numbered.key!, /^1 나는 · 2 어제 · 3 도서관에서/);
});

Deno.test("grid: a numbered header prints its key, in the session's language", () => {
  const many = [...cols, ...cols];
  const m = { rows, cols: many, values: values.map((r) => [...r, ...r].map((v) => v / 2)) };
  const en = renderHeatmap(m, { palette: plain, width: 50 });
  assert.match(en, /columns: 1 나는 · 2 어제 · 3 도서관에서/);
  const ko = renderHeatmap(m, { palette: plain, width: 50, lang: "ko" });
  assert.match(ko, /열: 1 나는/);
  assert.match(ko, /최소 .*최대/);
});

Deno.test("grid: numeric column labels become ticks, never jammed (101112)", () => {
  const n = 32;
  const text = renderHeatmap({
    rows: ["0", "1"],
    cols: Array.from({ length: n }, (_, j) => String(j)),
    values: [Array(n).fill(0.5), Array(n).fill(-0.5)],
  }, { palette: plain, width: 80, colormap: "diverging" });
  const header = text.split("\n")[0];
  assert.doesNotMatch(header, /1011|1112|\d{3}/);
  assert.match(header, /\b10\s+12\b/);
});

Deno.test("grid: a masked cell is a dim · with no color, unlike a weight of 0", () => {
  const m = { rows: ["a", "b"], cols: ["a", "b"], values: [[1, 0], [0, 1]] };
  const masked = renderHeatmap({ ...m, masked: causalMask(2, 2) }, { palette: plain, width: 40 });
  const zero = renderHeatmap(m, { palette: plain, width: 40 });
  assert.match(masked.split("\n")[1], /·/);
  assert.doesNotMatch(zero.split("\n")[1], /·/);
  assert.match(masked, /· masked: cannot attend/);
  assert.doesNotMatch(zero, /masked/);
  const colored = renderHeatmap({ ...m, masked: causalMask(2, 2) }, {
    palette: new Palette(3),
    width: 40,
  });
  const row = colored.split("\n")[1];
  const afterFirst = row.slice(row.lastIndexOf("\x1b[49m") + 1);
  assert.match(row, /\x1b\[2m\s*·/, "dim dot");
  assert.doesNotMatch(afterFirst.slice(afterFirst.indexOf("·") - 30), /48;2;[^m]*m\s*·/);
});

Deno.test("grid: the legend says what a row, a column and the color are", () => {
  const text = draw(80, {
    axes: { rows: "output token", cols: "source token" },
    range: { min: 0, max: 1 },
  });
  assert.match(text, /scale 0 .* 1\s+min [\d.e-]+, max 0\.634/);
  assert.match(text, /rows: output token; columns: source token; <> each row's maximum/);
});

Deno.test("grid: half blocks draw two rows per line with color, never at level 0", () => {
  const many = Array.from({ length: 40 }, (_, i) => String(i));
  const m = { rows: many, cols: ["x", "y"], values: many.map((_, i) => [i / 40, 1 - i / 40]) };
  const colored = renderHeatmap(m, { palette: new Palette(3), width: 40, halfBlock: "auto" });
  const body = colored.split("\n").filter((l) => /^\d+\s/.test(l));
  assert.equal(body.length, 20);
  assert.match(body[0], /\x1b\[38;2;[\d;]+m\x1b\[48;2;[\d;]+m▀|\x1b\[38;2;[\d;]+;48;2;[\d;]+m▀|▀/);
  assert.match(colored, /each line holds two rows/);
  const uncolored = renderHeatmap(m, { palette: plain, width: 40, halfBlock: "auto" });
  assert.doesNotMatch(uncolored, /▀/);
  assert.equal(uncolored.split("\n").filter((l) => /^\d+\s/.test(l)).length, 40);
});

Deno.test("grid: 16, 256 and 24-bit colors by the palette's level", () => {
  const at = (level: 1 | 2 | 3) => draw(80, { palette: new Palette(level) });
  assert.ok(at(3).includes("\x1b[48;2;"));
  assert.ok(at(2).includes("\x1b[48;5;"));
  assert.match(at(1), /\x1b\[(4[0-7]|10[0-7])m/);
  assert.doesNotMatch(stripAnsi(at(3)), /\x1b/);
  assert.doesNotMatch(draw(80), /\x1b/);
});

Deno.test("strips: every row shows its range; with color two units per column", () => {
  const strips = [
    { label: "h1", values: Array.from({ length: 64 }, (_, k) => Math.sin(k)) },
    { label: "학생이다", values: Array.from({ length: 64 }, (_, k) => Math.cos(k)) },
  ];
  for (const width of [30, 60, 80]) {
    for (const level of [0, 3] as const) {
      const text = renderStrips(strips, { palette: new Palette(level), width });
      assertFits(text, width);
      const body = text.split("\n").filter((l) => /^(h1|학생)/.test(stripAnsi(l)));
      for (const line of body) assert.match(stripAnsi(line), /\[-?[\d.]+, -?[\d.]+\]$/);
    }
  }
  const colored = renderStrips(strips, { palette: new Palette(3), width: 80 });
  assert.equal((stripAnsi(colored.split("\n")[0]).match(/▌/g) ?? []).length, 32);
  assert.doesNotMatch(colored, /averaged/);
});

Deno.test("hidden: encoder and decoder panels averaged into the same columns, both labelled", () => {
  const block = (where: "encoder" | "decoder", labels: string[]) => ({
    where,
    layer: 1,
    labels,
    values: labels.map((_, i) => Array.from({ length: 64 }, (_, k) => Math.sin(i + k))),
  });
  const r = {
    model: "m",
    family: "transformer" as const,
    layer: null,
    layers: [0, 1],
    blocks: [block("encoder", ["나는", "도서관에서", "<eos>"]), block("decoder", ["I", "<eos>"])],
  };
  const text = renderHidden(r, { palette: plain, width: 70 });
  const widths = text.split("\n").filter((l) => /\[-?[\d.]+, -?[\d.]+\]$/.test(l)).map((l) =>
    l.replace(/^\S+\s+/, "").replace(/\s+\[.*$/, "").length
  );
  assert.equal(new Set(widths).size, 1, `every panel the same cells: ${widths}`);
  assert.match(text, /encoder layer 1/);
  assert.match(text, /decoder layer 1/);
  const notes = text.replaceAll("\n", " ").match(/\(64 -> (\d+)\)/g) ?? [];
  assert.equal(notes.length, 2);
  assert.equal(notes[0], notes[1]);
  assert.match(renderHidden(r, { palette: plain, width: 70, lang: "ko" }), /인코더 층 1/);
});
