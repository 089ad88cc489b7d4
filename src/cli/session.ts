import type { Backend } from "../tensor/backend.ts";
import { type BackendChoice, openBackend } from "../tensor/open_backend.ts";
import type { Io } from "./io.ts";

/** Interface language of messages and lessons. */
export type Lang = "ko" | "en";

/** The default language: Korean when LANG/LC_ALL/LC_MESSAGES say so, else English. */
export function defaultLang(): Lang {
  try {
    for (const name of ["LC_ALL", "LC_MESSAGES", "LANG"]) {
      const value = Deno.env.get(name);
      if (value) return value.toLowerCase().startsWith("ko") ? "ko" : "en";
    }
  } catch {
    // no env access: English
  }
  return "en";
}

/**
 * What persists between commands: at the attn> prompt, one Session lives for
 * the whole REPL; a shell one-liner makes one for its single command. Options
 * given on a command line override these for that command only.
 */
export class Session {
  backendChoice: BackendChoice = "auto";
  lang: Lang = defaultLang();
  readonly io: Io;
  #noticeShown = false;

  constructor(io: Io) {
    this.io = io;
  }

  /**
   * The backend for a command. The first time the default falls back to cpu,
   * a one-line notice goes to stderr (CONTRACT.md).
   */
  async backend(choice: BackendChoice = this.backendChoice): Promise<{
    backend: Backend;
    fallbackReason?: string;
  }> {
    const opened = await openBackend(choice);
    if (opened.fallbackReason && !this.#noticeShown) {
      this.#noticeShown = true;
      this.io.err(`attn: note: ${opened.fallbackReason}; using the cpu backend`);
    }
    return opened;
  }
}
