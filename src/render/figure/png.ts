/**
 * A Figure as a PNG: its SVG (svg.ts) rasterized by resvg (npm @resvg/resvg-wasm, the Rust SVG
 * renderer built to WebAssembly), so the PNG is the same picture as the SVG, pixel colors
 * included. resvg reads no system fonts here: the caller hands it the bytes of a font with
 * Hangul (assets/fonts/AttnGothic.ttf, loaded by src/app/figure_font.ts), so every machine
 * draws the same glyphs. Pure: returns the bytes, writes nothing.
 * The .wasm comes compiled from resvg_module.js, with no file read.
 */
import { resvgModule } from "./resvg_module.js";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import type { Figure } from "./figure.ts";
import { figureSvg } from "./svg.ts";

/** The family name inside assets/fonts/AttnGothic.ttf. */
export const PNG_FONT_FAMILY = "AttnGothic";

let ready: Promise<void> | null = null;

/** An SVG's text rasterized to PNG bytes at `scale` (2: twice the SVG's pixel size). */
export async function svgToPng(svg: string, font: Uint8Array, scale = 1): Promise<Uint8Array> {
  ready ??= initWasm(resvgModule);
  await ready;
  const resvg = new Resvg(svg, {
    font: {
      fontBuffers: [font],
      defaultFontFamily: PNG_FONT_FAMILY,
      sansSerifFamily: PNG_FONT_FAMILY,
    },
    fitTo: scale === 1 ? { mode: "original" } : { mode: "zoom", value: scale },
    background: "#ffffff",
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/** A Figure as PNG bytes (see {@link svgToPng}). */
export function figurePng(figure: Figure, font: Uint8Array, scale = 1): Promise<Uint8Array> {
  return svgToPng(figureSvg(figure), font, scale);
}
