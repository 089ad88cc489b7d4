/** copy: "abc" -> "abc". The easiest alignment: output i looks at input i (a diagonal). */
import { collectExamples } from "../split.ts";
import type { Task } from "../task.ts";
import { lowercaseLetters, randomString } from "./random_string.ts";

const lengths = { minLength: 3, maxLength: 24 };

export const copyTask: Task = {
  name: "copy",
  tokenizer: "char",
  summary: "copy a string of lowercase letters (3-24): abc -> abc",
  summaryKo: "소문자 문자열(3-24자)을 그대로 옮겨 쓰기: abc -> abc",
  maxSrcTokens: lengths.maxLength,
  maxTgtTokens: lengths.maxLength,
  examples(split, count, seed = 1) {
    return collectExamples(split, count, seed, {
      generate(rng) {
        const src = randomString(rng, lowercaseLetters, lengths);
        return { src, tgt: src };
      },
    });
  },
};
