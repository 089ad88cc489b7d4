/**
 * A view's figure drawn in the terminal itself (`set images on`): the same PNG `--png FILE`
 * writes, sent with the terminal's image protocol, under the view's text. Only where it can be
 * seen: images on, a terminal that was found to show them, stdout that terminal, and not
 * --json (whose stdout is the JSON alone). Called from figure_out.ts, the one place every
 * command's figure goes through.
 */
import type { CommandContext } from "../command.ts";
import { type ImageProtocol, inlineImage } from "../../render/inline/inline_image.ts";
import { pngSize } from "../../render/inline/png_size.ts";
import { imageSupportOf } from "./image_support.ts";

/**
 * The width of a terminal cell in the figure's own (CSS) pixels, as most terminal fonts at their
 * usual sizes are: the terminal's real cell size is not known without asking it, so a figure of
 * W pixels is shown over W / 8 columns (at most the terminal's width), whatever the screen's
 * density; the PNG's extra pixels (it is drawn at `scale` times that size) keep it sharp.
 */
export const CELL_WIDTH_PX = 8;

/** The protocol to draw this command's figure with; null: the text view alone. */
export async function inlineProtocol(ctx: CommandContext): Promise<ImageProtocol | null> {
  if (!ctx.session.images || ctx.json || !ctx.io.isTty) return null;
  return (await imageSupportOf(ctx.session)).protocol;
}

/**
 * Draws the PNG file `png`, drawn at `scale` times the figure's size, at the cursor with
 * `protocol`; the next output starts below it.
 */
export async function drawInline(
  ctx: CommandContext,
  protocol: ImageProtocol,
  png: Uint8Array,
  scale: number,
): Promise<void> {
  const columns = Math.min(
    ctx.io.columns,
    Math.ceil(pngSize(png).width / scale / CELL_WIDTH_PX),
  );
  // Sixel sends pixels, which cannot be scaled there: the figure's own size. Its PNG decoder
  // loads only then.
  const pixels = protocol === "sixel" ? await figurePixels(png, scale) : null;
  ctx.io.out(inlineImage(protocol, { png, pixels: () => pixels!, name: "attn.png", columns }));
}

/** The PNG's pixels at the figure's own size. */
async function figurePixels(png: Uint8Array, scale: number) {
  const { pngPixels } = await import("../../render/inline/png_pixels.ts");
  const { downsample } = await import("../../render/inline/downsample.ts");
  return downsample(pngPixels(png), Math.round(scale));
}
