/**
 * The right answer for a source, when the source is one the task itself
 * produces: `compare` marks each model's output correct or not with it.
 * - reverse, copy, sort: computed by the task's rule for any source (the reverse
 *   of a string is always known), with a note when the source lies outside the
 *   letters or lengths the task trains on (its models never saw one like it);
 * - dates: every date of the source's year written in every surface form the
 *   task knows, matched against the source;
 * - other tasks (ko-en): looked up in the examples the task generates for its
 *   train, dev and test splits with the training recipe's counts and seed,
 *   i.e. the data the shipped models were trained and scored on.
 * null means unknown: the task does not produce this source.
 */
import { getTask } from "../data/task.ts";
import { civilFromDays, dateForms, daysFromCivil, isoDate } from "../data/tasks/dates.ts";
import { lowercaseLetters } from "../data/tasks/random_string.ts";
import { recipeFor } from "../train/recipes.ts";

/** Where the reference came from, for the view. */
export interface Reference {
  target: string;
  /** "rule": computed by the task's rule; "data": found among the task's examples. */
  how: "rule" | "data";
  /** Set when the source lies outside what the task trains on (rule tasks only). */
  beyondTraining?: TrainingRange;
}

/** The sources a rule task trains on: strings of `min`-`max` characters from `letters`. */
export interface TrainingRange {
  /** The alphabet, as a range when it is one ("a-z", "0-9"). */
  letters: string;
  min: number;
  max: number;
}

/** What each rule task trains on (src/data/tasks: random strings of these letters and lengths). */
const ruleRanges: Record<string, TrainingRange & { alphabet: string }> = {
  reverse: { alphabet: lowercaseLetters, letters: "a-z", min: 3, max: 24 },
  copy: { alphabet: lowercaseLetters, letters: "a-z", min: 3, max: 24 },
  sort: { alphabet: "0123456789", letters: "0-9", min: 3, max: 16 },
};

/** The rule of a string task applied to any text. */
const rules: Record<string, (chars: string[]) => string[]> = {
  reverse: (chars) => chars.reverse(),
  copy: (chars) => chars,
  sort: (chars) => chars.sort(),
};

const SEED = 1; // the trainer's default seed, used for every shipped model

const lookups = new Map<string, Map<string, string>>();

/** The reference output of `task` for `source`, or null when the task does not produce it. */
export function referenceFor(taskName: string, source: string): Reference | null {
  const src = source.trim();
  const rule = rules[taskName];
  if (rule) {
    if (src === "") return null;
    const { alphabet, ...range } = ruleRanges[taskName];
    const target = rule([...src]).join("");
    return fits(src, alphabet, range.min, range.max)
      ? { target, how: "rule" }
      : { target, how: "rule", beyondTraining: range };
  }
  if (taskName === "dates") {
    const target = dateOf(src);
    return target === null ? null : { target, how: "rule" };
  }
  let table = lookups.get(taskName);
  if (!table) {
    let task;
    try {
      task = getTask(taskName);
    } catch {
      return null;
    }
    table = new Map();
    const counts = recipeFor("transformer", taskName).data;
    for (const split of ["train", "dev", "test"] as const) {
      for (const e of task.examples(split, counts[split], SEED)) table.set(normalize(e.src), e.tgt);
    }
    lookups.set(taskName, table);
  }
  const target = table.get(normalize(src));
  return target === undefined ? null : { target, how: "data" };
}

function fits(text: string, alphabet: string, min: number, max: number): boolean {
  const chars = [...text];
  return chars.length >= min && chars.length <= max && chars.every((c) => alphabet.includes(c));
}

function normalize(text: string): string {
  return text.trim().split(/\s+/).join(" ");
}

/** The ISO date a dates-task source stands for: its year's days in every form, matched. */
function dateOf(src: string): string | null {
  const years = [...src.matchAll(/\d{4}/g)].map((m) => Number(m[0]))
    .filter((y) => y >= 1950 && y <= 2049);
  for (const year of new Set(years)) {
    const first = daysFromCivil({ year, month: 1, day: 1 });
    const last = daysFromCivil({ year, month: 12, day: 31 });
    for (let d = first; d <= last; d++) {
      const date = civilFromDays(d);
      if (dateForms.some((form) => form.write(date) === src)) return isoDate(date);
    }
  }
  return null;
}
