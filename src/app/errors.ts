/**
 * The refusals a use case can give (docs/CONTRACT.md): a usage error (the request itself was
 * wrong: exit code 2 from the shell), a runtime error (the request was understood but could not
 * be done: exit code 1) and an interruption (the user stopped it: 128 + the signal's number).
 * They live here, below the front ends, because the use cases in src/app/ throw them and the
 * CLI, the REPL and lessons all report them the same way (src/cli/errors.ts prints them).
 */

import type { Bilingual, Lang } from "../platform/i18n/messages.ts";
import { BilingualError } from "../platform/i18n/bilingual_error.ts";

export { BilingualError };

/** The command line (or the request) was wrong: what was given is not what was expected. */
export class UsageError extends BilingualError {
  override name = "UsageError";
}

/** A command that was understood but could not be carried out. */
export class AttnError extends BilingualError {
  override name = "AttnError";
}

/**
 * An error's message in `lang`: the Korean one when the error carries it, else its message
 * (text from below the app layer, a library's or the platform's, stays as it was written).
 */
export function errorMessageIn(error: unknown, lang: Lang): string {
  if (error instanceof BilingualError || error instanceof InterruptedError) {
    if (lang === "ko" && error.ko !== undefined) return error.ko;
  }
  return error instanceof Error ? error.message : String(error);
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
  /** The Korean message, when there is one. */
  readonly ko: string | undefined;
  constructor(
    message: string | Readonly<Bilingual> = { en: "interrupted", ko: "중단되었습니다" },
    options: { signal?: StopSignal } = {},
  ) {
    super(typeof message === "string" ? message : message.en);
    this.ko = typeof message === "string" ? undefined : message.ko;
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
  return stoppedPhrase(signal).en;
}

/** stoppedWords in both languages: "interrupted" / "중단됨", "stopped by SIGTERM" / "SIGTERM으로 멈춤". */
export function stoppedPhrase(signal: StopSignal): Bilingual {
  return signal === "SIGINT"
    ? { en: "interrupted", ko: "중단됨" }
    : { en: `stopped by ${signal}`, ko: `${signal}으로 멈춤` }; // 텀, 헙: a final consonant
}
