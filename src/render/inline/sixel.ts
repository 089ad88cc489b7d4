/**
 * Sixel graphics, the oldest terminal image format (DEC, 1980s; xterm, foot, mlterm, WezTerm,
 * Windows Terminal...): `ESC P <params> q <data> ESC \`. The picture is cut into bands six pixels
 * high; in a band, each color in turn paints the columns where it appears, one character per
 * column whose six bits (bit 0 on top) say which of the six pixels it paints. Pure: pixels in,
 * text out; the caller writes it.
 */
import type { RgbaImage } from "./rgba_image.ts";
import { type IndexedImage, quantize } from "./quantize.ts";

/**
 * DCS with P1=9 (square pixels), P2=1 (unpainted pixels stay transparent), P3=0; then the
 * raster attributes `"1;1;W;H`: pixel aspect 1:1 and the picture's size.
 */
const DCS = "\x1bP9;1;0q";
const ST = "\x1b\\";

/** A run of one character at least this long is written `!<count><char>`. */
const MIN_REPEAT = 4;

/** The escape code that shows `image` at the cursor. */
export function sixelImage(image: RgbaImage): string {
  const indexed = quantize(image);
  const registers = indexed.palette.map(([r, g, b], i) =>
    `#${i};2;${percent(r)};${percent(g)};${percent(b)}`
  );
  const bands: string[] = [];
  for (let top = 0; top < indexed.height; top += 6) bands.push(band(indexed, top));
  return `${DCS}"1;1;${image.width};${image.height}${registers.join("")}${bands.join("-")}${ST}`;
}

/** A color channel 0..255 as the percentage 0..100 a sixel register takes. */
function percent(channel: number): number {
  return Math.round((channel * 100) / 255);
}

/** The band of rows top..top+5: each color present, `#<register>` and its columns, `$` between. */
function band(image: IndexedImage, top: number): string {
  const { width, height, pixels } = image;
  const columns = new Map<number, Uint8Array>(); // register -> six bits per column
  for (let y = top; y < Math.min(top + 6, height); y++) {
    for (let x = 0; x < width; x++) {
      const register = pixels[y * width + x];
      if (register < 0) continue;
      let bits = columns.get(register);
      if (!bits) columns.set(register, bits = new Uint8Array(width));
      bits[x] |= 1 << (y - top);
    }
  }
  return [...columns.keys()].sort((a, b) => a - b)
    .map((register) => `#${register}${runLength(columns.get(register)!)}`)
    .join("$");
}

/** Sixel characters ("?" + bits) for each column, trailing empty ones dropped, runs shortened. */
export function runLength(bits: Uint8Array): string {
  let end = bits.length;
  while (end > 0 && bits[end - 1] === 0) end--;
  let out = "";
  for (let x = 0; x < end;) {
    let run = 1;
    while (x + run < end && bits[x + run] === bits[x]) run++;
    const char = String.fromCharCode(63 + bits[x]);
    out += run >= MIN_REPEAT ? `!${run}${char}` : char.repeat(run);
    x += run;
  }
  return out;
}
