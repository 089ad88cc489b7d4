import { UsageError } from "./errors.ts";
import { commandMessages } from "./command_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(commandMessages);

/**
 * Splits a prompt line into words like a shell does: whitespace separates,
 * '...' and "..." group (so `run "나는 학생이다"` is one argument), a
 * backslash escapes the next character. No globbing, no variables.
 */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new UsageError(say("words.unterminated", { quote }));
  if (inWord) words.push(word);
  return words;
}
