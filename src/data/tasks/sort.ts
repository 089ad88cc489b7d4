/** sort: "3141" -> "1134". Each output digit depends on counts over the whole input. */
import { collectExamples } from "../split.ts";
import type { Task } from "../task.ts";
import { digits, randomString } from "./random_string.ts";

const lengths = { minLength: 3, maxLength: 16 };

export const sortTask: Task = {
  name: "sort",
  tokenizer: "char",
  summary: "sort a string of digits (3-16) ascending: 3141 -> 1134",
  summaryKo: "숫자 문자열(3-16자)을 오름차순으로 정렬하기: 3141 -> 1134",
  maxSrcTokens: lengths.maxLength,
  maxTgtTokens: lengths.maxLength,
  examples(split, count, seed = 1) {
    return collectExamples(split, count, seed, {
      generate(rng) {
        const src = randomString(rng, digits, lengths);
        return { src, tgt: Array.from(src).sort().join("") };
      },
    });
  },
};
