/**
 * `--svg FILE`, `--png FILE`, `--html FILE`: every command that draws a grid, a strip or a chart
 * can also write its picture to files (issue #20). One helper for all of them, so the options
 * read, refuse and report alike:
 * 1. `addFigureOptions(cmd)` declares the three options (help in both languages:
 *    help_shared.ts `figureOutHelp(command)` gives a command's Korean entries);
 * 2. `checkFigureTargets(options)` checks every given path BEFORE any work, with the rules and
 *    the one-line errors of `--out` (out_path.ts), so a long run never ends in a refused save;
 * 3. `writeFigureTargets(ctx, targets, figure)` draws the Figure (src/render/figure/) and writes
 *    each requested file atomically, one line per written file (on stderr under --json, whose
 *    stdout is the JSON alone); with `set images on`, on a terminal that shows images, it also
 *    draws the PNG there (images/inline_figure.ts), so every view with a figure gets it.
 * The writers below src/render only return text and bytes; this file does the file IO.
 */
import { Option } from "@commander-js/extra-typings";
import type { Command, OptionValues } from "@commander-js/extra-typings";
import type { CommandContext } from "./command.ts";
import { UsageError } from "./errors.ts";
import { checkOutPath } from "./out_path.ts";
import { figureOutMessages } from "./figure_out_messages.ts";
import { FIGURE_OUT_HELP } from "./help_shared.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import type { Figure } from "../render/figure/figure.ts";
import { figureSvg } from "../render/figure/svg.ts";
import { figureHtml } from "../render/figure/html.ts";
import { writeFileAtomic } from "../models/weights/atomic_write.ts";
import { loadFigureFont } from "../app/figure_font.ts";
import type { Lang } from "../platform/i18n/messages.ts";
import { drawInline, inlineProtocol } from "./images/inline_figure.ts";

const say = messagesOf(figureOutMessages);

/** The file formats, in the order they are written and reported. */
const FORMATS = ["svg", "png", "html"] as const;

/** The PNG is drawn at twice the SVG's pixel size: sharp on slides and high-density screens. */
export const PNG_SCALE = 2;

/** One of {@link FORMATS}. */
export type FigureFormat = typeof FORMATS[number];

/** The options as commander hands them over. */
export interface FigureOutOptions {
  svg?: string;
  png?: string;
  html?: string;
}

/** The checked paths (home expanded), per format; empty when none was asked for. */
export type FigureTargets = Partial<Record<FigureFormat, string>>;

/** Declares `--svg <file>`, `--png <file>` and `--html <file>` on a command. */
export function addFigureOptions<Args extends unknown[], Opts extends OptionValues>(
  cmd: Command<Args, Opts>,
) {
  return cmd
    .addOption(new Option("--svg <file>", FIGURE_OUT_HELP["--svg"].en))
    .addOption(new Option("--png <file>", FIGURE_OUT_HELP["--png"].en))
    .addOption(new Option("--html <file>", FIGURE_OUT_HELP["--html"].en));
}

/**
 * Checks each given path as `--out` is checked (permission, parent directory, not a directory
 * nor a link) and that no two options name the same file; returns them expanded.
 */
export async function checkFigureTargets(options: FigureOutOptions): Promise<FigureTargets> {
  const targets: FigureTargets = {};
  const given: Partial<Record<FigureFormat, string>> = {};
  for (const format of FORMATS) {
    const path = options[format];
    if (path === undefined) continue;
    const checked = await checkOutPath(`--${format}`, path);
    const twin = FORMATS.find((f) => targets[f] === checked);
    if (twin !== undefined) {
      throw new UsageError(
        say("figure.samePath", { first: `--${twin}`, second: `--${format}`, given: path }),
      );
    }
    targets[format] = checked;
    given[format] = path;
  }
  return targets;
}

/** True when at least one file was asked for. */
export function wantsFigure(targets: FigureTargets): boolean {
  return FORMATS.some((f) => targets[f] !== undefined);
}

/**
 * Writes each requested file from the Figure `build` returns (called only when a file was asked
 * for) and reports each written file in one line.
 */
export async function writeFigureTargets(
  ctx: CommandContext,
  targets: FigureTargets,
  build: () => Figure,
): Promise<void> {
  const inline = await inlineProtocol(ctx); // set images on, where the terminal shows them
  if (!wantsFigure(targets) && inline === null) return;
  const figure = build();
  const svg = figureSvg(figure);
  const lang = ctx.session.lang;
  let png: Promise<Uint8Array> | null = null; // made once for --png and the terminal alike
  const pngOnce = () => png ??= pngOf(svg);
  if (inline !== null) await drawInline(ctx, inline, await pngOnce(), PNG_SCALE);
  for (const format of FORMATS) {
    const path = targets[format];
    if (path === undefined) continue;
    const bytes = format === "svg"
      ? new TextEncoder().encode(svg)
      : format === "html"
      ? new TextEncoder().encode(figureHtml(figure, { lang, words: hoverWords(lang) }))
      : await pngOnce();
    await writeFileAtomic(path, bytes);
    const line = say("figure.wrote", { format: format.toUpperCase(), path })[lang];
    if (ctx.json) ctx.io.err(line);
    else ctx.io.out(line);
  }
}

/** The hover box's words in `lang`. */
function hoverWords(lang: Lang) {
  return {
    row: say("figure.hover.row")[lang],
    col: say("figure.hover.col")[lang],
    value: say("figure.hover.value")[lang],
  };
}

/**
 * The SVG rasterized: the PNG module (and its WebAssembly) loads only when a PNG is asked for,
 * so no other command pays for it at start.
 */
async function pngOf(svg: string): Promise<Uint8Array> {
  const font = await loadFigureFont();
  const { svgToPng } = await import("../render/figure/png.ts");
  return await svgToPng(svg, font, PNG_SCALE);
}
