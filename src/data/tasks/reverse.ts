/** reverse: "abc" -> "cba". The classic test of attention: output i looks at input n - 1 - i. */
import { collectExamples } from "../split.ts";
import type { Task } from "../task.ts";
import { lowercaseLetters, randomString } from "./random_string.ts";

const lengths = { minLength: 3, maxLength: 24 };

export const reverseTask: Task = {
  name: "reverse",
  tokenizer: "char",
  summary: "reverse a string of lowercase letters (3-24): abc -> cba",
  summaryKo: "소문자 문자열(3-24자)을 거꾸로 쓰기: abc -> cba",
  maxSrcTokens: lengths.maxLength,
  maxTgtTokens: lengths.maxLength,
  examples(split, count, seed = 1) {
    return collectExamples(split, count, seed, {
      generate(rng) {
        const src = randomString(rng, lowercaseLetters, lengths);
        return { src, tgt: Array.from(src).reverse().join("") };
      },
    });
  },
};
