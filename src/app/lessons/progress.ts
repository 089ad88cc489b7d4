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
import { type Bilingual, type Lang, messagesOf } from "../../platform/i18n/messages.ts";
import { appMessages } from "../app_messages.ts";
import { messageOf } from "../../platform/i18n/bilingual_error.ts";

const say = messagesOf(appMessages);

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
  readonly #lang: Lang;
  #memory: Record<string, LessonProgress> = {};
  #loaded = false;
  /** The file was refused or cannot be kept aside: never write over it. */
  #handsOff = false;

  /** `lang`: the language of its warning lines. */
  constructor(path: string | null, warn: (message: string) => void, lang: Lang = "en") {
    this.path = path;
    this.#warnings = new OnceByKind(warn);
    this.#lang = lang;
  }

  /** The store in the state directory ($XDG_STATE_HOME/attn/lessons.json). */
  static inStateDir(warn: (message: string) => void, lang: Lang = "en"): ProgressStore {
    const dir = usableStateDir(warn, lang);
    return new ProgressStore(dir ? `${dir}/lessons.json` : null, warn, lang);
  }

  /** One warning line of `kind` (once per kind), in the store's language. */
  #warn(kind: string, message: Bilingual): void {
    const label = this.#lang === "ko" ? "경고" : "warning";
    this.#warnings.warn(kind, `attn: ${label}: ${message[this.#lang]}`);
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
      this.#warn(
        `save:${failure.kind}`,
        say("progress.cannotSave", { path, reason: messageOf(failure) }),
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
      this.#warn(
        `read:${failure.kind}`,
        say("progress.ignoring", { path, reason: messageOf(failure) }),
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
      this.#warn("corrupt", say("progress.keptAside", { path, aside }));
      return {};
    } catch (e) {
      return this.#cannotKeepAside(e);
    }
  }

  #cannotKeepAside(e: unknown): null {
    this.#handsOff = true;
    const reason = messageOf(e);
    this.#warn("corrupt", say("progress.cannotKeepAside", { path: String(this.path), reason }));
    return null;
  }
}
