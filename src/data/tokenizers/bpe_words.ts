/**
 * How BPE sees text before any merge: NFC-normalized, cut at whitespace into words, each word a
 * list of Unicode code points (never bytes, so a Korean syllable such as 학 is one symbol and can
 * never be split), the first of them preceded by a word-start marker.
 *
 * The marker is SentencePiece's ▁ (U+2581 LOWER ONE EIGHTH BLOCK), a symbol of its own that
 * merges like any other. We chose it over GPT-2's Ġ (a byte-level stand-in for the space) because
 * it is visible in a terminal and reads as "a word starts here": ▁나 + 는 shows at a glance that
 * 는 continues a word (a particle) while ▁학생 starts one, and in English ▁read + ing shows a
 * suffix. Without a marker "in" at the start of a word and "in" inside "reading" would be one
 * token, and decoding could not tell where the spaces were.
 *
 * Decoding joins the tokens and turns every ▁ back into a space, so the round trip is exact for
 * text whose words are separated by single spaces (attn's corpora are written that way). A ▁
 * typed in the input would decode as a space: training refuses it and encoding reads it as an
 * unknown character.
 */

/** The word-start marker (U+2581), written before the first symbol of every word. */
export const WORD_START = "\u2581";

/** The words of `text`, NFC-normalized, split at runs of whitespace (ends dropped). */
export function wordsOf(text: string): string[] {
  return text.normalize("NFC").split(/\s+/u).filter((w) => w !== "");
}

/** The symbols BPE starts a word from: the marker, then one per code point. */
export function symbolsOf(word: string): string[] {
  return [WORD_START, ...Array.from(word)];
}

/** Text of a list of tokens: joined, every marker a space, the leading space dropped. */
export function textOfTokens(tokens: readonly string[]): string {
  const joined = tokens.join("").replaceAll(WORD_START, " ");
  return joined.startsWith(" ") ? joined.slice(1) : joined;
}
