/**
 * A tiny GPT checkpoint for the command tests (no shipped GPT is needed): a BPE tokenizer
 * trained on a few ko-en sentences, a GPT with seeded random weights (spread wide enough that
 * its distributions are far from uniform), saved as attn saves a GPT: tokenizer "bpe", the
 * merges in `bpe_merges`, and the metrics `models` reads.
 */
import { BpeTokenizer } from "../../src/data/tokenizers/bpe.ts";
import { bpeMergesToMetadata } from "../../src/models/weights/checkpoint_bpe.ts";
import { saveCheckpoint } from "../../src/models/weights/checkpoint.ts";
import type { GptConfig } from "../../src/models/config.ts";
import { cpuBackend } from "./backends.ts";
import { disposeGpt, randomGpt, tinyConfig } from "../models/gpt_support.ts";

/** The sentences the tiny tokenizer is trained on (pairs written as the LM corpus does). */
export const TINY_TEXTS = [
  "나는 학생이다 I am a student",
  "너는 학교에서 책을 읽는다 you read a book at school",
  "그는 집에서 빵을 먹는다 he eats bread at home",
  "나는 학생이 아니다 I am not a student",
];

/** The tokenizer of the tiny GPT. */
export function tinyBpe(): BpeTokenizer {
  return BpeTokenizer.train(TINY_TEXTS, { vocabSize: 80 });
}

/** Writes a tiny GPT checkpoint at `path`; returns its config and tokenizer. */
export async function saveTinyGpt(
  path: string,
  options: { overrides?: Partial<GptConfig>; extra?: Record<string, string> } = {},
): Promise<{ config: GptConfig; tokenizer: BpeTokenizer }> {
  const tokenizer = tinyBpe();
  const vocab = tokenizer.vocab.tokens;
  const config = tinyConfig({
    vocab: vocab.length,
    dModel: 8,
    heads: 2,
    layers: 2,
    ffn: 16,
    maxLen: 40,
    task: "ko-en",
    ...options.overrides,
  });
  const model = randomGpt(cpuBackend, config, 3);
  try {
    await saveCheckpoint(path, {
      config,
      srcVocab: vocab,
      tgtVocab: vocab,
      tokenizer: "bpe",
      params: model.params,
      extra: { bpe_merges: bpeMergesToMetadata(tokenizer), ...options.extra },
    });
  } finally {
    disposeGpt(model);
  }
  return { config, tokenizer };
}
