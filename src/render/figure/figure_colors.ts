/**
 * The color of a value in a figure: the very RGB the terminal's 24-bit mode paints for it
 * (the same colormaps, the same normalization), written as `#rrggbb`.
 */
import { blueWhiteRed, type Colormap, normalize, type ValueRange } from "../colormap.ts";
import { namedColormap } from "../colormaps.ts";
import type { Rgb } from "../color.ts";
import type { FigureColormap } from "./figure.ts";

/** The colormap a figure names (diverging: the blue-white-red of signed values). */
export function colormapOf(name: FigureColormap): Colormap {
  return name === "diverging" ? blueWhiteRed : namedColormap(name);
}

/** The RGB of `value` in `range` under `colormap`. */
export function figureRgb(colormap: FigureColormap, value: number, range: ValueRange): Rgb {
  return colormapOf(colormap).rgbAt(normalize(value, range));
}

/** An RGB as `#rrggbb`. */
export function hexOf(rgb: Rgb): string {
  return "#" + [rgb.r, rgb.g, rgb.b].map((c) => c.toString(16).padStart(2, "0")).join("");
}

/** Black or white, whichever reads better on `rgb` (text inside a cell). */
export function inkOn(rgb: Rgb): string {
  const luminance = 0.2126 * rgb.r + 0.7152 * rgb.g + 0.0722 * rgb.b;
  return luminance > 140 ? "#000000" : "#ffffff";
}

/** Distinct line and bar colors for a chart's series (Tableau 10, colorblind-aware order). */
export const SERIES_COLORS = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
] as const;
