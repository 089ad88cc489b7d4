/**
 * Messages that repeat what the user typed must stay short whatever was
 * typed: a 50 MB script line once came back as a 50 MB error line. Every
 * message that quotes user input quotes it through `quoteInput`, which keeps
 * the start (what the user recognizes), an ellipsis, and says how long the
 * original was. `boundMessage` is the net under every error and warning
 * line, for messages built below the CLI or by libraries (commander, Deno's
 * file errors) that quote input themselves.
 */

/** Characters of user input a message repeats before it cuts with "…". */
export const QUOTE_LIMIT = 80;

/** A whitespace-free run longer than this in a finished message is cut (the net). */
const WORD_LIMIT = 200;

/** The longest message line; what is beyond is cut (the net). */
const MESSAGE_LIMIT = 1000;

/**
 * `text` in single quotes, cut after `max` characters with "…" and the
 * original length: `'aaaa…' (2,000,000 characters)`. Short input is quoted
 * as is.
 */
export function quoteInput(text: string, max = QUOTE_LIMIT): string {
  const end = endOfFirst(text, max);
  if (end >= text.length) return `'${text}'`;
  return `'${text.slice(0, end)}…' (${countOf(text)})`;
}

/**
 * A finished message bounded for one terminal line: any whitespace-free run
 * longer than 200 characters is cut to its first 80 with "…" and its length,
 * then the whole is cut at 1000 characters. Short messages are unchanged.
 */
export function boundMessage(message: string): string {
  if (message.length <= WORD_LIMIT) return message;
  const words = message.replace(
    new RegExp(`\\S{${WORD_LIMIT + 1},}`, "g"),
    (word) => `${word.slice(0, endOfFirst(word, QUOTE_LIMIT))}… (${countOf(word)})`,
  );
  if (words.length <= MESSAGE_LIMIT) return words;
  return `${words.slice(0, endOfFirst(words, MESSAGE_LIMIT))}… (message cut from ${
    countOf(words)
  })`;
}

/** Where the first `count` characters (code points) of `text` end, as a UTF-16 index. */
function endOfFirst(text: string, count: number): number {
  let i = 0;
  for (let n = 0; n < count && i < text.length; n++) {
    const code = text.charCodeAt(i);
    i += code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1; // a pair is one
  }
  return i;
}

/** "2,000,000 characters": code points, counted without copying the text. */
function countOf(text: string): string {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff) n++; // a pair's second half is not a character of its own
  }
  return `${n.toLocaleString("en-US")} character${n === 1 ? "" : "s"}`;
}
