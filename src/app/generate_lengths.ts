/** The prefix lengths `bench generate --model` can time: those the model's positions reach. */
import { DEFAULT_GENERATE_LENGTHS } from "../bench/generate_suite.ts";
import type { Gpt } from "../models/gpt.ts";
import { UsageError } from "./errors.ts";

/**
 * The given lengths when the model holds them all (else a usage error), or the default ones up
 * to the model's max_len (and max_len itself when it stops between two).
 */
export function generateLengths(model: Gpt, spec: string, given?: number[]): number[] {
  const { maxLen } = model.config;
  if (given) {
    const over = given.filter((n) => n > maxLen);
    if (over.length > 0) {
      throw new UsageError({
        en: `--len: ${spec} holds at most ${maxLen} positions, got ${over.join(", ")}`,
        ko: `--len: ${spec}의 위치는 최대 ${maxLen}개입니다. 받은 길이: ${over.join(", ")}`,
      });
    }
    return given;
  }
  const fit = DEFAULT_GENERATE_LENGTHS.filter((n) => n < maxLen);
  return [...fit.length > 0 ? fit : [Math.max(1, Math.floor(maxLen / 2))], maxLen];
}
