/**
 * The BPE tokenizer of the ko-en language-modelling corpus, trained in-tool at first use and kept
 * in memory: what `tokens` and `tokenizer` show when no GPT checkpoint is named, and what a GPT
 * trained on ko-en starts from. Training on 4,000 sequences takes about 0.25 s (corpus and merges;
 * measured in the tests), so the merges are learned, not shipped.
 */
import { koEnLmCorpus, koEnLmCounts, lmTexts } from "../lm_corpus.ts";
import { BpeTokenizer } from "./bpe.ts";

/** What the ko-en tokenizer is trained on and how large it grows. */
export const koEnBpeRecipe = {
  /** Training sequences (a prefix of the LM corpus's train split, held-out sentences excluded). */
  sequences: 4000,
  /** Specials + characters + merges: about 320 characters and 480 merges. */
  vocabSize: 800,
  seed: 1,
} as const;

let trained: BpeTokenizer | undefined;

/** The ko-en BPE tokenizer (trained on the first call, the same object after). */
export function koEnBpe(): BpeTokenizer {
  if (trained === undefined) {
    const { sequences, vocabSize, seed } = koEnBpeRecipe;
    const corpus = koEnLmCorpus({ counts: { ...koEnLmCounts, train: sequences }, seed });
    trained = BpeTokenizer.train(lmTexts(corpus.train), { vocabSize });
  }
  return trained;
}
