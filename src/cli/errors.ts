import { escapeForTerminal } from "../render/escape.ts";
import { boundMessage } from "../app/quote_input.ts";
import type { Bilingual, Lang } from "../platform/i18n/messages.ts";
import {
  AttnError,
  BilingualError,
  errorMessageIn,
  InterruptedError,
  stoppedPhrase,
  stoppedWords,
  type StopSignal,
  stopSignalOf,
  UsageError,
} from "../app/errors.ts";

/**
 * How the CLI reports a refusal: one line, `attn: <message>`, with no stack trace unless
 * ATTN_DEBUG=1, and the exit code docs/CONTRACT.md assigns. The refusals themselves are the
 * use cases' (src/app/errors.ts); they are re-exported here so that a command finds its whole
 * error vocabulary in one place.
 */
export {
  AttnError,
  BilingualError,
  errorMessageIn,
  InterruptedError,
  stoppedPhrase,
  stoppedWords,
  type StopSignal,
  stopSignalOf,
  UsageError,
};

/** The exit code docs/CONTRACT.md assigns to an error. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof InterruptedError) return error.exitCode;
  return error instanceof UsageError ? 2 : 1;
}

/**
 * One line for the terminal: no stack, no newlines, no control or invisible
 * format characters (an error message may quote user input), and bounded in
 * length however long the quoted input was. In `lang` when the error carries that language.
 */
export function errorLine(error: unknown, lang: Lang = "en"): string {
  return `attn: ${terminalLine(errorMessageIn(error, lang))}`;
}

/**
 * A warning as one line, made safe and bounded like an error line: `attn: warning: ...`, or
 * `attn: 경고: ...` in Korean (a plain string is the same text in both languages).
 */
export function warningLine(message: string | Readonly<Bilingual>, lang: Lang = "en"): string {
  const text = typeof message === "string" ? message : message[lang];
  return `attn: ${lang === "ko" ? "경고" : "warning"}: ${terminalLine(text)}`;
}

/** A message made one bounded line: cut first, so escaping and joining only see the short text. */
function terminalLine(message: string): string {
  return sanitizeForTerminal(boundMessage(message)).replace(/\s*\n\s*/g, "; ");
}

/**
 * Makes control characters (escape sequences included) and invisible Unicode
 * format characters (bidi overrides, zero-width characters) visible, so that
 * echoing user text can never move the cursor, recolor the terminal or
 * reorder the line. Newlines and tabs are kept.
 */
export function sanitizeForTerminal(text: string): string {
  return escapeForTerminal(text, { keepLineBreaks: true });
}
