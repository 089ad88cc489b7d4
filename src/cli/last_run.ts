/**
 * The run `attn` and `hidden` look at: the session's last `run` (or `step`), and across
 * processes the last run of any attn command, kept in the state directory (last-run.json), so
 * `deno task attn run 나는 학생이다` and then `deno task attn attn` work as they do at the prompt.
 * Views read this trace; they never re-run the model (docs/ARCHITECTURE.md).
 *
 * The file is written through a temporary file and a rename (src/platform/state_file.ts), read
 * only when it is a regular file of at most LAST_RUN_MAX_BYTES, and checked before use: a file
 * that is not a run attn saved costs one warning and is passed over, never a stack trace.
 */
import type { RunResult } from "../models/run_result.ts";
import { usableStateDir } from "../platform/state_dir.ts";
import { readStateFile, StateFileError, writeStateFile } from "../platform/state_file.ts";
import { OnceByKind } from "../platform/state_warnings.ts";
import { UsageError } from "./errors.ts";
import type { Lang, Session } from "./session.ts";
import { messageIn } from "../platform/i18n/bilingual_error.ts";

/**
 * The largest last-run.json read or written: a run of the shipped models at their longest
 * input (64 tokens, every head and layer, hidden states) is under 2 MB of JSON.
 */
export const LAST_RUN_MAX_BYTES = 16 * 1024 * 1024;

/** Bumped when RunResult changes in a way an older file cannot be read as. */
const FORMAT = 1;

const messages = {
  none: {
    en: "'{command}' shows the last run, and there is none yet; first: run 나는 학생이다",
    ko:
      "'{command}' 명령은 마지막 실행을 보여 주는데, 아직 실행이 없습니다. 먼저: run 나는 학생이다",
  },
  ignored: {
    en: "attn: warning: ignoring {path}: {why}; run a sentence again",
    ko: "attn: 경고: {path} 파일을 쓰지 않습니다: {why}. 문장을 다시 실행하세요",
  },
  notARun: { en: "it is not a run attn saved", ko: "attn이 저장한 실행이 아닙니다" },
  otherVersion: {
    en: "it was saved by another version of attn",
    ko: "다른 버전의 attn이 저장한 파일입니다",
  },
  unsaved: {
    en:
      "attn: warning: cannot keep the last run in {path}: {why}; 'attn' and 'hidden' from the shell will not see it",
    ko:
      "attn: 경고: 마지막 실행을 {path}에 저장하지 못했습니다: {why}. 셸에서 'attn'과 'hidden'은 이 실행을 보지 못합니다",
  },
} as const;

function say(lang: Lang, id: keyof typeof messages, values: Record<string, string>): string {
  return messages[id][lang].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "");
}

/** last-run.json in the state directory: where a run outlives its process. */
export class LastRunFile {
  readonly #locate: () => string | null;
  #path: string | null | undefined;
  readonly #warnings: OnceByKind;
  readonly #lang: () => Lang;

  /** `path`: the file, null to keep nothing, or a function that finds it on first use. */
  constructor(
    path: string | null | (() => string | null),
    warn: (line: string) => void,
    lang: () => Lang = () => "en",
  ) {
    this.#locate = typeof path === "function" ? path : () => path;
    this.#warnings = new OnceByKind(warn);
    this.#lang = lang;
  }

  /**
   * The file in the state directory (created on first use, so a command that runs nothing
   * creates no directory), or none when there is no usable one.
   */
  static inStateDir(warn: (line: string) => void, lang?: () => Lang): LastRunFile {
    return new LastRunFile(
      () => {
        const dir = usableStateDir(warn, lang?.());
        return dir ? `${dir}/last-run.json` : null;
      },
      warn,
      lang,
    );
  }

  /** Where the run is kept; null: nowhere. */
  get path(): string | null {
    if (this.#path === undefined) this.#path = this.#locate();
    return this.#path;
  }

  /** Saves `run` over the previous one; a run too large to keep removes the previous one. */
  write(run: RunResult): void {
    const path = this.path;
    if (path === null) return;
    try {
      const bytes = new TextEncoder().encode(JSON.stringify({ format: FORMAT, run }));
      if (bytes.length > LAST_RUN_MAX_BYTES) {
        Deno.removeSync(path); // an older run must not stand in for this one
        return;
      }
      writeStateFile(path, bytes);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      const why = messageIn(e, this.#lang());
      this.#warnings.warn(
        `save:${e instanceof StateFileError ? e.kind : "error"}`,
        say(this.#lang(), "unsaved", { path, why }),
      );
    }
  }

  /** The saved run, or null when there is none or it cannot be used (warned once). */
  read(): RunResult | null {
    const path = this.path;
    if (path === null) return null;
    let why: string;
    try {
      const bytes = readStateFile(path, LAST_RUN_MAX_BYTES);
      if (bytes === null) return null;
      const saved = JSON.parse(new TextDecoder().decode(bytes));
      if (saved?.format === FORMAT && isRunResult(saved.run)) return saved.run;
      why = say(this.#lang(), saved?.format === FORMAT ? "notARun" : "otherVersion", {});
    } catch (e) {
      why = e instanceof StateFileError
        ? messageIn(e, this.#lang())
        : say(this.#lang(), "notARun", {});
    }
    this.#warnings.warn("read", say(this.#lang(), "ignored", { path, why }));
    return null;
  }
}

/** Makes `run` the last run: of this session, and (when the session keeps one) on disk. */
export function rememberRun(session: Session, run: RunResult): void {
  session.lastRun = run;
  session.lastRunFile?.write(run);
}

/** The last run for `command` (attn, hidden): this session's, else the saved one. */
export function lastRunOf(session: Session, command: string): RunResult {
  if (session.lastRun) return session.lastRun;
  const saved = session.lastRunFile?.read() ?? null;
  if (saved) {
    session.lastRun = saved;
    return saved;
  }
  throw new UsageError(say(session.lang, "none", { command }));
}

const isString = (x: unknown): x is string => typeof x === "string";
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);
const isIndex = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;

/** A matrix of finite numbers with `rows` rows (any when undefined) of `cols` entries each. */
function isMatrix(x: unknown, rows?: number, cols?: number): boolean {
  if (!Array.isArray(x) || (rows !== undefined && x.length !== rows)) return false;
  const width = cols ?? (Array.isArray(x[0]) ? x[0].length : 0);
  return x.every((row) =>
    Array.isArray(row) && row.length === width &&
    row.every((v) => typeof v === "number" && Number.isFinite(v))
  );
}

/**
 * True when `x` has what the views of a run read: tokens, every attention matrix rectangular
 * with its labels, hidden states, the decoding's end. Fields beyond these pass as they are.
 */
function isRunResult(x: unknown): x is RunResult {
  const r = x as RunResult;
  const sites = ["encoder", "decoder", "cross", "alignment"];
  return typeof r === "object" && r !== null && isString(r.model) && isStrings(r.input?.tokens) &&
    isStrings(r.output?.tokens) && isString(r.output?.text) &&
    typeof r.decoding?.finished === "boolean" && Array.isArray(r.timings) &&
    Array.isArray(r.warnings) && Array.isArray(r.attention) &&
    r.attention.every((a) =>
      sites.includes(a?.kind) && isIndex(a.layer) && isIndex(a.head) && isStrings(a.rows) &&
      isStrings(a.cols) && isMatrix(a.weights, a.rows.length, a.cols.length)
    ) &&
    Array.isArray(r.hidden) &&
    r.hidden.every((h) =>
      (h?.where === "encoder" || h?.where === "decoder") && isIndex(h.layer) && isMatrix(h.values)
    );
}
