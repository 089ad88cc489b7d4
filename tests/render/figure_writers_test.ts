/**
 * The figure writers on a tiny hand-made Figure: the SVG is well-formed, its cells have the
 * colormap's RGB for their values (the terminal's 24-bit colors), masked cells are hatched and
 * marked ones outlined, text is escaped; the HTML page holds the same SVG and loads nothing;
 * the PNG is the same picture (size and cell colors).
 */
import assert from "node:assert/strict";
import type { Figure, HeatmapPanel } from "../../src/render/figure/figure.ts";
import { figureLayout, figureSvg } from "../../src/render/figure/svg.ts";
import { figureHtml } from "../../src/render/figure/html.ts";
import { figurePng } from "../../src/render/figure/png.ts";
import { loadFigureFont } from "../../src/app/figure_font.ts";
import { blueWhiteRed, normalize } from "../../src/render/colormap.ts";
import { namedColormap } from "../../src/render/colormaps.ts";
import type { Rgb } from "../../src/render/color.ts";
import { decodePng, parseSvg } from "../support/figure_files.ts";

const hex = (c: Rgb) => "#" + [c.r, c.g, c.b].map((v) => v.toString(16).padStart(2, "0")).join("");

const attention: HeatmapPanel = {
  kind: "heatmap",
  title: "cross-attention 교차 어텐션",
  axes: { rows: "출력 토큰", cols: "입력 토큰" },
  rowLabels: ["I", `a<b&"c'`],
  colLabels: ["나는", "학생이다", "<eos>"],
  values: [[0.9, 0.05, 0.05], [0.2, null, 0.8]],
  colormap: "magma",
  range: { min: 0, max: 1 },
  marks: [[true, false, false], [false, false, true]],
  legend: "어텐션 가중치",
};

const signed: HeatmapPanel = {
  kind: "heatmap",
  title: "hidden",
  axes: { rows: "position", cols: "unit" },
  rowLabels: ["0"],
  colLabels: ["0", "1"],
  values: [[-0.5, 1]],
  colormap: "diverging",
  range: { min: -1, max: 1 },
  cellText: [[".50", "1.0"]],
  legend: "value",
};

const figure: Figure = {
  title: 'run "나는 학생이다"',
  subtitle: "model ko-en-transformer (cpu)",
  panels: [
    attention,
    signed,
    {
      kind: "chart",
      title: "loss",
      xLabel: "step",
      yLabel: "loss",
      logY: true,
      series: [{ name: "train", points: [[1, 3], [2, 1], [3, 0.5]] }, {
        name: "valid",
        points: [[1, 3.5], [3, 0.9]],
      }],
    },
    {
      kind: "bars",
      title: "p before and after",
      labels: ["I", "am"],
      valueLabel: "p(token)",
      series: [{ name: "original", values: [0.9, 0.7] }, { name: "ablated", values: [0.4, -0.1] }],
    },
  ],
  notes: ["rows: output token; 행: 출력 토큰", "a note with <markup> & \u0001 control"],
};

Deno.test("figureSvg: well-formed, colormap RGB per cell, hatched masks, outlined marks, escaped text", () => {
  const text = figureSvg(figure);
  const svg = parseSvg(text);
  const cells = svg.cells.filter((c) => c.panel === 0);
  assert.equal(cells.length, 6);
  const magma = namedColormap("magma");
  for (const cell of cells) {
    if (cell.value === "masked") {
      assert.equal(cell.fill, "url(#attn-hatch)");
      continue;
    }
    const i = attention.rowLabels.indexOf(cell.row), j = attention.colLabels.indexOf(cell.col);
    const v = attention.values[i][j]!;
    assert.equal(cell.fill, hex(magma.rgbAt(v)), `${cell.row} -> ${cell.col}`);
  }
  assert.equal(cells.filter((c) => c.value === "masked").length, 1);
  // Diverging: blue-white-red over [-1, 1], the hidden view's colormap.
  const [neg, pos] = svg.cells.filter((c) => c.panel === 1);
  assert.equal(neg.fill, hex(blueWhiteRed.rgbAt(normalize(-0.5, { min: -1, max: 1 }))));
  assert.equal(pos.fill, hex(blueWhiteRed.rgbAt(1)));
  assert.equal((text.match(/class="mark"/g) ?? []).length, 4); // two outlines per marked cell
  for (const t of ["나는", "학생이다", "<eos>", `a<b&"c'`, "어텐션 가중치", "출력 토큰", ".50"]) {
    assert.ok(svg.texts.includes(t), `no text ${t}`);
  }
  assert.ok(svg.texts.includes("a note with <markup> & \ufffd control"), svg.texts.join("|"));
  assert.ok(svg.texts.includes("0") && svg.texts.includes("1"), "the color bar's range");
  assert.match(text, /font-family="[^"]*Noto Sans KR[^"]*NanumGothic[^"]*sans-serif"/);
  assert.equal((text.match(/<polyline /g) ?? []).length, 2, "one line per series");
  assert.equal((text.match(/class="bar"/g) ?? []).length, 4, "one bar per label and series");
  assert.deepEqual(svg.links, []);
});

Deno.test("figureHtml: the same SVG inline, a hover script, nothing loaded from anywhere", () => {
  const html = figureHtml(figure, { lang: "ko", words: { row: "행", col: "열", value: "값" } });
  assert.ok(html.startsWith("<!DOCTYPE html>"));
  assert.ok(html.includes(figureSvg(figure).replace(/^<\?xml[^>]*\?>\n/, "")));
  assert.match(html, /<script>[\s\S]*mousemove[\s\S]*<\/script>/);
  assert.match(html, /"row":"행"/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  // No external resource: no src or href attribute, no url() but the SVG's own pattern.
  assert.doesNotMatch(html, /\s(src|href)=/);
  assert.deepEqual(
    [...html.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]).filter((u) => u !== "#attn-hatch"),
    [],
  );
  assert.deepEqual(
    [...html.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]),
    ["http://www.w3.org/2000/svg"],
  );
});

Deno.test("figurePng: the SVG's size, each cell's center in the colormap's RGB, text drawn", async () => {
  const font = await loadFigureFont();
  const png = decodePng(await figurePng(figure, font));
  const layout = figureLayout(figure);
  assert.equal(png.width, layout.width);
  assert.equal(png.height, layout.height);
  const svg = parseSvg(figureSvg(figure));
  for (const cell of svg.cells.filter((c) => c.value !== "masked" && c.panel === 0)) {
    // The center pixel, clear of the outlines marked cells get.
    assert.equal(png.rgbAt(cell.x + cell.width / 2, cell.y + cell.height / 2), cell.fill);
  }
  // The title is drawn: dark pixels on its line (the font loaded; no font draws nothing).
  let dark = 0;
  for (let x = 20; x < 200; x++) {
    for (let y = 22; y < 40; y++) if (png.rgbAt(x, y) < "#808080") dark++;
  }
  assert.ok(dark > 50, `only ${dark} dark pixels where the title is`);
});
