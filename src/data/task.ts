/**
 * A task: a seeded generator of (source, target) text pairs with disjoint
 * train/dev/test splits, plus what a model needs to know about it (tokenizer,
 * length bounds). The registry lists every task attn can train on.
 */
import { copyTask } from "./tasks/copy.ts";
import { datesTask } from "./tasks/dates.ts";
import { koEnTask } from "./tasks/ko_en.ts";
import { reverseTask } from "./tasks/reverse.ts";
import { sortTask } from "./tasks/sort.ts";

/** One source -> target pair, as text (the task's tokenizer splits it). */
export interface Example {
  src: string;
  tgt: string;
}

/** Which part of the data: train for fitting, dev for early stopping, test for the reported score. */
export type Split = "train" | "dev" | "test";

/** A task: a seeded generator of (source, target) pairs with disjoint splits. */
export interface Task {
  /** Registry name, e.g. "reverse", "ko-en". */
  readonly name: string;
  /** How sources and targets are split into tokens (docs/CONTRACT.md). */
  readonly tokenizer: "char" | "word";
  /** One line in English. */
  readonly summary: string;
  /** One line in Korean. */
  readonly summaryKo: string;
  /** No source has more tokens than this (before <eos>). */
  readonly maxSrcTokens: number;
  /** No target has more tokens than this (before <eos>). */
  readonly maxTgtTokens: number;
  /**
   * `count` distinct examples of `split`, the same list for the same seed
   * (default 1); a smaller count gives a prefix of a larger one.
   * Splits never share a source. May return fewer than `count` when the split
   * has fewer distinct sources (see collectExamples).
   */
  examples(split: Split, count: number, seed?: number): Example[];
  /**
   * A learner's source text written the way the task's data writes it (punctuation split off
   * or dropped), before the tokenizer splits it; absent: the text as typed.
   */
  tidyInput?(text: string): string;
}

/** Every task, by name, in the order `train` lists them. */
export const tasks: ReadonlyMap<string, Task> = new Map(
  [reverseTask, copyTask, sortTask, datesTask, koEnTask].map((t) => [t.name, t]),
);

/** The task called `name`; throws a one-line error naming the known tasks. */
export function getTask(name: string): Task {
  const task = tasks.get(name);
  if (!task) {
    throw new Error(
      `expected a task name (${[...tasks.keys()].join(", ")}), got ${JSON.stringify(name)}`,
    );
  }
  return task;
}
