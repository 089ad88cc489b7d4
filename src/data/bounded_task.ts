/**
 * A task narrowed to other length bounds: the same examples, splits and
 * tokenizer as the task it wraps, keeping only sources whose token count lies
 * in [minLength, maxLength]. The `position` experiment trains on reverse
 * strings of at most L letters and then tests longer ones, which the shipped
 * task (3-24 letters) would have mixed into training.
 *
 * Splits stay disjoint (a source's split is a hash of the source itself, see
 * split.ts), so a bounded train split never holds a test source of the task.
 */
import { splitTokens } from "./tokenizer.ts";
import type { Example, Task } from "./task.ts";

/** Inclusive bounds on a source's token count. */
export interface LengthBounds {
  minLength: number;
  maxLength: number;
}

/**
 * `task` restricted to sources of minLength..maxLength tokens (both within
 * the task's own range). It keeps the task's name, so recipes for the task
 * apply, and the prefix property: a smaller count gives a prefix of a larger
 * one with the same seed.
 */
export function withLengthBounds(task: Task, bounds: LengthBounds): Task {
  const { minLength, maxLength } = bounds;
  if (
    !Number.isInteger(minLength) || !Number.isInteger(maxLength) || minLength < 1 ||
    maxLength < minLength || maxLength > task.maxSrcTokens
  ) {
    throw new Error(
      `expected whole length bounds 1 <= min <= max <= ${task.maxSrcTokens} for task ${task.name}, got ${minLength}-${maxLength}`,
    );
  }
  const fits = (e: Example) => {
    const n = splitTokens(e.src, task.tokenizer).length;
    return n >= minLength && n <= maxLength;
  };
  // Targets can be longer than sources (dates) or not: without a bound we keep the task's.
  const sameLength = task.maxSrcTokens === task.maxTgtTokens;
  return {
    name: task.name,
    tokenizer: task.tokenizer,
    summary: `${task.summary} (sources of ${minLength}-${maxLength} tokens only)`,
    summaryKo: `${task.summaryKo} (입력 ${minLength}-${maxLength}토큰만)`,
    maxSrcTokens: maxLength,
    maxTgtTokens: sameLength ? maxLength : task.maxTgtTokens,
    examples(split, count, seed = 1) {
      // Draw ever longer prefixes of the task's list until enough of them fit: filtering a
      // prefix gives a prefix of the filtered list, so the prefix property carries over.
      let drawn = Math.max(16, count * 2);
      for (;;) {
        const pool = task.examples(split, drawn, seed);
        const kept = pool.filter(fits);
        if (kept.length >= count || pool.length < drawn) return kept.slice(0, count);
        drawn *= 2;
      }
    },
  };
}
