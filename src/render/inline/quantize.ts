/**
 * Few colors for a picture that may have many: a sixel terminal holds at most 256 color
 * registers. A figure is mostly flat colormap cells on a plain background, and those colors are
 * the data: they must come out exactly. So when a picture has at most 256 colors all are kept;
 * otherwise (anti-aliased text and lines add shades) the 192 most frequent colors are kept
 * exactly, 64 colors of a coarse 4x4x4 cube are added so that a picture of spread-out colors
 * (a gradient) still finds something near, and every other color takes the nearest of those.
 * Only the colors used get a register, numbered in the order they first appear.
 */
import type { RgbaImage } from "./rgba_image.ts";

/** The most registers a palette uses. */
export const MAX_REGISTERS = 256;

/** How many of a many-colored picture's most frequent colors are kept exactly. */
export const KEPT_EXACTLY = 192;

/** A pixel whose alpha is below this is left unpainted (the terminal's background shows). */
export const OPAQUE_FROM = 128;

/** The coarse cube's 64 colors (levels 0, 85, 170, 255), as 0xRRGGBB. */
const COARSE_CUBE = Array.from({ length: 64 }, (_, i) => {
  const level = (n: number) => n * 85;
  return (level(i >> 4) << 16) | (level((i >> 2) & 3) << 8) | level(i & 3);
});

/** An indexed picture: a palette and, per pixel, its register (-1: transparent). */
export interface IndexedImage {
  width: number;
  height: number;
  /** Register i's color as [red, green, blue], 0..255. */
  palette: [number, number, number][];
  /** length = width * height. */
  pixels: Int16Array;
}

/** The picture with at most MAX_REGISTERS colors. */
export function quantize(image: RgbaImage): IndexedImage {
  const { width, height } = image;
  const colors = pixelColors(image);
  const counts = new Map<number, number>();
  for (const rgb of colors) if (rgb >= 0) counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  const candidates = counts.size <= MAX_REGISTERS ? null : chosenColors(counts);
  const nearest = new Map<number, number>(); // a color -> the candidate it becomes
  const registerOf = new Map<number, number>();
  const palette: [number, number, number][] = [];
  const pixels = new Int16Array(width * height);
  for (let i = 0; i < colors.length; i++) {
    if (colors[i] < 0) {
      pixels[i] = -1;
      continue;
    }
    let rgb = colors[i];
    if (candidates) {
      if (!nearest.has(rgb)) nearest.set(rgb, nearestOf(rgb, candidates));
      rgb = nearest.get(rgb)!;
    }
    let register = registerOf.get(rgb);
    if (register === undefined) {
      register = palette.length;
      registerOf.set(rgb, register);
      palette.push([(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255]);
    }
    pixels[i] = register;
  }
  return { width, height, palette, pixels };
}

/** Each pixel as 0xRRGGBB, or -1 where it is (mostly) transparent. */
function pixelColors(image: RgbaImage): Int32Array {
  const { width, height, data } = image;
  const colors = new Int32Array(width * height);
  for (let i = 0; i < colors.length; i++) {
    colors[i] = data[i * 4 + 3] < OPAQUE_FROM
      ? -1
      : (data[i * 4] << 16) | (data[i * 4 + 1] << 8) | data[i * 4 + 2];
  }
  return colors;
}

/** The palette of a many-colored picture: its most frequent colors, then the coarse cube's. */
export function chosenColors(counts: ReadonlyMap<number, number>): number[] {
  const frequent = [...counts.entries()]
    .sort(([colorA, a], [colorB, b]) => b - a || colorA - colorB) // ties: a fixed order
    .slice(0, KEPT_EXACTLY)
    .map(([color]) => color);
  const chosen = new Set(frequent);
  for (const color of COARSE_CUBE) chosen.add(color);
  return [...chosen];
}

/** The color of `candidates` nearest to `rgb` (squared RGB distance; ties: the first). */
export function nearestOf(rgb: number, candidates: readonly number[]): number {
  const r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
  let best = candidates[0];
  let bestDistance = Infinity;
  for (const c of candidates) {
    const distance = (r - ((c >> 16) & 255)) ** 2 + (g - ((c >> 8) & 255)) ** 2 +
      (b - (c & 255)) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [c, distance];
  }
  return best;
}
