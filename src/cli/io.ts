import { escapeInvisibleFormat } from "../render/escape.ts";
import { stopSignalReceived } from "./stop_signals.ts";

/**
 * Where a command's text goes. The shell and the REPL write to the real
 * stdout/stderr; tests pass a recorder and compare what was written.
 */
export interface Io {
  /** Result text (or JSON) for stdout. */
  out(text: string): void;
  /** Notices, warnings and errors for stderr. */
  err(text: string): void;
  /** Columns available for views (80 when unknown), read again at each use (resizes). */
  readonly columns: number;
  /** Whether stdout is an interactive terminal. */
  readonly isTty: boolean;
}

const encoder = new TextEncoder();

/** The process's own stdout and stderr. */
export function processIo(): Io {
  let isTty = false;
  try {
    isTty = Deno.stdout.isTerminal();
  } catch {
    // not a terminal
  }
  return {
    out: lineWriter(Deno.stdout, { leaveOnBrokenPipe: true }),
    err: lineWriter(Deno.stderr, { leaveOnBrokenPipe: false }),
    // Read at each use, never cached: a terminal resized between commands (or during a long
    // one) gets the next output laid out for its new width.
    get columns() {
      return terminalColumns(isTty);
    },
    isTty,
  };
}

/** Used when nothing says how wide the output is: not a terminal, or one that reports 0. */
export const FALLBACK_COLUMNS = 80;

/**
 * The width views lay out for: $COLUMNS when set to a positive number (a user's override, and
 * how tests pick a width), else the terminal's width, else 80. A pseudo-terminal that reports
 * 0 columns (some containers, `script` without a size) counts as unknown: laying out for 0
 * would print one character per line.
 */
export function terminalColumns(isTty: boolean): number {
  const env = (() => {
    try {
      return Deno.env.get("COLUMNS");
    } catch {
      return undefined;
    }
  })();
  if (env && /^\d+$/.test(env) && Number(env) > 0) return Number(env);
  if (!isTty) return FALLBACK_COLUMNS;
  try {
    const { columns } = Deno.consoleSize();
    return columns > 0 ? columns : FALLBACK_COLUMNS;
  } catch {
    return FALLBACK_COLUMNS;
  }
}

/**
 * The last guard before the terminal: whatever a view or message missed, no
 * invisible format character (a bidi override could reorder what the
 * learner reads) is written raw. Views escape them before measuring widths;
 * JSON carries them as \u escapes; so this normally changes nothing.
 */
function terminalText(text: string): string {
  const line = text.endsWith("\n") ? text : text + "\n";
  return escapeInvisibleFormat(line);
}

/**
 * The exit status of a process whose reader went away: what a shell reports
 * for `cat` killed by SIGPIPE (128 + 13). Deno ignores SIGPIPE, so attn sees
 * the closed pipe as a BrokenPipe error and leaves the same way itself.
 */
export const BROKEN_PIPE_EXIT = 141;

/**
 * Writes whole lines to a stream, and decides what a failed write means:
 * - `attn ... | head -1`: the reader of stdout quit (BrokenPipe). Nobody reads the results any
 *   more, so attn stops at once and quietly like cat, rather than running every remaining
 *   command to print one error line each.
 * - Except while a stop signal is being handled (the terminal was closed: SIGHUP): the
 *   command must still finish what it is doing (a stopped training still saves its model), so
 *   the rest of its output to that stream is dropped instead. Other write errors, and any on
 *   stderr (progress, warnings), likewise.
 */
function lineWriter(
  stream: { writeSync(p: Uint8Array): number },
  options: { leaveOnBrokenPipe: boolean },
): (text: string) => void {
  let gone = false;
  return (text) => {
    if (gone) return;
    let bytes = encoder.encode(terminalText(text));
    try {
      while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
    } catch (e) {
      if (
        options.leaveOnBrokenPipe && e instanceof Deno.errors.BrokenPipe && !stopSignalReceived()
      ) {
        Deno.exit(BROKEN_PIPE_EXIT);
      }
      gone = true;
    }
  };
}

/** An Io that records everything, for tests. */
export class RecordingIo implements Io {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  constructor(readonly columns = 80, readonly isTty = false) {}
  out(text: string): void {
    this.stdout.push(text);
  }
  err(text: string): void {
    this.stderr.push(text);
  }
  get outText(): string {
    return this.stdout.map((t) => (t.endsWith("\n") ? t : t + "\n")).join("");
  }
  get errText(): string {
    return this.stderr.map((t) => (t.endsWith("\n") ? t : t + "\n")).join("");
  }
}
