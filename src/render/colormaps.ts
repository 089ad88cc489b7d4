/**
 * The sequential colormaps a learner can pick with `set colormap`: viridis
 * (the default, colormap.ts), magma (same family: perceptually uniform, black
 * to pale yellow; van der Walt and Smith, matplotlib 2015) and gray (plain
 * luminance, for screenshots and printing). Diverging views (hidden states)
 * always use blue-white-red: a signed value needs white at 0.
 */
import type { Rgb } from "./color.ts";
import { type Colormap, nearest256, viridis } from "./colormap.ts";

/** Names `set colormap` accepts. */
export const colormapNames = ["viridis", "magma", "gray"] as const;

/** One of {@link colormapNames}. */
export type ColormapName = typeof colormapNames[number];

/** Stops of matplotlib's magma at t = 0, 1/8, ..., 1. */
const MAGMA = [
  "#000004",
  "#1c1044",
  "#4f127b",
  "#812581",
  "#b5367a",
  "#e55964",
  "#fb8761",
  "#fec287",
  "#fcfdbf",
];
const GRAY = ["#1c1c1c", "#ffffff"];

/** Hand-picked 16-color ramps that stay ordered (the nearest basic color would repeat). */
const MAGMA_16 = [0, 5, 13, 9, 11, 15]; // black, magenta, bright magenta, bright red, bright yellow, bright white
const GRAY_16 = [0, 8, 7, 15]; // black, bright black, white, bright white
const SHADES = [" ", "░", "▒", "▓", "█"];

function hex(h: string): Rgb {
  const n = parseInt(h.slice(1), 16);
  return { r: n >> 16, g: (n >> 8) & 255, b: n & 255 };
}

function clamp01(t: number): number {
  return Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t));
}

function sequential(name: string, stops: readonly string[], ramp16: readonly number[]): Colormap {
  const rgbStops = stops.map(hex);
  const rgbAt = (t: number): Rgb => {
    const x = clamp01(t) * (rgbStops.length - 1);
    const i = Math.min(rgbStops.length - 2, Math.floor(x));
    const f = x - i;
    const a = rgbStops[i], b = rgbStops[i + 1];
    return {
      r: Math.round(a.r + (b.r - a.r) * f),
      g: Math.round(a.g + (b.g - a.g) * f),
      b: Math.round(a.b + (b.b - a.b) * f),
    };
  };
  const pick = <T>(items: readonly T[], t: number) =>
    items[Math.round(clamp01(t) * (items.length - 1))];
  return {
    name,
    kind: "sequential",
    glyphs: SHADES,
    rgbAt,
    swatchAt(t) {
      const rgb = rgbAt(t);
      return { rgb, ansi256: nearest256(rgb), ansi16: pick(ramp16, t) };
    },
    glyphAt: (t) => pick(SHADES, t),
  };
}

const maps: Record<ColormapName, Colormap> = {
  viridis,
  magma: sequential("magma", MAGMA, MAGMA_16),
  gray: sequential("gray", GRAY, GRAY_16),
};

/** The colormap called `name`. */
export function namedColormap(name: ColormapName): Colormap {
  return maps[name];
}

/** True when `name` is one `set colormap` accepts. */
export function isColormapName(name: string): name is ColormapName {
  return (colormapNames as readonly string[]).includes(name);
}
