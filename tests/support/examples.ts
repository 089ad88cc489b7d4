/**
 * The runnable examples of the README and of `help`, as the examples test runs them: each one's
 * words, where it runs (a `deno task attn` one-liner, the attn> prompt, another deno.json task),
 * and the few changes the test makes, each with its reason (a benchmark at a small size, a
 * training run with a tiny recipe), or why it is not run at all.
 */
import { tinyRecipe } from "./tiny_recipe.ts";

/** One example, ready to run. */
export interface Example {
  /** Where it was found and how it was written. */
  source: string;
  written: string;
  /** "attn": deno task attn WORDS; "start": the attn> prompt fed `stdin`; "task": deno task WORDS. */
  via: "attn" | "start" | "task";
  words: string[];
  stdin?: string;
  /** A lesson plays for minutes: it runs until its first step has shown, then is stopped. */
  firstStepOnly?: boolean;
  /** Why the test runs it differently from how it is written (null: exactly as written). */
  changed: string | null;
  /** Why it is not run at all. */
  skip?: string;
}

/** The recipe of every training example: a handful of steps of a tiny model. */
export const exampleRecipe = { ...tinyRecipe, steps: 5 };

/** A recipe file the examples test writes into the state directory for training examples. */
export const RECIPE_NAME = "examples-recipe.json";

const SMALL = "a small size: the test checks that it runs, not how fast";

/** Replaces the value of `--name` in words, or appends `--name value`. */
function setOption(words: string[], name: string, value: string): string[] {
  const i = words.indexOf(name);
  if (i < 0) return [...words, name, value];
  const out = [...words];
  out[i + 1] = value;
  return out;
}

/**
 * An attn command line (the words after `deno task attn`, or a line at the prompt) at test size:
 * benchmarks with one repetition and short lengths, training with the tiny recipe.
 */
export function atTestSize(
  words: string[],
  recipePath: string,
): { words: string[]; changed: string | null } {
  const [command, suite] = words;
  if (command === "bench") {
    let out = setOption(words, "--reps", "1");
    if (suite === "attention") out = setOption(out, "--len", "64..128");
    if (suite === "models" && words.includes("--len")) out = setOption(out, "--len", "8,16");
    if (suite === "generate" && words.includes("--len")) out = setOption(out, "--len", "8,16");
    return { words: out, changed: `bench at ${SMALL} (--reps 1, short --len)` };
  }
  if (command === "train") {
    let out = words.includes("--steps") ? setOption(words, "--steps", "5") : words;
    const recipe = out.indexOf("--recipe");
    // A recipe the example names is written by the test (tiny), so its path stays as written.
    if (recipe < 0) out = [...out, "--recipe", recipePath];
    return { words: out, changed: `train with a tiny recipe of 5 steps (${SMALL})` };
  }
  return { words, changed: null };
}

/** Lines of an attn> block: `attn> run ...  # comment` -> `run ...`. */
export function promptLines(text: string): string[] {
  return text.split("\n")
    .filter((line) => line.startsWith("attn> "))
    .map((line) => line.slice(6).replace(/\s+#.*$/, "").trim());
}

/** Playing a lesson: its commands run minutes; the lesson's own test plays every one. */
export function isLessonPlay(words: string[]): boolean {
  return words[0] === "lesson" && words[1] !== undefined && !words[1].startsWith("-");
}

/** The recipe file's JSON. */
export function exampleRecipeJson(): string {
  return JSON.stringify(exampleRecipe);
}
