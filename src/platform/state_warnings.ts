/**
 * Warnings about state files (history, lesson progress, kernel tuning): one line each, at most
 * once per kind of problem, so a problem that repeats at every save is said once, and a new kind
 * of problem after the first is still said.
 *
 * Code below src/cli cannot print (the kernel tuning, the GPU runtime directory), so it reports
 * through a process-wide sink that the CLI installs at start; without one (in-process tests)
 * those warnings are dropped.
 */

import type { Bilingual } from "./i18n/messages.ts";

/** Where a warning line goes. */
export type WarningSink = (line: string) => void;

/**
 * Where process-wide state warnings go: a finished line, or a warning's text in both languages
 * (the sink, the CLI, prints it as a warning line in the session's language).
 */
export type StateWarningSink = (message: string | Readonly<Bilingual>) => void;

/** Passes each kind of warning on once. */
export class OnceByKind {
  readonly #seen = new Set<string>();
  readonly #sink: WarningSink;

  constructor(sink: WarningSink) {
    this.#sink = sink;
  }

  /** Passes `line` on unless a warning of `kind` was passed on before; true when it was. */
  warn(kind: string, line: string): boolean {
    if (this.#seen.has(kind)) return false;
    this.#seen.add(kind);
    this.#sink(line);
    return true;
  }
}

let processSink: StateWarningSink | null = null;
const seenKinds = new Set<string>();

/** Installs the sink of process-wide state warnings (the CLI: stderr); returns the previous. */
export function setStateWarningSink(sink: StateWarningSink | null): StateWarningSink | null {
  const previous = processSink;
  processSink = sink;
  return previous;
}

/**
 * A state warning from code that cannot print: once per kind per process. `message` is a
 * finished line, or the warning's text in both languages (the sink makes it a line).
 */
export function warnStateOnce(kind: string, message: string | Readonly<Bilingual>): void {
  if (seenKinds.has(kind)) return;
  seenKinds.add(kind);
  processSink?.(message);
}
