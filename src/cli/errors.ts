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

/** The exit code CONTRACT.md assigns to an error. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof InterruptedError) return error.exitCode;
  return error instanceof UsageError ? 2 : 1;
}

/**
 * One line for the terminal: no stack, no newlines, no control characters
 * (an error message may quote user input).
 */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `attn: ${sanitizeForTerminal(message).replace(/\s*\n\s*/g, "; ")}`;
}

/**
 * Replaces C0/C1 control characters (escape sequences included) with visible
 * placeholders, so echoing user text can never move the cursor or recolor
 * the terminal. Newlines and tabs are kept.
 */
export function sanitizeForTerminal(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    return code === 0x1b ? "^[" : `\\x${code.toString(16).padStart(2, "0")}`;
  });
}
