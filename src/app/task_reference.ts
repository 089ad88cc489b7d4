/**
 * The right answer for a source, when the source is one the task itself
 * produces: `compare` marks each model's output correct or not with it.
 * - reverse, copy, sort: computed by the task's rule when the source fits the
 *   task's alphabet and lengths;
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
}

const SEED = 1; // the trainer's default seed, used for every shipped model

const lookups = new Map<string, Map<string, string>>();

/** The reference output of `task` for `source`, or null when the task does not produce it. */
export function referenceFor(taskName: string, source: string): Reference | null {
  const src = source.trim();
  if (taskName === "reverse" || taskName === "copy") {
    if (!fits(src, lowercaseLetters, 3, 24)) return null;
    return { target: taskName === "copy" ? src : [...src].reverse().join(""), how: "rule" };
  }
  if (taskName === "sort") {
    if (!fits(src, "0123456789", 3, 16)) return null;
    return { target: [...src].sort().join(""), how: "rule" };
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
