/**
 * The BPE tokenizer of the ko-en language-modelling corpus, trained in-tool at first use and kept
 * in memory: what `tokens` and `tokenizer` show when no GPT checkpoint is named, and what a GPT
 * trained on ko-en starts from. Drawing the 4,000 sequences (and the held-out sentences they must
 * not contain) takes about 0.15 s and learning the merges 0.1 s on an idle machine (0.3-0.6 s in
 * all with other work running), so the merges are learned at first use rather than shipped.
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
