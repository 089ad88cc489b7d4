/**
 * The ko-en grammar as a language-modelling corpus, for a decoder-only GPT: each example is one
 * sequence of tokens, either a translation pair (`<bos> 나는 학생이다 <sep> I am a student
 * <eos>`), a Korean sentence alone (`<bos> 나는 학생이다 <eos>`) or an English one (`<bos> I am
 * a student <eos>`). One model trained on all three can continue a sentence in either language
 * and translate when prompted with `<bos> Korean <sep>`.
 *
 * The held-out rule is the ko-en task's own (split.ts): a Korean sentence's split is a function
 * of the sentence, so no dev or test sentence is ever drawn for training. The English side is
 * checked too: a training sequence whose English equals a drawn dev or test sentence is dropped,
 * so neither language of a held-out pair is seen in training.
 */
import { Rng } from "../engine/random.ts";
import { koEnTask } from "./tasks/ko_en.ts";
import type { Example, Split } from "./task.ts";
import { BOS, EOS } from "./vocab.ts";
import { SEP } from "./tokenizers/bpe_specials.ts";

/** What one sequence holds: a translation pair, or one sentence of one language. */
export type LmKind = "pair" | "ko" | "en";

/** One language-modelling sequence, as text (the tokenizer makes ids of it, `lmSequenceIds`). */
export interface LmSequence {
  kind: LmKind;
  /** The ko-en example it comes from (a "ko" sequence uses only src, an "en" one only tgt). */
  example: Example;
}

/** How many sequences each split holds; how many of them are translation pairs. */
export interface LmCorpusOptions {
  counts: Record<Split, number>;
  /** Draws the examples and the kinds (default 1). */
  seed?: number;
  /** Share of translation pairs in train (default 0.8; the rest half Korean, half English). */
  pairShare?: number;
}

/**
 * Sizes a small GPT learns ko-en from (`train gpt ko-en`): 20,000 training sequences over a
 * grammar of a few thousand words, and 500 sentences each to stop early on and to score on.
 */
export const koEnLmCounts: Readonly<Record<Split, number>> = { train: 20_000, dev: 500, test: 500 };

/**
 * The three splits of the ko-en LM corpus. Dev and test are translation pairs only (what is
 * scored: perplexity and prompted translation); train mixes pairs and single sentences.
 */
export function koEnLmCorpus(options: LmCorpusOptions): Record<Split, LmSequence[]> {
  const seed = options.seed ?? 1;
  const pairShare = options.pairShare ?? 0.8;
  if (!(pairShare >= 0 && pairShare <= 1)) {
    throw new Error(`expected a pair share between 0 and 1, got ${pairShare}`);
  }
  const dev = koEnTask.examples("dev", options.counts.dev, seed);
  const test = koEnTask.examples("test", options.counts.test, seed);
  const heldOutEnglish = new Set([...dev, ...test].map((e) => e.tgt));
  const train = koEnTask.examples("train", options.counts.train, seed)
    .filter((e) => !heldOutEnglish.has(e.tgt));
  const rng = new Rng(seed ^ 0x4c4d); // "LM": kinds drawn apart from the examples' own Rng
  const kindOf = (): LmKind => {
    const r = rng.next();
    return r < pairShare ? "pair" : r < (1 + pairShare) / 2 ? "ko" : "en";
  };
  const pairs = (examples: Example[]) =>
    examples.map((example) => ({ kind: "pair" as const, example }));
  return {
    train: train.map((example) => ({ kind: kindOf(), example })),
    dev: pairs(dev),
    test: pairs(test),
  };
}

/** The sentences of sequences as plain texts, each language apart: what BPE is trained on. */
export function lmTexts(sequences: readonly LmSequence[]): string[] {
  return sequences.flatMap(({ kind, example }) =>
    kind === "pair" ? [example.src, example.tgt] : [kind === "ko" ? example.src : example.tgt]
  );
}

/** What makes ids of a sentence (a BpeTokenizer). */
export interface TextEncoder {
  encode(text: string): { ids: number[] };
}

/**
 * The ids of one sequence: `<bos> ko <sep> en <eos>` for a pair, `<bos> sentence <eos>` for
 * one sentence (docs/CONTRACT.md, GPT section).
 */
export function lmSequenceIds(tokenizer: TextEncoder, sequence: LmSequence): number[] {
  const { kind, example } = sequence;
  if (kind === "pair") {
    return [
      BOS,
      ...tokenizer.encode(example.src).ids,
      SEP,
      ...tokenizer.encode(example.tgt).ids,
      EOS,
    ];
  }
  return [BOS, ...tokenizer.encode(kind === "ko" ? example.src : example.tgt).ids, EOS];
}

/** The prompt that asks a GPT for a translation: `<bos> Korean <sep>`. */
export function translationPromptIds(tokenizer: TextEncoder, korean: string): number[] {
  return [BOS, ...tokenizer.encode(korean).ids, SEP];
}
