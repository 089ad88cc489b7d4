/**
 * The data layer: what the models read, below the models and above the engine.
 *
 * - Tasks (task.ts, tasks/): seeded generators of (source, target) text pairs with disjoint
 *   train, dev and test splits: reverse, copy, sort, dates and a small Korean-to-English
 *   grammar (ko-en). `getTask(name)` finds one.
 * - Vocabularies and tokenizers (vocab.ts, tokenizer.ts): ids 0..3 are always
 *   `<pad> <bos> <eos> <unk>`; a task splits its text into characters or words.
 * - BPE (tokenizers/): a byte-pair-encoding tokenizer over Unicode characters, trained in-tool
 *   (merges learned from the text; ▁ starts a word; <sep> = 4 joins a translation pair), and the
 *   ko-en one trained at first use (`koEnBpe`).
 * - The ko-en language-modelling corpus (lm_corpus.ts: `<bos> ko <sep> en <eos>`, single
 *   sentences too, the task's held-out rule) and next-token batches (lm_batches.ts).
 * - Batches (batches.ts): vocabularies built from the training split only, examples packed
 *   into right-padded id tensors, `src = tokens + <eos>`, `tgtIn = <bos> + tokens`,
 *   `tgtOut = tokens + <eos>` (docs/CONTRACT.md), bucketed by length.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildTokenizers, EOS, getTask } from "./mod.ts";
 *
 * const task = getTask("reverse");
 * const train = task.examples("train", 50, 1); // the same 50 for the same seed
 * for (const e of train) assert.equal(e.tgt, [...e.src].reverse().join(""));
 *
 * const { source } = buildTokenizers(task.tokenizer, train);
 * const ids = source.sourceIds(source.encode("abc")); // the source a model reads
 * assert.equal(ids.length, 4);
 * assert.equal(ids.at(-1), EOS);
 * assert.equal(source.decode(ids), "abc");
 * ```
 *
 * @module
 */
export { getTask, tasks } from "./task.ts";
export type { Example, Split, Task } from "./task.ts";
export { BOS, EOS, PAD, specialTokens, UNK, Vocab } from "./vocab.ts";
export { joinTokens, splitTokens, Tokenizer, tokenizerKinds } from "./tokenizer.ts";
export type { Encoded, TokenizerKind } from "./tokenizer.ts";
export {
  BatchStream,
  buildTokenizers,
  disposeBatch,
  encodePairs,
  lengthBatches,
  makeTrainingBatch,
  prepareTaskData,
} from "./batches.ts";
export type {
  EncodedPair,
  PackedBatch,
  SourceBatch,
  SplitCounts,
  TaskData,
  TaskTokenizers,
  TrainingBatch,
} from "./batches.ts";
export { collectExamples, splitOf, splits } from "./split.ts";
export { withLengthBounds } from "./bounded_task.ts";
export type { LengthBounds } from "./bounded_task.ts";
export { BpeTokenizer } from "./tokenizers/bpe.ts";
export { bpeSpecialTokens, SEP } from "./tokenizers/bpe_specials.ts";
export { trainBpe } from "./tokenizers/bpe_train.ts";
export type { BpeMerge, BpeTrainOptions, TrainedBpe } from "./tokenizers/bpe_train.ts";
export { textOfTokens, WORD_START, wordsOf } from "./tokenizers/bpe_words.ts";
export { koEnBpe, koEnBpeRecipe } from "./tokenizers/ko_en_bpe.ts";
export {
  koEnLmCorpus,
  koEnLmCounts,
  lmSequenceIds,
  lmTexts,
  translationPromptIds,
} from "./lm_corpus.ts";
export type { LmCorpusOptions, LmKind, LmSequence } from "./lm_corpus.ts";
export { disposeLmBatch, LmBatchStream, makeLmBatch, packLmBatch } from "./lm_batches.ts";
export type { LmBatch, PackedLm } from "./lm_batches.ts";
