/**
 * The attn> prompt's history, kept across sessions in the state directory (`history`, one line
 * per entry, oldest first). Each entry is appended as it is typed, under the state directory's
 * lock, so two REPLs at once keep both their entries (rewriting the whole file from a start-up
 * copy lost the other session's). The file is trimmed to its last HISTORY_LIMIT entries once it
 * passes TRIM_AT bytes, under the same lock.
 *
 * Problems never stop the REPL: a file that is not a regular file, too large, or not text costs
 * one warning line (a corrupt one is kept aside, never deleted); a failed save one line per kind
 * of failure.
 */
import {
  appendStateFile,
  dirOf,
  keepAside,
  readStateFileOr,
  updateStateFile,
  withStateLock,
  writeStateFile,
} from "../platform/state_file.ts";
import { OnceByKind } from "../platform/state_warnings.ts";
import { messageOf } from "../platform/i18n/bilingual_error.ts";
import { type Bilingual, type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { warningLine } from "../cli/errors.ts";
import { replMessages } from "./repl_messages.ts";

const say = messagesOf(replMessages);

/** Entries loaded into the prompt, and kept by a trim. */
export const HISTORY_LIMIT = 1000;

/** The longest line worth keeping: anything longer is a paste, not a command. */
const MAX_LINE = 4096;

/**
 * Size at which an append trims the file (to half of it at most). 256 KB is ~6000 typical
 * commands, so trims are rare, and loading is a few milliseconds.
 */
const TRIM_AT = 256 * 1024;

/**
 * The largest history file read: earlier versions kept HISTORY_LIMIT lines of up to MAX_LINE
 * characters, 4 MB of ASCII; this version never writes more than TRIM_AT plus one line. Anything
 * larger was not written by attn (a 200 MB file took 4.7 s and 857 MB to load).
 */
export const HISTORY_MAX_BYTES = 4 * 1024 * 1024;

function keepable(line: string): boolean {
  return line.trim() !== "" && line.length <= MAX_LINE && !line.includes("\n");
}

/** Loads and appends to the history file. */
export class HistoryFile {
  readonly path: string | null;
  readonly #warnings: OnceByKind;
  readonly #lang: () => Lang;
  /** The file was refused: leave it as it is and keep history in memory only. */
  #off = false;

  /**
   * `path` null: no state directory, history lives only in memory. `lang`: the language of
   * the warning lines (the session's, read when one is given).
   */
  constructor(path: string | null, warn: (message: string) => void, lang: () => Lang = () => "en") {
    this.path = path;
    this.#warnings = new OnceByKind(warn);
    this.#lang = lang;
  }

  /** One warning line of `kind` (once per kind), in the session's language. */
  #warn(kind: string, message: Bilingual): void {
    this.#warnings.warn(kind, warningLine(message, this.#lang()));
  }

  /** The saved entries, most recent first (readline's order), each once; [] when none. */
  load(): string[] {
    const lines = this.#read();
    if (lines === null) return [];
    const seen = new Set<string>();
    const entries: string[] = [];
    for (let i = lines.length - 1; i >= 0 && entries.length < HISTORY_LIMIT; i--) {
      const line = lines[i];
      if (!keepable(line) || seen.has(line)) continue;
      seen.add(line);
      entries.push(line);
    }
    return entries;
  }

  /**
   * Appends one entry (unless it repeats the file's last one), under the state directory's
   * lock, and trims the file when it has grown past TRIM_AT. A failure costs one warning per
   * kind; the next entry tries again.
   */
  add(line: string): void {
    const path = this.path;
    if (path === null || this.#off || !keepable(line)) return;
    updateStateFile(path, () => {
      const lines = this.#read();
      if (lines === null) return; // refused: warned, and off from now on
      if (lines.at(-1) === line) return;
      const size = appendStateFile(path, line + "\n");
      if (size > TRIM_AT) writeStateFile(path, trimmed([...lines, line]));
    }, (failure) => {
      this.#warn(
        `save:${failure.kind}`,
        say("history.cannotSave", { path, reason: messageOf(failure) }),
      );
    });
  }

  /** The file's lines, oldest first; [] when there is none; null when refused (warned). */
  #read(): string[] | null {
    const path = this.path;
    if (path === null || this.#off) return null;
    const bytes = readStateFileOr(path, HISTORY_MAX_BYTES, (failure) => {
      this.#off = true;
      this.#warn(
        `read:${failure.kind}`,
        say("history.ignoring", { path, reason: messageOf(failure) }),
      );
    });
    if (bytes === undefined) return null;
    if (bytes === null) return [];
    let text: string | null = null;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return this.#corrupt(say("history.notUtf8"));
    }
    if (text.includes("\0")) return this.#corrupt(say("history.binary"));
    return text.split("\n").filter((l) => l !== "");
  }

  /** Keeps a corrupt file aside (history.corrupt-<time>) and starts afresh; [] then. */
  #corrupt(reason: Bilingual): string[] | null {
    const path = this.path!;
    try {
      const aside = withStateLock(dirOf(path), () => keepAside(path));
      this.#warn("corrupt", say("history.keptAside", { path, reason, aside }));
      return [];
    } catch (e) {
      this.#off = true;
      const why = messageOf(e);
      this.#warn("corrupt", say("history.cannotKeepAside", { path, reason, why }));
      return null;
    }
  }
}

/** The last HISTORY_LIMIT entries of `lines` that fit in half of TRIM_AT, as file text. */
function trimmed(lines: readonly string[]): string {
  const kept: string[] = [];
  let bytes = 0;
  const encoder = new TextEncoder();
  for (let i = lines.length - 1; i >= 0 && kept.length < HISTORY_LIMIT; i--) {
    if (!keepable(lines[i])) continue;
    bytes += encoder.encode(lines[i]).length + 1;
    if (bytes > TRIM_AT / 2) break;
    kept.push(lines[i]);
  }
  return kept.reverse().map((l) => l + "\n").join("");
}
