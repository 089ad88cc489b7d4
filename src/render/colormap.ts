/**
 * Colormaps: a value in a range -> a color at every level (RGB, nearest
 * xterm-256, a 16-color step) and, for level 0, a glyph.
 * - sequential, viridis-like (van der Walt and Smith, matplotlib 2015):
 *   perceptually uniform and readable in grayscale, for probabilities;
 * - diverging blue-white-red (ColorBrewer RdBu): white at 0, for signed
 *   values such as hidden states and positional encodings.
 */
import type { Rgb, Swatch } from "./color.ts";

/** The closed range a colormap spans. */
export interface ValueRange {
  min: number;
  max: number;
}

/** Sequential for [0, 1]-like values, diverging for signed values around 0. */
export type ColormapKind = "sequential" | "diverging";

/** A colormap over t in [0, 1]. */
export interface Colormap {
  readonly name: string;
  readonly kind: ColormapKind;
  /** Level-0 glyphs from t = 0 to t = 1 (one column each). */
  readonly glyphs: readonly string[];
  /** The color at t in [0, 1] (clamped). */
  rgbAt(t: number): Rgb;
  /** The color at t at every level; the 16-color step comes from a hand-picked ramp. */
  swatchAt(t: number): Swatch;
  /** The level-0 glyph at t. */
  glyphAt(t: number): string;
}

/** Stops of matplotlib's viridis at t = 0, 1/8, ..., 1. */
const VIRIDIS = [
  "#440154",
  "#482878",
  "#3e4989",
  "#31688e",
  "#26828e",
  "#1f9e89",
  "#35b779",
  "#6ece58",
  "#fde725",
];
/** ColorBrewer RdBu (reversed: blue for negative), white in the middle. */
const BLUE_WHITE_RED = [
  "#2166ac",
  "#4393c3",
  "#92c5de",
  "#f7f7f7",
  "#f4a582",
  "#d6604d",
  "#b2182b",
];

/**
 * 16-color ramps: the nearest of 16 colors to viridis is mostly "black" or
 * "cyan", so the steps are picked by hand to stay ordered and distinct.
 */
const SEQUENTIAL_16 = [0, 4, 6, 2, 10, 11]; // black, blue, cyan, green, bright green, bright yellow
const DIVERGING_16 = [4, 12, 15, 9, 1]; // blue, bright blue, bright white, bright red, red

/** Level-0 ramps: shades for magnitude; signed symbols around a middle dot. */
const SHADES = [" ", "░", "▒", "▓", "█"];
const SIGNED = ["=", "-", "·", "+", "#"];

/** The 16 basic colors as xterm draws them. */
const XTERM16: Rgb[] = [
  [0, 0, 0],
  [205, 0, 0],
  [0, 205, 0],
  [205, 205, 0],
  [0, 0, 238],
  [205, 0, 205],
  [0, 205, 205],
  [229, 229, 229],
  [127, 127, 127],
  [255, 0, 0],
  [0, 255, 0],
  [255, 255, 0],
  [92, 92, 255],
  [255, 0, 255],
  [0, 255, 255],
  [255, 255, 255],
].map(([r, g, b]) => ({ r, g, b }));

/** Channel levels of the xterm 6x6x6 color cube (indices 16..231). */
const CUBE = [0, 95, 135, 175, 215, 255];

function hex(h: string): Rgb {
  const n = parseInt(h.slice(1), 16);
  return { r: n >> 16, g: (n >> 8) & 255, b: n & 255 };
}

function clamp01(t: number): number {
  return Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t));
}

function distance2(a: Rgb, b: Rgb): number {
  // "redmean" weighting: closer to perceived difference than plain RGB distance.
  const rm = (a.r + b.r) / 2;
  const dr = a.r - b.r, dg = a.g - b.g, db = a.b - b.b;
  return (2 + rm / 256) * dr * dr + 4 * dg * dg + (2 + (255 - rm) / 256) * db * db;
}

/** The nearest xterm-256 color (cube or gray ramp; the 16 system colors vary by terminal). */
export function nearest256(c: Rgb): number {
  const step = (v: number) => {
    let best = 0;
    for (let i = 1; i < CUBE.length; i++) {
      if (Math.abs(CUBE[i] - v) < Math.abs(CUBE[best] - v)) best = i;
    }
    return best;
  };
  const [ri, gi, bi] = [step(c.r), step(c.g), step(c.b)];
  const cube = { r: CUBE[ri], g: CUBE[gi], b: CUBE[bi] };
  const mean = (c.r + c.g + c.b) / 3;
  const grayIndex = Math.min(23, Math.max(0, Math.round((mean - 8) / 10)));
  const grayLevel = 8 + 10 * grayIndex;
  const gray = { r: grayLevel, g: grayLevel, b: grayLevel };
  return distance2(c, gray) < distance2(c, cube) ? 232 + grayIndex : 16 + 36 * ri + 6 * gi + bi;
}

/** The nearest of the 16 basic colors. */
export function nearest16(c: Rgb): number {
  let best = 0;
  for (let i = 1; i < XTERM16.length; i++) {
    if (distance2(c, XTERM16[i]) < distance2(c, XTERM16[best])) best = i;
  }
  return best;
}

function interpolate(stops: readonly Rgb[], t: number): Rgb {
  const x = clamp01(t) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i], b = stops[i + 1];
  return {
    r: Math.round(a.r + (b.r - a.r) * f),
    g: Math.round(a.g + (b.g - a.g) * f),
    b: Math.round(a.b + (b.b - a.b) * f),
  };
}

function pick<T>(items: readonly T[], t: number): T {
  return items[Math.round(clamp01(t) * (items.length - 1))];
}

function makeColormap(
  name: string,
  kind: ColormapKind,
  stops: readonly string[],
  ramp16: readonly number[],
  glyphs: readonly string[],
): Colormap {
  const rgbStops = stops.map(hex);
  return {
    name,
    kind,
    glyphs,
    rgbAt: (t) => interpolate(rgbStops, t),
    swatchAt(t) {
      const rgb = interpolate(rgbStops, t);
      return { rgb, ansi256: nearest256(rgb), ansi16: pick(ramp16, t) };
    },
    glyphAt: (t) => pick(glyphs, t),
  };
}

/** Sequential, for probabilities: dark purple (low) to yellow (high). */
export const viridis: Colormap = makeColormap(
  "viridis",
  "sequential",
  VIRIDIS,
  SEQUENTIAL_16,
  SHADES,
);

/** Diverging, for signed values: blue (negative), white (0), red (positive). */
export const blueWhiteRed: Colormap = makeColormap(
  "blue-white-red",
  "diverging",
  BLUE_WHITE_RED,
  DIVERGING_16,
  SIGNED,
);

/** The default colormap of a kind. */
export function colormapFor(kind: ColormapKind): Colormap {
  return kind === "sequential" ? viridis : blueWhiteRed;
}

/** Where `value` sits in `range`, as t in [0, 1] (clamped; a zero-width range gives 0.5). */
export function normalize(value: number, range: ValueRange): number {
  const span = range.max - range.min;
  if (!(span > 0)) return 0.5;
  return clamp01((value - range.min) / span);
}

/** The smallest and largest finite values (0..0 when there are none). */
export function extent(values: Iterable<number>): ValueRange {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : { min: 0, max: 0 };
}

/**
 * The range a colormap should span for these values: their extent for a
 * sequential map, symmetric around 0 (so white means 0) for a diverging one.
 */
export function rangeFor(kind: ColormapKind, values: Iterable<number>): ValueRange {
  const { min, max } = extent(values);
  if (kind === "sequential") return { min, max };
  const m = Math.max(Math.abs(min), Math.abs(max));
  return { min: -m, max: m };
}

/** Short, width-stable number text for legends and cells: 0.93, -1.2, 12.3, 1.2e+3. */
export function formatValue(v: number, digits = 3): string {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 10 ** digits || a < 10 ** -(digits - 1)) return v.toExponential(1);
  return Number(v.toPrecision(digits)).toString();
}
