/**
 * Where each learner is in each lesson, kept in the state directory (lessons.json) so
 * `lesson <name>` resumes at the step after the last one finished. Saved through a temporary
 * file and a rename; a missing, corrupt or unwritable file costs a warning, never the lesson.
 */
import { stateDir } from "../state_dir.ts";

/** Progress in one lesson of one language. */
export interface LessonProgress {
  /** Steps finished (0 .. steps). */
  done: number;
  steps: number;
  updated: string;
}

type ProgressFile = Record<string, LessonProgress>;

/** Reads and writes lessons.json; `path` null keeps progress in memory only. */
export class ProgressStore {
  readonly path: string | null;
  readonly #warn: (message: string) => void;
  #memory: ProgressFile = {};
  #loaded = false;
  #warned = false;

  constructor(path: string | null, warn: (message: string) => void) {
    this.path = path;
    this.#warn = warn;
  }

  /** The store in the state directory ($XDG_STATE_HOME/attn/lessons.json). */
  static inStateDir(warn: (message: string) => void): ProgressStore {
    const dir = stateDir();
    return new ProgressStore(dir ? `${dir}/lessons.json` : null, warn);
  }

  get(key: string): LessonProgress | null {
    return this.#all()[key] ?? null;
  }

  set(key: string, progress: { done: number; steps: number }): void {
    const all = this.#all();
    all[key] = { ...progress, updated: new Date().toISOString() };
    this.#write(all);
  }

  #all(): ProgressFile {
    if (this.#loaded) return this.#memory;
    this.#loaded = true;
    if (this.path === null) return this.#memory;
    let text: string;
    try {
      text = Deno.readTextFileSync(this.path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) {
        this.#once(`cannot read ${this.path} (${reason(e)})`);
      }
      return this.#memory;
    }
    try {
      const parsed = JSON.parse(text);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
      for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
        const p = value as LessonProgress;
        if (
          p && Number.isInteger(p.done) && Number.isInteger(p.steps) && p.done >= 0 &&
          p.done <= p.steps
        ) {
          this.#memory[key] = { done: p.done, steps: p.steps, updated: String(p.updated ?? "") };
        }
      }
    } catch {
      this.#once(`ignoring ${this.path}: it is not a lesson progress file (starting afresh)`);
    }
    return this.#memory;
  }

  #write(all: ProgressFile): void {
    if (this.path === null) return;
    const temp = `${this.path}.tmp-${Deno.pid}`;
    try {
      Deno.mkdirSync(this.path.slice(0, this.path.lastIndexOf("/")), {
        recursive: true,
        mode: 0o700,
      });
      Deno.writeTextFileSync(temp, JSON.stringify(all, null, 1) + "\n", { mode: 0o600 });
      Deno.renameSync(temp, this.path);
    } catch (e) {
      try {
        Deno.removeSync(temp);
      } catch {
        // nothing was written
      }
      this.#once(`cannot save lesson progress to ${this.path} (${reason(e)})`);
    }
  }

  #once(message: string): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#warn(`attn: warning: ${message}`);
  }
}

function reason(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}
