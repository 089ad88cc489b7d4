/**
 * The `ablate` view: the original output and the one written with the heads switched off,
 * then one line per step: the original token, its probability with the heads on and off (each a
 * bar coloured by the session's colormap), the change (red: fell, blue: rose) and the ablated
 * output's token at that step; last, a verdict computed from the numbers.
 */
import type { AblateResult } from "../app/ablate_heads.ts";
import { Palette } from "./color.ts";
import { blueWhiteRed, type Colormap, viridis } from "./colormap.ts";
import {
  cleanText,
  displayWidth,
  padEndWidth,
  padStartWidth,
  showToken,
  truncateWidth,
  wrapWidth,
} from "./layout.ts";
import { ablateViewMessages } from "./ablate_view_messages.ts";
import { type Bilingual, type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(ablateViewMessages);

/** Widest token column before it is cut. */
const TOKEN_COLUMN = 14;
/** Cells of a probability bar at most; fewer (down to none) in a narrow terminal. */
const BAR = 8;
/** Columns of a step line besides its two p cells (step, two tokens, arrow, change, mark). */
const LINE_WITHOUT_P = 4 + 2 + TOKEN_COLUMN + 1 + 4 + 2 + 9 + 1 + TOKEN_COLUMN;

/** Bar cells that let a step line fit `width` columns (a p cell is "0.97 " and the bar). */
function barCells(width: number): number {
  const room = Math.floor((width - LINE_WITHOUT_P) / 2);
  return Math.max(0, Math.min(BAR, room - 5));
}
/** Eighths of a cell, for bars finer than one column. */
const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
/** A change smaller than this is shown uncoloured: float noise, not an effect. */
const NOTICEABLE = 0.005;

/** What the view needs besides the result. */
export interface AblateViewOptions {
  palette: Palette;
  width: number;
  lang: Lang;
  /** The session's colormap for probabilities (default viridis). */
  colormap?: Colormap;
}

/** Renders an `ablate` result within `width` columns. */
export function renderAblate(result: AblateResult, options: AblateViewOptions): string {
  const { palette, width, lang } = options;
  const wrap = (text: string) => wrapWidth(text, width);
  const mode = result.mode === "mean"
    ? say("view.ablate.mean", { n: result.referenceSentences })
    : say("view.ablate.zero");
  const title = say("view.ablate.title", {
    model: result.model,
    heads: result.heads.join(", "),
    mode,
  });
  const end = (finished: boolean) => finished ? "" : ` ${say("view.ablate.unfinished")[lang]}`;
  const lines = [
    ...wrap(title[lang]).map((l) => palette.bold(l)),
    ...wrap(
      say("view.ablate.input", { tokens: result.input.tokens.map(showToken).join(" ") })[lang],
    ),
    ...wrap(
      say("view.ablate.original", { text: cleanText(result.before.text) })[lang] +
        end(result.before.finished),
    ),
    ...wrap(
      say("view.ablate.ablated", { text: cleanText(result.ablated.text) })[lang] +
        end(result.ablated.finished),
    ).map((l) => palette.bold(l)),
    "",
    palette.dim(truncateWidth(header(lang, pColumn(width, lang)), width)),
    ...stepLines(result, options),
    "",
    ...wrap(verdict(result)[lang]).map((l) => palette.bold(l)),
    ...wrap(say("view.ablate.legend")[lang]).map((l) => palette.dim(l)),
  ];
  return lines.join("\n");
}

type Column = `view.ablate.col.${"step" | "token" | "on" | "off" | "change" | "ablated"}`;

/** Columns of a p cell: "0.97 ████████", or as wide as its title when that is wider. */
function pColumn(width: number, lang: Lang): number {
  const cells = barCells(width);
  const titles = (["view.ablate.col.on", "view.ablate.col.off"] as const).map((id) =>
    displayWidth(say(id)[lang])
  );
  return Math.max(4 + (cells > 0 ? 1 + cells : 0), ...titles);
}

/** The column titles, padded to the columns of {@link stepLines}. */
function header(lang: Lang, p: number): string {
  const word = (id: Column) => say(id)[lang];
  return [
    padStartWidth(word("view.ablate.col.step"), 4),
    "  ",
    padEndWidth(word("view.ablate.col.token"), TOKEN_COLUMN),
    " ",
    padEndWidth(word("view.ablate.col.on"), p),
    "    ",
    padEndWidth(word("view.ablate.col.off"), p),
    "  ",
    padStartWidth(word("view.ablate.col.change"), 6),
    "    ",
    word("view.ablate.col.ablated"),
  ].join("").trimEnd();
}

/** One line per step of either output: token, p on -> p off, change, the ablated token. */
function stepLines(result: AblateResult, options: AblateViewOptions): string[] {
  const { palette, width, lang } = options;
  const colormap = options.colormap ?? viridis;
  const cells = barCells(width);
  const column = pColumn(width, lang);
  const { before, after, ablated } = result;
  const steps = Math.max(before.tokens.length, ablated.tokens.length);
  const lines: string[] = [];
  for (let i = 0; i < steps; i++) {
    const token = (t: string | undefined) =>
      padEndWidth(truncateWidth(t === undefined ? "" : showToken(t), TOKEN_COLUMN), TOKEN_COLUMN);
    const differs = before.tokens[i] !== ablated.tokens[i];
    let middle = " ".repeat(2 * column + 4 + 2 + 9);
    if (i < before.p.length) {
      const change = after.p[i] - before.p[i];
      const shown = (p: number) => padEndWidth(bar(p, cells, { colormap, palette }), column);
      middle = `${shown(before.p[i])} -> ${shown(after.p[i])}  ` +
        paintChange(change, palette);
    }
    const mark = differs ? palette.bold("*") : " ";
    const line = `${String(i + 1).padStart(4)}  ${token(before.tokens[i])} ${middle} ${mark}${
      token(ablated.tokens[i])
    }`;
    lines.push(truncateWidth(line, width).trimEnd());
  }
  return lines;
}

/** "0.97 ███████▊ " : the value and a bar of `width` cells coloured by the colormap at p. */
function bar(
  p: number,
  width: number,
  paint: { colormap: Colormap; palette: Palette },
): string {
  if (width === 0) return p.toFixed(2);
  const { colormap, palette } = paint;
  const eighths = Math.round(Math.max(0, Math.min(1, p)) * width * 8);
  const cells = "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
  const painted = palette.paint(cells, { fg: colormap.swatchAt(p) });
  return `${p.toFixed(2)} ${painted}${" ".repeat(width - [...cells].length)}`;
}

/** "-0.18" in red when p fell, "+0.05" in blue when it rose, plain when about the same. */
function paintChange(change: number, palette: Palette): string {
  if (Math.abs(change) < NOTICEABLE) return `${"0.00".padStart(6)}   `;
  const text = `${change >= 0 ? "+" : "-"}${Math.abs(change).toFixed(2)}`.padStart(6);
  const swatch = blueWhiteRed.swatchAt(change < 0 ? 0.95 : 0.05); // red: fell; blue: rose
  return `${palette.paint(text, { fg: swatch, bold: true })}   `;
}

/** The one-line verdict, computed from the summary. */
export function verdict(result: AblateResult): Bilingual {
  const { summary: s, before, after, ablated } = result;
  const two = (x: number) => x.toFixed(2);
  const drop = s.largestDrop >= NOTICEABLE
    ? say("view.ablate.drop", {
      step: s.largestDropStep + 1,
      token: showToken(before.tokens[s.largestDropStep]),
      before: two(before.p[s.largestDropStep]),
      after: two(after.p[s.largestDropStep]),
    })
    : { en: "", ko: "" };
  const means = { before: two(s.meanBefore), after: two(s.meanAfter), drop };
  if (s.sameOutput) return say("view.ablate.same", means);
  const i = s.firstDifference!;
  const endWord = say("view.ablate.end");
  const tokenAt = (tokens: string[]) =>
    tokens[i] === undefined ? endWord : { en: showToken(tokens[i]), ko: showToken(tokens[i]) };
  return say("view.ablate.changed", {
    step: i + 1,
    from: tokenAt(before.tokens),
    to: tokenAt(ablated.tokens),
    ...means,
  });
}
