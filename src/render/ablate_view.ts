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
/** Cells of a probability bar. */
const BAR = 8;
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
    palette.dim(truncateWidth(header(lang), width)),
    ...stepLines(result, options),
    "",
    ...wrap(verdict(result)[lang]).map((l) => palette.bold(l)),
    ...wrap(say("view.ablate.legend")[lang]).map((l) => palette.dim(l)),
  ];
  return lines.join("\n");
}

/** The column titles, padded to the columns of {@link stepLines}. */
function header(lang: Lang): string {
  const word = (
    id: `view.ablate.col.${"step" | "token" | "on" | "off" | "change" | "ablated"}`,
  ) => say(id)[lang];
  const p = 4 + 1 + BAR; // "0.97 ████████"
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
  const { palette, width } = options;
  const colormap = options.colormap ?? viridis;
  const { before, after, ablated } = result;
  const steps = Math.max(before.tokens.length, ablated.tokens.length);
  const lines: string[] = [];
  for (let i = 0; i < steps; i++) {
    const token = (t: string | undefined) =>
      padEndWidth(truncateWidth(t === undefined ? "" : showToken(t), TOKEN_COLUMN), TOKEN_COLUMN);
    const differs = before.tokens[i] !== ablated.tokens[i];
    let middle = " ".repeat(2 * (BAR + 5) + 4 + 2 + 9);
    if (i < before.p.length) {
      const change = after.p[i] - before.p[i];
      middle = `${bar(before.p[i], colormap, palette)} -> ${bar(after.p[i], colormap, palette)}  ` +
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

/** "0.97 ███████▊ " : the value and a bar of BAR cells coloured by the colormap at p. */
function bar(p: number, colormap: Colormap, palette: Palette): string {
  const eighths = Math.round(Math.max(0, Math.min(1, p)) * BAR * 8);
  const cells = "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
  const painted = palette.paint(cells, { fg: colormap.swatchAt(p) });
  return `${p.toFixed(2)} ${painted}${" ".repeat(BAR - [...cells].length)}`;
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
