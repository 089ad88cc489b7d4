import { escapeForTerminal } from "../render/escape.ts";
import { boundMessage } from "./quote_input.ts";

/**
 * The two kinds of refusal a command can give (docs/CONTRACT.md): a usage error
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

/** The signals that stop a running command the way Ctrl-C does. */
export type StopSignal = "SIGINT" | "SIGTERM" | "SIGHUP";

const signalNumbers: Record<StopSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * Raised when the user interrupts a running command: Ctrl-C (SIGINT), or SIGTERM / SIGHUP
 * (`timeout`, `kill`, a closed terminal). The exit code is the shell's 128 + the signal's
 * number: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP.
 */
export class InterruptedError extends Error {
  override name = "InterruptedError";
  readonly signal: StopSignal;
  constructor(message = "interrupted", options: { signal?: StopSignal } = {}) {
    super(message);
    this.signal = options.signal ?? "SIGINT";
  }

  get exitCode(): number {
    return 128 + signalNumbers[this.signal];
  }
}

/** What stopped a command, from its abort signal: the InterruptedError it was aborted with. */
export function stopSignalOf(signal: AbortSignal): StopSignal {
  return signal.reason instanceof InterruptedError ? signal.reason.signal : "SIGINT";
}

/** How messages name a stop: "interrupted" for Ctrl-C, else "stopped by SIGTERM". */
export function stoppedWords(signal: StopSignal): string {
  return signal === "SIGINT" ? "interrupted" : `stopped by ${signal}`;
}

/** The exit code docs/CONTRACT.md assigns to an error. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof InterruptedError) return error.exitCode;
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
