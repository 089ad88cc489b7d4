/**
 * Where each learner is in each lesson, kept in the state directory (lessons.json) so
 * `lesson <name>` resumes at the step after the last one finished.
 *
 * Each save is a read-modify-write of one lesson's entry under the state directory's lock, so
 * two lessons playing at once (two terminals) keep both their progress; the file itself is
 * replaced through a temporary file and a rename. A lessons.json that is not a regular file or
 * is larger than PROGRESS_MAX_BYTES is left alone (progress is kept for the session only); one
 * that is not a progress file is kept aside as lessons.json.corrupt-<time>. Each kind of problem
 * costs one warning line, never the lesson.
 */
import { usableStateDir } from "../../platform/state_dir.ts";
import {
  dirOf,
  keepAside,
  readStateFileOr,
  updateStateFile,
  withStateLock,
  writeStateFile,
} from "../../platform/state_file.ts";
import { OnceByKind } from "../../platform/state_warnings.ts";

/** Progress in one lesson of one language. */
export interface LessonProgress {
  /** Steps finished (0 .. steps). */
  done: number;
  steps: number;
  updated: string;
}

/**
 * The largest lessons.json read: an entry is under 100 bytes and there are a few dozen
 * lessons per language, so 256 KB is thousands of entries; a larger file was not written by
 * attn (rewriting a 229 MB one at every step made each step slow).
 */
export const PROGRESS_MAX_BYTES = 256 * 1024;

/** The file's entries as found: valid ones are read, unknown ones are kept as they are. */
type RawFile = Record<string, unknown>;

/** Reads and writes lessons.json; `path` null keeps progress in memory only. */
export class ProgressStore {
  readonly path: string | null;
  readonly #warnings: OnceByKind;
  #memory: Record<string, LessonProgress> = {};
  #loaded = false;
  /** The file was refused or cannot be kept aside: never write over it. */
  #handsOff = false;

  constructor(path: string | null, warn: (message: string) => void) {
    this.path = path;
    this.#warnings = new OnceByKind(warn);
  }

  /** The store in the state directory ($XDG_STATE_HOME/attn/lessons.json). */
  static inStateDir(warn: (message: string) => void): ProgressStore {
    const dir = usableStateDir(warn);
    return new ProgressStore(dir ? `${dir}/lessons.json` : null, warn);
  }

  get(key: string): LessonProgress | null {
    if (!this.#loaded) {
      this.#loaded = true;
      const raw = this.#read(false);
      if (raw) this.#remember(raw);
    }
    return this.#memory[key] ?? null;
  }

  /** Records one lesson's progress: merged into the file as it is now, other entries kept. */
  set(key: string, progress: { done: number; steps: number }): void {
    const entry: LessonProgress = { ...progress, updated: new Date().toISOString() };
    this.#memory[key] = entry;
    this.#loaded = true;
    const path = this.path;
    if (path === null || this.#handsOff) return;
    updateStateFile(path, () => {
      const raw = this.#read(true);
      if (raw === null) return; // refused: warned; progress stays in memory
      raw[key] = entry;
      writeStateFile(path, JSON.stringify(raw, null, 1) + "\n");
      this.#remember(raw);
    }, (failure) => {
      this.#warnings.warn(
        `save:${failure.kind}`,
        `attn: warning: cannot save lesson progress to ${path}: ${failure.message}; it is kept for this session only`,
      );
    });
  }

  #remember(raw: RawFile): void {
    for (const [key, value] of Object.entries(raw)) {
      const p = value as LessonProgress;
      if (
        p && Number.isInteger(p.done) && Number.isInteger(p.steps) && p.done >= 0 &&
        p.done <= p.steps
      ) {
        this.#memory[key] = { done: p.done, steps: p.steps, updated: String(p.updated ?? "") };
      }
    }
  }

  /**
   * The file's entries ({} when there is none, or when a corrupt one was kept aside); null when
   * it must be left alone (warned). `locked`: the caller holds the state directory's lock.
   */
  #read(locked: boolean): RawFile | null {
    const path = this.path;
    if (path === null || this.#handsOff) return null;
    const bytes = readStateFileOr(path, PROGRESS_MAX_BYTES, (failure) => {
      this.#handsOff = true;
      this.#warnings.warn(
        `read:${failure.kind}`,
        `attn: warning: ignoring ${path}: ${failure.message}; lesson progress is kept for this session only`,
      );
    });
    if (bytes === undefined) return null;
    if (bytes === null) return {};
    const text = new TextDecoder().decode(bytes);
    if (text.trim() === "") return {};
    try {
      const parsed = JSON.parse(text);
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
        return parsed as RawFile;
      }
    } catch {
      // not JSON: kept aside below
    }
    if (!locked) {
      // Another process may be keeping it aside right now: look again under the lock.
      try {
        return withStateLock(dirOf(path), () => this.#read(true));
      } catch (e) {
        return this.#cannotKeepAside(e);
      }
    }
    try {
      const aside = keepAside(path);
      this.#warnings.warn(
        "corrupt",
        `attn: warning: ${path} was not a lesson progress file; kept it as ${aside} and started afresh`,
      );
      return {};
    } catch (e) {
      return this.#cannotKeepAside(e);
    }
  }

  #cannotKeepAside(e: unknown): null {
    this.#handsOff = true;
    this.#warnings.warn(
      "corrupt",
      `attn: warning: ignoring ${this.path}: it is not a lesson progress file, and it cannot be kept aside (${
        e instanceof Error ? e.message : e
      }); lesson progress is kept for this session only`,
    );
    return null;
  }
}
