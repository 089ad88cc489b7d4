/**
 * The terminal image encoders (src/render/inline/): kitty's chunked APC codes, iTerm2's OSC 1337
 * header, and sixel's palette, bands and run-length coding, each against output computed by
 * hand from the protocols' documents.
 */
import assert from "node:assert/strict";
import { base64Of } from "../../src/render/inline/base64.ts";
import { KITTY_CHUNK, kittyImage } from "../../src/render/inline/kitty.ts";
import { iterm2Image } from "../../src/render/inline/iterm2.ts";
import { runLength, sixelImage } from "../../src/render/inline/sixel.ts";
import { chosenColors, nearestOf, quantize } from "../../src/render/inline/quantize.ts";
import type { RgbaImage } from "../../src/render/inline/rgba_image.ts";
import { pngPixels } from "../../src/render/inline/png_pixels.ts";
import { pngSize } from "../../src/render/inline/png_size.ts";
import { downsample } from "../../src/render/inline/downsample.ts";
import { encode } from "fast-png";

/** A PNG file's first four bytes: base64 "iVBORw==" (0x89 'P' 'N' 'G'). */
const pngHead = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

Deno.test("base64Of: RFC 4648 vectors, and a long input sliced without padding inside", () => {
  const text = (s: string) => base64Of(new TextEncoder().encode(s));
  assert.equal(text(""), "");
  assert.equal(text("f"), "Zg==");
  assert.equal(text("fo"), "Zm8=");
  assert.equal(text("foobar"), "Zm9vYmFy");
  const long = new Uint8Array(100_000).map((_, i) => i * 7);
  const encoded = base64Of(long);
  assert.equal(encoded.indexOf("="), encoded.length - 2, "padding only at the end");
  assert.deepEqual(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)), long);
});

Deno.test("kittyImage: a small PNG is one APC code, a=T f=100 q=2 m=0", () => {
  assert.equal(kittyImage(pngHead), "\x1b_Ga=T,f=100,q=2,m=0;iVBORw==\x1b\\");
  assert.equal(
    kittyImage(pngHead, { columns: 40 }),
    "\x1b_Ga=T,f=100,q=2,c=40,m=0;iVBORw==\x1b\\",
  );
});

Deno.test("kittyImage: chunks of at most 4096 base64 characters, m=1 until the last", () => {
  assert.equal(KITTY_CHUNK, 4096);
  // 3072 bytes are exactly 4096 base64 characters: still one code.
  const exact = new Uint8Array(3072).fill(0xff);
  assert.equal(kittyImage(exact), `\x1b_Ga=T,f=100,q=2,m=0;${"/".repeat(4096)}\x1b\\`);
  // One byte more: 4100 characters, a chunk of 4096 then one of 4 ("/w==").
  const over = new Uint8Array(3073).fill(0xff);
  assert.equal(
    kittyImage(over),
    `\x1b_Ga=T,f=100,q=2,m=1;${"/".repeat(4096)}\x1b\\` + `\x1b_Gq=2,m=0;/w==\x1b\\`,
  );
  // Three chunks: the middle one says m=1 and carries no image keys.
  const codes = kittyImage(new Uint8Array(7000)).split("\x1b\\").filter((c) => c !== "");
  assert.deepEqual(codes.map((c) => c.slice(0, c.indexOf(";"))), [
    "\x1b_Ga=T,f=100,q=2,m=1",
    "\x1b_Gq=2,m=1",
    "\x1b_Gq=2,m=0",
  ]);
  assert.deepEqual(codes.map((c) => c.length - c.indexOf(";") - 1), [4096, 4096, 1144]);
});

Deno.test("iterm2Image: OSC 1337 File= with size, width, aspect and inline=1, ended by BEL", () => {
  assert.equal(
    iterm2Image(pngHead),
    "\x1b]1337;File=size=4;width=auto;height=auto;preserveAspectRatio=1;inline=1:iVBORw==\x07",
  );
  assert.equal(
    iterm2Image(pngHead, { columns: 60, name: "run.png" }),
    "\x1b]1337;File=name=cnVuLnBuZw==;size=4;width=60;height=auto;preserveAspectRatio=1;" +
      "inline=1:iVBORw==\x07",
  );
});

/** A 2x2 picture: red, green / red, transparent. */
const twoByTwo: RgbaImage = {
  width: 2,
  height: 2,
  data: new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 255, 0, 0, 255, 0, 0, 0, 0]),
};

Deno.test("sixelImage: a 2x2 picture, its palette, one band, $ between colors", () => {
  // Red paints column 0 rows 0 and 1 (bits 0b11: "?"+3 = "B"), and nothing in column 1 (dropped);
  // green paints column 1 row 0 ("@"), column 0 not ("?"). The transparent pixel is not painted.
  assert.equal(
    sixelImage(twoByTwo),
    '\x1bP9;1;0q"1;1;2;2#0;2;100;0;0#1;2;0;100;0#0B$#1?@\x1b\\',
  );
});

Deno.test("sixelImage: bands of six rows joined by -, runs of four or more as !n", () => {
  // 5 wide, 7 high, all one gray (128 -> 50%): a full band of "~" (six bits), then a band whose
  // only row paints bit 0 ("@").
  const data = new Uint8Array(5 * 7 * 4);
  for (let i = 0; i < 5 * 7; i++) data.set([128, 128, 128, 255], i * 4);
  assert.equal(
    sixelImage({ width: 5, height: 7, data }),
    '\x1bP9;1;0q"1;1;5;7#0;2;50;50;50#0!5~-#0!5@\x1b\\',
  );
  assert.equal(runLength(new Uint8Array([1, 1, 1, 2, 2, 2, 2, 0, 0])), "@@@!4A");
});

Deno.test("quantize: up to 256 colors kept exactly, registers in order of first appearance", () => {
  const data = new Uint8Array(256 * 4);
  for (let i = 0; i < 256; i++) data.set([255 - i, i, 7, 255], i * 4);
  const exact = quantize({ width: 256, height: 1, data });
  assert.equal(exact.palette.length, 256);
  assert.deepEqual(exact.palette[0], [255, 0, 7]);
  assert.deepEqual(exact.palette[200], [55, 200, 7]);
  assert.deepEqual([...exact.pixels.subarray(0, 3)], [0, 1, 2]);
});

Deno.test("quantize: more colors keep the 192 most frequent exactly, the rest go to the nearest", () => {
  // A heatmap-like picture: 20 flat "cells" of 40 pixels each (the data, which must stay exact),
  // then 600 shades seen once (anti-aliasing).
  const colors: number[] = [];
  for (let cell = 0; cell < 20; cell++) {
    for (let n = 0; n < 40; n++) colors.push(((cell * 12) << 16) | ((250 - cell * 11) << 8) | 90);
  }
  for (let i = 0; i < 600; i++) {
    colors.push(((i * 37) % 256 << 16) | ((i * 11) % 256 << 8) | i % 256);
  }
  const data = new Uint8Array(colors.length * 4);
  colors.forEach((c, i) => data.set([c >> 16, (c >> 8) & 255, c & 255, 255], i * 4));
  const { palette, pixels } = quantize({ width: colors.length, height: 1, data });
  assert.ok(palette.length <= 256, `${palette.length} registers`);
  const color = (i: number) => palette[pixels[i]];
  for (let i = 0; i < 800; i++) {
    assert.deepEqual(color(i), [colors[i] >> 16, (colors[i] >> 8) & 255, colors[i] & 255]);
  }
  // Every other pixel has the register nearest to its own color among the palette.
  const distance = ([r, g, b]: number[], c: number) =>
    (r - (c >> 16)) ** 2 + (g - ((c >> 8) & 255)) ** 2 + (b - (c & 255)) ** 2;
  for (let i = 800; i < colors.length; i++) {
    const own = [colors[i] >> 16, (colors[i] >> 8) & 255, colors[i] & 255];
    const best = Math.min(...palette.map(([r, g, b]) => distance(own, (r << 16) | (g << 8) | b)));
    const [r, g, b] = color(i);
    assert.equal(distance(own, (r << 16) | (g << 8) | b), best, `pixel ${i}`);
  }
  // The candidates: 192 frequent colors, then the 4x4x4 cube (0, 85, 170, 255 a channel).
  const counts = new Map(colors.slice(0, 800).map((c) => [c, 40]));
  for (const c of colors.slice(800)) counts.set(c, (counts.get(c) ?? 0) + 1);
  const chosen = chosenColors(counts);
  assert.ok(chosen.length <= 256);
  assert.ok(chosen.includes(0x55aaff) && chosen.includes(0xffffff));
  assert.equal(nearestOf(0x50a0f0, [0x000000, 0x55aaff, 0xffffff]), 0x55aaff);
});

Deno.test("pngPixels: a PNG file back to 8-bit RGBA (RGBA 8-bit, RGB 16-bit, gray)", () => {
  const rgba = encode({ width: 2, height: 2, data: twoByTwo.data as Uint8Array, channels: 4 });
  assert.deepEqual(pngPixels(rgba), { width: 2, height: 2, data: twoByTwo.data });
  const deep = encode({
    width: 1,
    height: 1,
    data: new Uint16Array([0xffff, 0x8000, 0x0101]),
    channels: 3,
    depth: 16,
  });
  assert.deepEqual([...pngPixels(deep).data], [255, 128, 1, 255]);
  const gray = encode({ width: 2, height: 1, data: new Uint8Array([0, 200]), channels: 1 });
  assert.deepEqual([...pngPixels(gray).data], [0, 0, 0, 255, 200, 200, 200, 255]);
  // And through sixel: the same codes as from the pixels themselves.
  assert.equal(sixelImage(pngPixels(rgba)), sixelImage(twoByTwo));
});

/**
 * A sixel decoder, written from the format's description, for round trips: each pixel's
 * register (-1: unpainted) and the registers' colors in percent.
 */
function decodeSixel(codes: string) {
  // deno-lint-ignore no-control-regex
  const body = codes.match(/^\x1bP9;1;0q"1;1;(\d+);(\d+)(.*)\x1b\\$/s)!;
  const [width, height] = [Number(body[1]), Number(body[2])];
  const pixels = new Int16Array(width * height).fill(-1);
  const colors = new Map<number, number[]>();
  let [x, top, register] = [0, 0, 0];
  const tokens = body[3].matchAll(/#(\d+)((?:;\d+){4})?|!(\d+)([?-~])|([?-~])|(\$)|(-)/g);
  for (const [, reg, define, count, repeated, single, cr, nl] of tokens) {
    if (reg !== undefined) {
      register = Number(reg);
      if (define) colors.set(register, define.slice(1).split(";").map(Number).slice(1));
    } else if (cr) x = 0;
    else if (nl) [x, top] = [0, top + 6];
    else {
      const char = repeated ?? single;
      for (let n = 0; n < Number(count ?? 1); n++, x++) {
        for (let bit = 0; bit < 6; bit++) {
          if ((char.charCodeAt(0) - 63) & (1 << bit)) pixels[(top + bit) * width + x] = register;
        }
      }
    }
  }
  return { width, height, pixels, colors };
}

Deno.test("sixelImage: a 37x20 gradient with holes decodes back to its quantized pixels", () => {
  const [width, height] = [37, 20];
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const hole = (x * 7 + y * 3) % 11 === 0;
      data.set([x * 7, y * 13, (x * y) % 256, hole ? 0 : 255], (y * width + x) * 4);
    }
  }
  const image = { width, height, data };
  const distinct = new Set<number>();
  for (let i = 0; i < width * height; i++) {
    if (data[i * 4 + 3] > 0) {
      distinct.add((data[i * 4] << 16) | (data[i * 4 + 1] << 8) | data[i * 4 + 2]);
    }
  }
  assert.ok(distinct.size > 256, `${distinct.size} colors`);
  const quantized = quantize(image);
  assert.ok(quantized.palette.length <= 256, `${quantized.palette.length} registers`);
  const decoded = decodeSixel(sixelImage(image));
  assert.deepEqual([decoded.width, decoded.height], [width, height]);
  assert.deepEqual(decoded.pixels, quantized.pixels);
  for (const [register, [r, g, b]] of quantized.palette.entries()) {
    const percent = (c: number) => Math.round(c * 100 / 255);
    assert.deepEqual(decoded.colors.get(register), [percent(r), percent(g), percent(b)]);
  }
});

Deno.test("downsample: 2x2 blocks averaged, weighted by alpha; a partial last block too", () => {
  // 3x2: block (0,0) = red, green, red, transparent black; block (1,0) = the last column only.
  const data = new Uint8Array([
    ...[255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 200, 255],
    ...[255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 100, 255],
  ]);
  const small = downsample({ width: 3, height: 2, data }, 2);
  assert.deepEqual([small.width, small.height], [2, 1]);
  // RGB: (255+0+255)/3, 255/3, 0 (the transparent pixel weighs nothing); alpha: 3*255/4.
  assert.deepEqual([...small.data], [170, 85, 0, 191, 0, 0, 150, 255]);
  const same = { width: 1, height: 1, data: new Uint8Array([1, 2, 3, 4]) };
  assert.equal(downsample(same, 1), same);
});

Deno.test("pngSize: width and height from the header", () => {
  const png = encode({ width: 3, height: 2, data: new Uint8Array(3 * 2 * 4), channels: 4 });
  assert.deepEqual(pngSize(png), { width: 3, height: 2 });
});
