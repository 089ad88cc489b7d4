/**
 * Text width helpers that count terminal columns, not UTF-16 units: a Hangul
 * syllable takes two columns (string-width), escape codes take none. Every
 * view measures with these so that it never overflows the terminal.
 */
import stringWidth from "string-width";
import { escapeForTerminal } from "./escape.ts";

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Removes SGR escape sequences (colors, bold), leaving the visible text. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** Columns `text` takes on a terminal (escape codes excluded, wide characters 2). */
export function displayWidth(text: string): number {
  return stringWidth(stripAnsi(text));
}

/** The widest line of a multi-line text, in columns. */
export function maxLineWidth(text: string): number {
  return Math.max(0, ...text.split("\n").map(displayWidth));
}

/** User-perceived characters (grapheme clusters): "학생" -> ["학", "생"]. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Pads `text` on the right with spaces to `width` columns (never cuts). */
export function padEndWidth(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** Pads `text` on the left with spaces to `width` columns (never cuts). */
export function padStartWidth(text: string, width: number): string {
  return " ".repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** Centers `text` in `width` columns (an odd leftover space goes right). */
export function centerWidth(text: string, width: number): string {
  const free = Math.max(0, width - displayWidth(text));
  const left = Math.floor(free / 2);
  return " ".repeat(left) + text + " ".repeat(free - left);
}

/**
 * Cuts plain `text` to at most `width` columns, ending with `ellipsis` when
 * something was cut. A wide character that would straddle the edge is left
 * out rather than split. Not for text with escape codes.
 */
export function truncateWidth(text: string, width: number, ellipsis = "…"): string {
  if (width <= 0) return "";
  if (stringWidth(text) <= width) return text;
  const mark = stringWidth(ellipsis) <= width ? ellipsis : "";
  const room = width - stringWidth(mark);
  let out = "";
  let used = 0;
  for (const g of graphemes(text)) {
    const w = stringWidth(g);
    if (used + w > room) break;
    out += g;
    used += w;
  }
  return out + mark;
}

/** `truncateWidth` then `padEndWidth`: exactly `width` columns. */
export function fitWidth(text: string, width: number, ellipsis = "…"): string {
  return padEndWidth(truncateWidth(text, width, ellipsis), width);
}

/**
 * Wraps plain text into lines of at most `width` columns, breaking at spaces;
 * a word wider than a line is cut into pieces. Existing newlines are kept.
 */
export function wrapWidth(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(" ")) {
      for (const piece of splitWide(word, w)) {
        const candidate = line === "" ? piece : `${line} ${piece}`;
        if (stringWidth(candidate) <= w) {
          line = candidate;
        } else {
          lines.push(line);
          line = piece;
        }
      }
    }
    lines.push(line);
  }
  return lines;
}

/** A word cut into pieces of at most `width` columns. */
function splitWide(word: string, width: number): string[] {
  if (stringWidth(word) <= width) return [word];
  const pieces: string[] = [];
  let piece = "";
  for (const whole of graphemes(word)) {
    const g = stringWidth(whole) > width ? "…" : whole; // a wide character in a 1-column line
    if (stringWidth(piece + g) > width && piece !== "") {
      pieces.push(piece);
      piece = "";
    }
    piece += g;
  }
  if (piece !== "") pieces.push(piece);
  return pieces;
}

/**
 * Characters of one token a view shows: a word tokenizer keeps an unknown
 * word whole, and a script line may be 64 KiB of one word.
 */
const TOKEN_LIMIT = 80;

/**
 * A token for display: a space shown as "␣", control and invisible format
 * characters escaped, a token longer than 80 characters cut with "…".
 */
export function showToken(token: string): string {
  if (token === " ") return "␣";
  if (token.length <= TOKEN_LIMIT) return cleanText(token);
  const pairStart = /[\ud800-\udbff]/.test(token[TOKEN_LIMIT - 1]);
  return cleanText(token.slice(0, pairStart ? TOKEN_LIMIT - 1 : TOKEN_LIMIT)) + "…";
}

/**
 * Control characters made visible (`\x1b`) and invisible format characters
 * too (`<U+202E>`): never written raw (see escape.ts).
 */
export function cleanText(text: string): string {
  return escapeForTerminal(text);
}
