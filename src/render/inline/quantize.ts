/**
 * Few colors for a picture that may have many: a sixel terminal holds at most 256 color
 * registers (many fewer on old ones). A figure is mostly flat colormap cells on a plain
 * background, so when it has at most 256 colors they are kept exactly; otherwise (anti-aliased
 * text and lines add shades) each pixel takes the nearest of a fixed palette, a 6x6x6 color
 * cube plus 24 grays (240 colors, the same as xterm's 256-color palette above its first 16),
 * which keeps grays gray where a cube alone would tint them. Either way only the colors used get
 * a register, numbered in the order they first appear.
 */
import type { RgbaImage } from "./rgba_image.ts";

/** The most registers a palette uses. */
export const MAX_REGISTERS = 256;

/** A pixel whose alpha is below this is left unpainted (the terminal's background shows). */
export const OPAQUE_FROM = 128;

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
  const exact = indexColors(image, (rgb) => rgb);
  if (exact) return exact;
  return indexColors(image, nearestFixed)!;
}

/**
 * Indexes the picture's colors after `map`; null when more than MAX_REGISTERS colors remain.
 * Colors are keyed as 0xRRGGBB.
 */
function indexColors(image: RgbaImage, map: (rgb: number) => number): IndexedImage | null {
  const { width, height, data } = image;
  const registerOf = new Map<number, number>();
  const palette: [number, number, number][] = [];
  const pixels = new Int16Array(width * height);
  for (let i = 0; i < width * height; i++) {
    if (data[i * 4 + 3] < OPAQUE_FROM) {
      pixels[i] = -1;
      continue;
    }
    const rgb = map((data[i * 4] << 16) | (data[i * 4 + 1] << 8) | data[i * 4 + 2]);
    let register = registerOf.get(rgb);
    if (register === undefined) {
      if (palette.length === MAX_REGISTERS) return null;
      register = palette.length;
      registerOf.set(rgb, register);
      palette.push([(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255]);
    }
    pixels[i] = register;
  }
  return { width, height, palette, pixels };
}

/** The cube's levels per channel: 0, 51, ..., 255. */
const CUBE_STEP = 51;
/** The grays between the cube's: 8, 18, ..., 238. */
const GRAYS = Array.from({ length: 24 }, (_, i) => 8 + 10 * i);

/** The fixed palette's color nearest to `rgb` (squared RGB distance), as 0xRRGGBB. */
export function nearestFixed(rgb: number): number {
  const r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
  const [cr, cg, cb] = [r, g, b].map((c) => Math.round(c / CUBE_STEP) * CUBE_STEP);
  const mean = (r + g + b) / 3;
  const gray = GRAYS.reduce((best, level) =>
    Math.abs(level - mean) < Math.abs(best - mean) ? level : best
  );
  const distance = (x: number, y: number, z: number) => (r - x) ** 2 + (g - y) ** 2 + (b - z) ** 2;
  return distance(gray, gray, gray) < distance(cr, cg, cb)
    ? (gray << 16) | (gray << 8) | gray
    : (cr << 16) | (cg << 8) | cb;
}
