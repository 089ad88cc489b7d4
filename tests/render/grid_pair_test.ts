/**
 * Two grids for rollout and saliency (src/render/grid_pair.ts): side by side when both show
 * every column at half the width, one under the other otherwise; never wider than the width.
 */
import assert from "node:assert/strict";
import { type PairedGrid, renderGridPair } from "../../src/render/grid_pair.ts";
import { Palette } from "../../src/render/color.ts";
import { maxLineWidth } from "../../src/render/layout.ts";

const tokens = ["나는", "학생이다", "<eos>"];
const grid = (title: string, weights: number[][]): PairedGrid => ({
  title,
  site: "encoder",
  rows: tokens,
  cols: tokens,
  weights,
});
const a = grid("LEFT", [[0.8, 0.1, 0.1], [0.2, 0.6, 0.2], [0.3, 0.3, 0.4]]);
const b = grid("RIGHT", [[0.5, 0.25, 0.25], [0.1, 0.1, 0.8], [0.6, 0.2, 0.2]]);
const draw = (width: number) =>
  renderGridPair(a, b, { palette: new Palette(0), width, lang: "en" });

Deno.test("wide: the two grids side by side, titles and rows on shared lines", () => {
  const text = draw(120);
  const lines = text.split("\n");
  assert.match(lines[0], /^LEFT\s+RIGHT$/);
  assert.equal(lines.filter((l) => (l.match(/학생이다/g) ?? []).length === 2).length, 1);
  assert.ok(maxLineWidth(text) <= 120);
});

Deno.test("narrow: one grid under the other, each at the full width", () => {
  const text = draw(40);
  const lines = text.split("\n");
  assert.equal(lines[0], "LEFT");
  assert.ok(lines.includes("RIGHT"));
  assert.ok(lines.indexOf("RIGHT") > lines.findIndex((l) => l.startsWith("학생이다")));
  assert.ok(maxLineWidth(text) <= 40);
});

Deno.test("side by side with titles of different heights: the grids' rows still line up", () => {
  const long = { ...b, title: "RIGHT, with a title long enough to wrap over two lines here" };
  const width = 70;
  const half = Math.floor((width - 3) / 2);
  const lines = renderGridPair(a, long, { palette: new Palette(0), width, lang: "en" }).split("\n");
  assert.equal(lines[0].trimEnd().slice(0, 4), "LEFT");
  assert.ok(lines[1].startsWith(" ".repeat(half)), "the left title is padded under itself");
  const rows = lines.filter((l) => l.startsWith("<eos>"));
  assert.equal(rows.length, 1);
  assert.ok(rows[0].slice(half + 3).startsWith("<eos>"), rows[0]);
});
