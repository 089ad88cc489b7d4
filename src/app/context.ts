import type { OpenedBackend, WorkSize } from "../engine/open_backend.ts";
import type { Bilingual, Lang } from "../platform/i18n/messages.ts";

/**
 * What a use case needs from the front end that calls it (a shell one-liner, the attn> prompt,
 * a lesson): the backend the user chose, the model in use, where models live, a way to tell the
 * user something on the side, and when to stop. Use cases return result objects and never
 * print; the front end renders the result and decides how a warning looks.
 */
export interface AppContext {
  /**
   * Opens the backend chosen for this command. Called only when the use case needs one, so a
   * request refused earlier never opens the GPU (nor announces a fallback to cpu). A use case
   * that knows its `work` is small (one sentence through a small model) says so: the default
   * then runs it on the cpu, which finishes such work first (open_backend.ts `isSmallWork`).
   */
  backend(work?: WorkSize): Promise<OpenedBackend>;
  /** The model to use when the request names none (`use`, else the shipped default); null: none. */
  defaultModel(): Promise<string | null>;
  /** Where shipped models are looked up; undefined: weights/. */
  weightsDir: string | undefined;
  /** Aborted when the user stops the command (Ctrl-C, SIGTERM, SIGHUP). */
  signal: AbortSignal;
  /**
   * A warning the result still stands despite (a word read as <unk>, a suspicious weight); a
   * Bilingual one is shown in the session's language.
   */
  warn(message: string | Readonly<Bilingual>): void;
  /** The language of warnings and notices (the session's); undefined: English. */
  lang?: Lang;
  /** A notice about the work itself (it takes a while, how to stop it). */
  notice(message: string | Readonly<Bilingual>): void;
}
