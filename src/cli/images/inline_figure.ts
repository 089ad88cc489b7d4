/**
 * A view's figure drawn in the terminal itself (`set images on`): the same PNG `--png FILE`
 * writes, sent with the terminal's image protocol, under the view's text. Only where it can be
 * seen: images on, a terminal that was found to show them, stdout that terminal, and not
 * --json (whose stdout is the JSON alone). Called from figure_out.ts, the one place every
 * command's figure goes through.
 */
import type { CommandContext } from "../command.ts";
import { type ImageProtocol, inlineImage } from "../../render/inline/inline_image.ts";
import { imageSupportOf } from "./image_support.ts";

/** The protocol to draw this command's figure with; null: the text view alone. */
export async function inlineProtocol(ctx: CommandContext): Promise<ImageProtocol | null> {
  if (!ctx.session.images || ctx.json || !ctx.io.isTty) return null;
  return (await imageSupportOf(ctx.session)).protocol;
}

/** Draws the PNG file `png` at the cursor with `protocol`; the next output starts below it. */
export async function drawInline(
  ctx: CommandContext,
  protocol: ImageProtocol,
  png: Uint8Array,
): Promise<void> {
  // Only sixel needs the pixels: its decoder loads only then.
  const pixels = protocol === "sixel"
    ? (await import("../../render/inline/png_pixels.ts")).pngPixels(png)
    : null;
  ctx.io.out(inlineImage(protocol, { png, pixels: () => pixels!, name: "attn.png" }));
}
