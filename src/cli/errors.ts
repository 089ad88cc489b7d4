import { escapeForTerminal } from "../render/escape.ts";
import { boundMessage } from "./quote_input.ts";

/**
 * The two kinds of refusal a command can give (CONTRACT.md): a usage error
 * (exit code 2: the command line itself was wrong) and a runtime error (exit
 * code 1: the command was understood but could not be done). Both print one
 * line, `attn: <message>`, with no stack trace unless ATTN_DEBUG=1.
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A command that was understood but could not be carried out. */
export class AttnError extends Error {
  override name = "AttnError";
}

/** Raised when the user interrupts a running command (Ctrl-C). */
export class InterruptedError extends Error {
  override name = "InterruptedError";
  constructor(message = "interrupted") {
    super(message);
  }
}

/** The exit code CONTRACT.md assigns to an error. */
export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError ? 2 : 1;
}

/**
 * One line for the terminal: no stack, no newlines, no control or invisible
 * format characters (an error message may quote user input), and bounded in
 * length however long the quoted input was.
 */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `attn: ${terminalLine(message)}`;
}

/** A warning as one line, made safe and bounded like an error line: `attn: warning: ...`. */
export function warningLine(message: string): string {
  return `attn: warning: ${terminalLine(message)}`;
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
