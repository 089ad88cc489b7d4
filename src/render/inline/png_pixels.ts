/**
 * A PNG file's pixels as 8-bit RGBA, for the one protocol that takes pixels rather than the
 * file (sixel). Decoded by npm fast-png (the same package and version the figure writers pin);
 * gray, gray+alpha, RGB, RGBA and palette files, 8 or 16 bits a channel. Pure: bytes in, pixels out.
 */
import { decode } from "fast-png";
import type { RgbaImage } from "./rgba_image.ts";

/** The pixels of the PNG file `png`. */
export function pngPixels(png: Uint8Array): RgbaImage {
  const image = decode(png);
  const { width, height, channels } = image;
  const shift = image.depth === 16 ? 8 : 0;
  const source = image.data;
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const at = i * channels;
    let rgba: number[];
    if (image.palette) {
      const [r, g, b, a = 255] = image.palette[source[at]];
      rgba = [r, g, b, a];
    } else if (channels >= 3) {
      rgba = [source[at], source[at + 1], source[at + 2], channels === 4 ? source[at + 3] : -1];
      rgba = rgba.map((v) => (v < 0 ? 255 : v >> shift));
    } else {
      const gray = source[at] >> shift;
      rgba = [gray, gray, gray, channels === 2 ? source[at + 1] >> shift : 255];
    }
    data.set(rgba, i * 4);
  }
  return { width, height, data };
}
