/**
 * The attn> prompt's history, kept across sessions in the state directory
 * (`history`, one line per entry, oldest first, at most HISTORY_LIMIT lines).
 * Problems never stop the REPL: an unreadable or corrupt file, or one that
 * cannot be written, costs one warning line and the history of this session.
 */

/** Entries kept in the file. */
export const HISTORY_LIMIT = 1000;

/** The longest line worth keeping: anything longer is a paste, not a command. */
const MAX_LINE = 4096;

/** Loads and saves the history file. */
export class HistoryFile {
  readonly path: string | null;
  readonly #warn: (message: string) => void;
  #broken = false;

  /** `path` null: no state directory, history lives only in memory. */
  constructor(path: string | null, warn: (message: string) => void) {
    this.path = path;
    this.#warn = warn;
  }

  /** The saved entries, most recent first (readline's order); [] when there are none. */
  load(): string[] {
    if (this.path === null) return [];
    let bytes: Uint8Array;
    try {
      bytes = Deno.readFileSync(this.path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return [];
      this.#fail(`cannot read the history file ${this.path} (${firstLine(e)})`);
      return [];
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      this.#warn(`attn: warning: ignoring the history file ${this.path}: it is not UTF-8 text`);
      return [];
    }
    if (text.includes("\0")) {
      this.#warn(`attn: warning: ignoring the history file ${this.path}: it holds binary data`);
      return [];
    }
    return text.split("\n").filter((l) => l.trim() !== "" && l.length <= MAX_LINE)
      .slice(-HISTORY_LIMIT).reverse();
  }

  /**
   * Writes `entries` (most recent first), oldest first in the file, through a
   * temporary file and a rename so a crash never leaves half a file. After a
   * failure it warns once and stops trying.
   */
  save(entries: readonly string[]): void {
    if (this.path === null || this.#broken) return;
    const kept = entries.filter((l) => l.trim() !== "" && l.length <= MAX_LINE && !l.includes("\n"))
      .slice(0, HISTORY_LIMIT).reverse();
    const temporary = `${this.path}.tmp-${Deno.pid}`;
    try {
      const dir = this.path.slice(0, this.path.lastIndexOf("/"));
      if (dir) Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
      Deno.writeTextFileSync(temporary, kept.length ? kept.join("\n") + "\n" : "", { mode: 0o600 });
      Deno.renameSync(temporary, this.path);
    } catch (e) {
      try {
        Deno.removeSync(temporary);
      } catch {
        // nothing was written
      }
      this.#fail(
        `cannot save the history to ${this.path} (${
          firstLine(e)
        }); it is kept for this session only`,
      );
    }
  }

  #fail(message: string): void {
    if (this.#broken) return;
    this.#broken = true;
    this.#warn(`attn: warning: ${message}`);
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}
