/**
 * Lessons by name, with the learner's progress: the use cases behind `lesson --list` and
 * `lesson NAME` before it plays (finding the lesson, reading it, where to resume).
 */
import { AttnError, UsageError } from "../errors.ts";
import { quoteInput } from "../quote_input.ts";
import { closestName } from "../suggest.ts";
import {
  defaultLessonsDir,
  findLesson,
  type LessonEntry,
  type LessonLang,
  listLessons,
  readLesson,
} from "./catalog.ts";
import { LessonFormatError, type ParsedLesson } from "./lesson_format.ts";
import { type LessonStep, lessonSteps } from "./player.ts";
import type { ProgressStore } from "./progress.ts";
import { appMessages } from "../app_messages.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";

const say = messagesOf(appMessages);

/** One row of `lesson --list --json`. */
export interface LessonListing {
  name: string;
  number: number;
  lang: LessonLang;
  title: string;
  steps: number;
  /** Steps finished so far (0 when never started). */
  done: number;
}

/** Every lesson of `lang` with its title, length and how far the learner got. */
export function lessonListings(lang: LessonLang, store: ProgressStore): LessonListing[] {
  return listLessons(lang, defaultLessonsDir()).map((entry: LessonEntry) => {
    let title = entry.id;
    let steps = 0;
    try {
      const lesson = readLesson(entry);
      title = lesson.title;
      steps = lessonSteps(lesson).length;
    } catch {
      // a broken file still lists, by its name; playing it reports the problem
    }
    const saved = store.get(progressKey(lang, entry));
    const done = saved && saved.steps === steps ? saved.done : 0;
    return { name: entry.id, number: entry.number, lang, title, steps, done };
  });
}

/** A lesson ready to play. */
export interface OpenedLesson {
  entry: LessonEntry;
  lesson: ParsedLesson;
  steps: LessonStep[];
  /** Where its progress is kept in the store. */
  key: string;
}

/**
 * The lesson `name` names (a number, the file stem or the stem without its number), read and
 * cut into steps. An unknown name is a usage error that suggests the closest one; a file that
 * cannot be read or parsed, a runtime error.
 */
export function openLesson(name: string, lang: LessonLang): OpenedLesson {
  const entry = findLesson(name, lang);
  if (!entry) {
    const ids = listLessons(lang).map((l) => l.id);
    const near = closestName(name, [...ids, ...ids.map((id) => id.slice(3))]);
    const hint = near ? say("lessons.didYouMean", { near }) : "";
    throw new UsageError(say("lessons.unknown", { typed: quoteInput(name), hint }));
  }
  let lesson;
  try {
    lesson = readLesson(entry);
  } catch (e) {
    if (e instanceof LessonFormatError) throw new AttnError(e.message);
    const reason = e instanceof Error ? e.message : String(e);
    throw new AttnError(say("lessons.unreadable", { path: entry.path, reason }));
  }
  return { entry, lesson, steps: lessonSteps(lesson), key: progressKey(lang, entry) };
}

/**
 * The step to start from: where the learner stopped last time, unless they asked to restart,
 * finished, or the lesson changed length since (then from the beginning).
 */
export function resumeStep(opened: OpenedLesson, store: ProgressStore, restart: boolean): number {
  const saved = store.get(opened.key);
  const resume = !restart && saved !== null && saved.steps === opened.steps.length &&
    saved.done > 0 && saved.done < opened.steps.length;
  return resume ? saved!.done : 0;
}

function progressKey(lang: LessonLang, entry: LessonEntry): string {
  return `${lang}/${entry.id}`;
}

/**
 * The language of the lesson `name` the learner left half-way, when it is not `lang`: a lesson
 * played with --lang en in a Korean session and stopped at step 3 is what `lesson 1` resumes
 * (at step 3), unless the learner has since been further in the `lang` one. Null: play `lang`.
 */
export function lessonLeft(
  name: string,
  lang: LessonLang,
  store: ProgressStore,
): LessonLang | null {
  const inProgress = (l: LessonLang) => {
    const entry = findLesson(name, l);
    const saved = entry ? store.get(progressKey(l, entry)) : null;
    return saved !== null && saved.done > 0 && saved.done < saved.steps ? saved : null;
  };
  const other: LessonLang = lang === "ko" ? "en" : "ko";
  const there = inProgress(other);
  if (there === null) return null;
  const here = inProgress(lang);
  return here === null || there.updated > here.updated ? other : null;
}
