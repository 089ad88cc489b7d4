/**
 * The `tokenizer` view: what the vocabulary is made of, the first merges in the order BPE learned
 * them (pair, new token, id, how often the pair occurred), and which Korean particles and English
 * suffixes became tokens.
 */
import type { TokenizerResult, UnitRow } from "../app/tokenizer_merges.ts";
import type { Palette } from "./color.ts";
import {
  displayWidth,
  padEndWidth,
  padStartWidth,
  showToken,
  truncateWidth,
  wrapWidth,
} from "./layout.ts";
import { tokensMessages } from "./tokens_messages.ts";
import { bpeSource } from "./tokens_view.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(tokensMessages);

/** Renders a `tokenizer` result within `width` columns. */
export function renderTokenizer(
  result: TokenizerResult,
  options: { palette: Palette; width: number; lang: Lang },
): string {
  const { palette, width, lang } = options;
  const source = bpeSource(result);
  const title = say("tokenizer.title", {
    source,
    specials: result.specials.length,
    chars: result.alphabetSize,
    merges: result.mergeCount,
  })[lang];
  return [
    ...wrapWidth(title, width).map((l) => palette.bold(l)),
    ...wrapWidth(say("tokenizer.first", { n: result.merges.length })[lang], width),
    "",
    ...mergeTable(result, width, lang, palette),
    "",
    ...wrapWidth(
      say("tokenizer.particles", { list: unitList(result.units.ko, lang) })[lang],
      width,
    ),
    ...wrapWidth(say("tokenizer.suffixes", { list: unitList(result.units.en, lang) })[lang], width),
  ].join("\n");
}

/** Columns: rank, "left + right", token, id, count; the pair column shrinks to fit `width`. */
function mergeTable(
  result: TokenizerResult,
  width: number,
  lang: Lang,
  palette: Palette,
): string[] {
  const rows = result.merges.map((m) => [
    String(m.rank),
    `${showToken(m.left)} + ${showToken(m.right)}`,
    showToken(m.token),
    String(m.id),
    m.count === null ? "-" : String(m.count),
  ]);
  const header = [
    say("tokenizer.rank")[lang],
    say("tokenizer.pair")[lang],
    say("tokenizer.token")[lang],
    "id",
    say("tokenizer.count")[lang],
  ];
  const widths = header.map((h, c) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c])))
  );
  const spare = width - (widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  if (spare < 0) {
    // the pair and token columns give up the room, half each, never below 5 columns
    widths[1] = Math.max(5, widths[1] + Math.floor(spare / 2));
    widths[2] = Math.max(5, widths[2] + Math.ceil(spare / 2));
  }
  const line = (cells: string[]) =>
    cells.map((cell, c) => {
      const fitted = truncateWidth(cell, widths[c]);
      return c === 0 || c >= 3 ? padStartWidth(fitted, widths[c]) : padEndWidth(fitted, widths[c]);
    }).join("  ").trimEnd();
  return [palette.dim(line(header)), ...rows.map(line)];
}

/** "에서 (merge 21), ing (merge 65); characters: 는 을"; "none" when empty. */
function unitList(units: readonly UnitRow[], lang: Lang): string {
  if (units.length === 0) return say("tokenizer.none")[lang];
  const merged = units.filter((u) => u.merge !== null)
    .map((u) => `${u.token} (${say("tokenizer.merge", { n: u.merge! })[lang]})`);
  const chars = units.filter((u) => u.merge === null).map((u) => u.token);
  const parts = merged.length > 0 ? [merged.join(", ")] : [];
  if (chars.length > 0) parts.push(say("tokenizer.chars", { list: chars.join(" ") })[lang]);
  return parts.join("; ");
}
