/**
 * Where lessons live and how a learner names one: lessons/<lang>/NN-slug.md, where a Korean
 * lesson and its English twin share the file name. `lesson 5`, `lesson 05`,
 * `lesson 05-scaling` and `lesson scaling` all name the same lesson.
 */
import { type ParsedLesson, parseLesson } from "./lesson_format.ts";

export type LessonLang = "ko" | "en";

/** One lesson file. */
export interface LessonEntry {
  /** The file stem, e.g. "03-scaled-dot". */
  id: string;
  /** Its number, e.g. 3. */
  number: number;
  lang: LessonLang;
  path: string;
}

const FILE = /^(\d{2})-([a-z0-9-]+)\.md$/;

/** lessons/ of this checkout. */
export function defaultLessonsDir(): string {
  return decodeURIComponent(new URL("../../../lessons/", import.meta.url).pathname);
}

/** The lessons of one language, by number. An absent directory is no lessons. */
export function listLessons(lang: LessonLang, dir = defaultLessonsDir()): LessonEntry[] {
  const entries: LessonEntry[] = [];
  try {
    for (const file of Deno.readDirSync(`${dir}/${lang}`)) {
      const match = FILE.exec(file.name);
      if (!file.isFile || !match) continue;
      entries.push({
        id: file.name.slice(0, -3),
        number: Number(match[1]),
        lang,
        path: `${dir}/${lang}/${file.name}`,
      });
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return entries.sort((a, b) => a.number - b.number || a.id.localeCompare(b.id));
}

/** The lesson `name` refers to, or null. */
export function findLesson(
  name: string,
  lang: LessonLang,
  dir = defaultLessonsDir(),
): LessonEntry | null {
  const lessons = listLessons(lang, dir);
  const wanted = name.trim().toLowerCase().replace(/\.md$/, "");
  if (/^\d+$/.test(wanted)) return lessons.find((l) => l.number === Number(wanted)) ?? null;
  return lessons.find((l) => l.id === wanted || l.id.slice(3) === wanted) ?? null;
}

/** Reads and parses a lesson file. */
export function readLesson(entry: LessonEntry): ParsedLesson {
  return parseLesson(Deno.readTextFileSync(entry.path), `lessons/${entry.lang}/${entry.id}.md`);
}
