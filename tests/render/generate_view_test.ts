/**
 * The `generate` view colours each token by its probability: a sure token and an unsure one get
 * different backgrounds (viridis at p), and at colour level 0 no escape code is written.
 */
import assert from "node:assert/strict";
import { renderGenerate } from "../../src/render/generate_view.ts";
import { Palette } from "../../src/render/color.ts";
import { generateResult } from "../support/generate_result.ts";
import { type Colormap, viridis } from "../../src/render/colormap.ts";
import { namedColormap } from "../../src/render/colormaps.ts";

const ESC = String.fromCharCode(27);

const step = (token: string, id: number, p: number) => ({
  token,
  id,
  p,
  entropy: 0.5,
  top: [{ token, id, p }, { token: "▁x", id: 9, p: 1 - p }],
  before: [{ token, id, p }],
  rawEntropy: 0.5,
});

const result = generateResult([step("▁I", 11, 0.95), step("▁am", 12, 0.05)], {
  temperature: 1,
  seed: 7,
});

Deno.test("generate view: each token's background is its probability's colour", () => {
  const text = renderGenerate(result, { palette: new Palette(3), width: 60, lang: "en" });
  const lines = text.split("\n");
  const background = (token: string) => {
    const line = lines.find((l) => l.includes(token) && /^\s+\d /.test(l))!;
    return new RegExp(`${ESC}\\[48;2;(\\d+;\\d+;\\d+)m`).exec(line)?.[1];
  };
  const sure = background("▁I");
  const unsure = background("▁am");
  assert.ok(sure && unsure, text);
  assert.notEqual(sure, unsure);
  const plain = renderGenerate(result, { palette: new Palette(0), width: 60, lang: "ko" });
  assert.ok(!plain.includes(ESC));
  assert.match(plain, /토큰 색: 확률 p/);
});

Deno.test("generate view: the session's colormap colours the tokens (default viridis)", () => {
  const background = (colormap?: Colormap) => {
    const text = renderGenerate(result, {
      palette: new Palette(3),
      width: 60,
      lang: "en",
      colormap,
    });
    const line = text.split("\n").find((l) => l.includes("▁I") && /^\s+\d /.test(l))!;
    return new RegExp(`${ESC}\\[48;2;(\\d+;\\d+;\\d+)m`).exec(line)?.[1];
  };
  const rgb = (map: Colormap) => {
    const { r, g, b } = map.rgbAt(0.95);
    return `${r};${g};${b}`;
  };
  assert.equal(background(namedColormap("magma")), rgb(namedColormap("magma")));
  assert.equal(background(), rgb(viridis));
});
