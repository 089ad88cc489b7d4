import assert from "node:assert/strict";
import { Palette, parseColorLevel } from "../../src/render/color.ts";
import {
  blueWhiteRed,
  nearest16,
  nearest256,
  normalize,
  rangeFor,
  viridis,
} from "../../src/render/colormap.ts";

const red = viridis.swatchAt(1);

Deno.test("Palette(0) writes no escape codes; levels 1-3 write 16, 256 and 24-bit codes", () => {
  assert.equal(new Palette(0).paint("x", { bg: red, bold: true }), "x");
  assert.equal(new Palette(0).bold("x"), "x");
  const bright = new Palette(1).paint("x", { bg: red }); // a bright background, codes 100-107
  assert.ok(
    ["100", "101", "102", "103", "104", "105", "106", "107"].some((c) =>
      bright.startsWith(`\x1b[${c}mx`)
    ),
    bright,
  );
  assert.match(new Palette(2).paint("x", { bg: red }), new RegExp(`\\x1b\\[48;5;${red.ansi256}mx`));
  assert.ok(new Palette(3).paint("x", { fg: red }).startsWith("\x1b[38;2;253;231;37mx"));
  assert.throws(() => new Palette(4 as 0), /expected a color level 0, 1, 2 or 3, got 4/);
});

Deno.test("parseColorLevel() reads 0-3 and nothing else", () => {
  assert.equal(parseColorLevel("2"), 2);
  assert.equal(parseColorLevel(" 0 "), 0);
  assert.equal(parseColorLevel("4"), null);
  assert.equal(parseColorLevel("true"), null);
});

Deno.test("Palette.detect() honours a forced level", () => {
  assert.equal(Palette.detect({ level: 3 }).level, 3);
  assert.equal(Palette.detect({ level: 0 }).level, 0);
});

Deno.test("Palette.textOn() picks black on light and white on dark backgrounds", () => {
  assert.equal(Palette.textOn(viridis.swatchAt(1)).rgb.r, 0);
  assert.equal(Palette.textOn(viridis.swatchAt(0)).rgb.r, 255);
});

Deno.test("nearest256() finds exact cube and gray colors; nearest16() the obvious basic colors", () => {
  assert.equal(nearest256({ r: 255, g: 0, b: 0 }), 196);
  assert.equal(nearest256({ r: 0, g: 0, b: 0 }), 16);
  assert.equal(nearest256({ r: 95, g: 135, b: 175 }), 16 + 36 * 1 + 6 * 2 + 3);
  assert.equal(nearest256({ r: 128, g: 128, b: 128 }), 244); // gray ramp 8 + 10 * 12
  assert.equal(nearest16({ r: 250, g: 5, b: 5 }), 9);
  assert.equal(nearest16({ r: 0, g: 0, b: 0 }), 0);
  assert.equal(nearest16({ r: 250, g: 250, b: 250 }), 15);
});

Deno.test("viridis runs from dark purple to yellow; blue-white-red is white at the middle", () => {
  assert.deepEqual(viridis.rgbAt(0), { r: 0x44, g: 0x01, b: 0x54 });
  assert.deepEqual(viridis.rgbAt(1), { r: 0xfd, g: 0xe7, b: 0x25 });
  assert.deepEqual(blueWhiteRed.rgbAt(0.5), { r: 0xf7, g: 0xf7, b: 0xf7 });
  assert.ok(blueWhiteRed.rgbAt(0).b > blueWhiteRed.rgbAt(0).r, "negative end is blue");
  assert.ok(blueWhiteRed.rgbAt(1).r > blueWhiteRed.rgbAt(1).b, "positive end is red");
  // Luminance grows monotonically along viridis (it reads in grayscale).
  let last = -1;
  for (let k = 0; k <= 20; k++) {
    const { r, g, b } = viridis.rgbAt(k / 20);
    const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    assert.ok(luma > last, `luminance at ${k / 20}`);
    last = luma;
  }
});

Deno.test("level-0 glyphs: shades for the sequential map, signed symbols around '·' for the diverging one", () => {
  assert.equal(viridis.glyphAt(0), " ");
  assert.equal(viridis.glyphAt(1), "█");
  assert.equal(blueWhiteRed.glyphAt(0.5), "·");
  assert.equal(blueWhiteRed.glyphAt(0), "=");
  assert.equal(blueWhiteRed.glyphAt(1), "#");
});

Deno.test("normalize() and rangeFor(): clamped, symmetric for diverging maps", () => {
  assert.equal(normalize(5, { min: 0, max: 10 }), 0.5);
  assert.equal(normalize(20, { min: 0, max: 10 }), 1);
  assert.equal(normalize(3, { min: 3, max: 3 }), 0.5);
  assert.deepEqual(rangeFor("diverging", [-0.5, 2]), { min: -2, max: 2 });
  assert.deepEqual(rangeFor("sequential", [0.25, 0.5, -Infinity]), { min: 0.25, max: 0.5 });
});

Deno.test("colorLevelFor(): NO_COLOR, FORCE_COLOR, COLORTERM, TERM and set color", async () => {
  const { colorLevelFor } = await import("../../src/render/color_level.ts");
  const level = (vars: Record<string, string>, isTty: boolean, setting?: "on" | "off" | 2) =>
    colorLevelFor({ isTty, env: (name) => vars[name], setting });
  assert.equal(level({ COLORTERM: "truecolor" }, true), 3);
  assert.equal(level({ COLORTERM: "24bit" }, true), 3);
  assert.equal(level({ TERM: "xterm-256color" }, true), 2);
  assert.equal(level({ TERM: "screen" }, true), 1);
  assert.equal(level({ TERM: "dumb" }, true), 0);
  assert.equal(level({ COLORTERM: "truecolor" }, false), 0, "a pipe gets no color");
  assert.equal(level({ NO_COLOR: "1", COLORTERM: "truecolor" }, true), 0);
  assert.equal(level({ NO_COLOR: "", TERM: "xterm-256color" }, true), 2, "empty NO_COLOR is unset");
  assert.equal(level({ FORCE_COLOR: "1", TERM: "xterm-256color" }, false), 2);
  assert.equal(level({ FORCE_COLOR: "3" }, false), 3);
  assert.equal(level({ FORCE_COLOR: "true", TERM: "dumb" }, false), 1);
  assert.equal(level({ FORCE_COLOR: "0", COLORTERM: "truecolor" }, true), 0);
  assert.equal(level({ FORCE_COLOR: "2", NO_COLOR: "1" }, false), 2, "FORCE_COLOR wins");
  assert.equal(level({ NO_COLOR: "1", COLORTERM: "truecolor" }, false, "on"), 3);
  assert.equal(level({ FORCE_COLOR: "3" }, true, "off"), 0);
  assert.equal(level({ NO_COLOR: "1" }, false, 2), 2);
});
