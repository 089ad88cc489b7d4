/**
 * Where a command's text goes. The shell and the REPL write to the real
 * stdout/stderr; tests pass a recorder and compare what was written.
 */
export interface Io {
  /** Result text (or JSON) for stdout. */
  out(text: string): void;
  /** Notices, warnings and errors for stderr. */
  err(text: string): void;
  /** Columns available for views (80 when unknown). */
  readonly columns: number;
  /** Whether stdout is an interactive terminal. */
  readonly isTty: boolean;
}

const encoder = new TextEncoder();

/** The process's own stdout and stderr. */
export function processIo(): Io {
  let columns = 80;
  let isTty = false;
  try {
    isTty = Deno.stdout.isTerminal();
    if (isTty) columns = Deno.consoleSize().columns;
  } catch {
    // not a terminal: keep the defaults
  }
  const env = (() => {
    try {
      return Deno.env.get("COLUMNS");
    } catch {
      return undefined;
    }
  })();
  if (env && /^\d+$/.test(env)) columns = Number(env);
  const out = lineWriter(Deno.stdout);
  const err = lineWriter(Deno.stderr);
  return { out, err, columns, isTty };
}

/**
 * Writes whole lines to a stream. When the stream has gone (the terminal was closed: SIGHUP;
 * the reader of a pipe quit: `attn ... | head`), writes fail; the command must still finish
 * what it is doing (a stopped training still saves its model), so the rest of its output to
 * that stream is dropped instead of thrown.
 */
function lineWriter(stream: { writeSync(p: Uint8Array): number }): (text: string) => void {
  let gone = false;
  return (text) => {
    if (gone) return;
    let bytes = encoder.encode(text.endsWith("\n") ? text : text + "\n");
    try {
      while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
    } catch {
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
