/**
 * From a task's text examples to the batches a model trains on (docs/CONTRACT.md):
 * tokenize with the task's tokenizer, build the vocabularies from the
 * TRAINING split only (specials first, so dev and test words the model never
 * saw become <unk>, as they would for a user), and pack examples into
 * TrainingBatch tensors: src = tokens + <eos>, tgtIn = <bos> + tokens,
 * tgtOut = tokens + <eos>, right-padded with <pad> (id 0, ignored by the loss).
 *
 * Batches are bucketed by length (examples of similar length share a batch,
 * so little compute goes to padding) and reshuffled every epoch with a seeded
 * Rng, so the same seed gives the same sequence of batches.
 */
import type { Backend } from "../engine/backend/contract.ts";
import { Tensor } from "../engine/tensor.ts";
import { Rng } from "../engine/random.ts";
import { splitTokens, Tokenizer, type TokenizerKind } from "./tokenizer.ts";
import { BOS, EOS, PAD, Vocab } from "./vocab.ts";
import type { Example, Split, Task } from "./task.ts";

/**
 * Source sequences of a batch: ids [B, S] = tokens + <eos>, right-padded with
 * <pad>, and each row's real length (<eos> included). Ids are float32.
 */
export interface SourceBatch {
  src: Tensor; // [B, S]
  srcLengths: readonly number[];
}

/** A batch with targets for teacher forcing. */
export interface TrainingBatch extends SourceBatch {
  tgtIn: Tensor; // [B, T]: <bos> + tokens, padded with <pad>
  tgtOut: Tensor; // [B, T]: tokens + <eos>, padded with <pad> (ignored by the loss)
}

/** One example as token ids, without specials (<eos>/<bos> are added when batching). */
export interface EncodedPair {
  src: number[];
  tgt: number[];
}

/** Source and target tokenizers of a task, bound to vocabularies built from its training split. */
export interface TaskTokenizers {
  source: Tokenizer;
  target: Tokenizer;
}

/** A task's splits, tokenized: what the trainer consumes. */
export interface TaskData {
  tokenizers: TaskTokenizers;
  /** The text examples of each split (for showing samples). */
  examples: Record<Split, Example[]>;
  /** The same examples as ids, in the same order. */
  pairs: Record<Split, EncodedPair[]>;
  /** Dev/test tokens missing from the training vocabulary (read as <unk>), first-seen order. */
  unknown: string[];
  /** Longest source and target (tokens, before <eos>/<bos>) over all splits. */
  longest: { src: number; tgt: number };
}

/** How many examples of each split to draw. */
export interface SplitCounts {
  train: number;
  dev: number;
  test: number;
}

/**
 * Vocabularies built from training examples only: the specials, then every
 * token seen, sorted by code point (so a vocabulary reads in a stable,
 * alphabetical order whatever order the examples came in).
 */
export function buildTokenizers(kind: TokenizerKind, train: readonly Example[]): TaskTokenizers {
  const vocabOf = (texts: string[]) => {
    const seen = new Set<string>();
    for (const text of texts) for (const token of splitTokens(text, kind)) seen.add(token);
    return Vocab.fromTokens([...seen].sort(byCodePoint));
  };
  return {
    source: new Tokenizer(kind, vocabOf(train.map((e) => e.src))),
    target: new Tokenizer(kind, vocabOf(train.map((e) => e.tgt))),
  };
}

/** Token ids of examples, and the distinct tokens the vocabularies lack. */
export function encodePairs(
  examples: readonly Example[],
  tokenizers: TaskTokenizers,
): { pairs: EncodedPair[]; unknown: string[] } {
  const unknown = new Set<string>();
  const pairs = examples.map((e) => {
    const src = tokenizers.source.encode(e.src);
    const tgt = tokenizers.target.encode(e.tgt);
    for (const t of [...src.unknown, ...tgt.unknown]) unknown.add(t);
    return { src: src.ids, tgt: tgt.ids };
  });
  return { pairs, unknown: [...unknown] };
}

/**
 * Draws a task's three splits (seeded), builds the vocabularies from the
 * training split and encodes every split. Throws when the training split
 * comes back empty.
 */
export function prepareTaskData(task: Task, counts: SplitCounts, seed: number): TaskData {
  const examples = {
    train: task.examples("train", counts.train, seed),
    dev: task.examples("dev", counts.dev, seed),
    test: task.examples("test", counts.test, seed),
  };
  if (examples.train.length === 0) {
    throw new Error(`task ${task.name}: expected training examples, got none`);
  }
  const tokenizers = buildTokenizers(task.tokenizer, examples.train);
  const train = encodePairs(examples.train, tokenizers);
  const dev = encodePairs(examples.dev, tokenizers);
  const test = encodePairs(examples.test, tokenizers);
  const all = [...train.pairs, ...dev.pairs, ...test.pairs];
  return {
    tokenizers,
    examples,
    pairs: { train: train.pairs, dev: dev.pairs, test: test.pairs },
    unknown: [...new Set([...dev.unknown, ...test.unknown])],
    longest: {
      src: Math.max(0, ...all.map((p) => p.src.length)),
      tgt: Math.max(0, ...all.map((p) => p.tgt.length)),
    },
  };
}

/** A TrainingBatch and how many real (non-pad) tokens it holds. */
export interface PackedBatch extends TrainingBatch {
  /** Real source positions (<eos> included). */
  srcTokens: number;
  /** Real target positions (tokens + <eos>): the positions the loss counts. */
  tgtTokens: number;
}

/**
 * Packs pairs into tensors on `backend`: src [B, S] = tokens + <eos>,
 * tgtIn [B, T] = <bos> + tokens, tgtOut [B, T] = tokens + <eos>, each
 * right-padded with <pad>. The caller owns (disposes) the tensors.
 */
export function makeTrainingBatch(backend: Backend, pairs: readonly EncodedPair[]): PackedBatch {
  if (pairs.length === 0) throw new Error("expected at least one example in a batch, got 0");
  const b = pairs.length;
  const s = Math.max(...pairs.map((p) => p.src.length)) + 1; // + <eos>
  const t = Math.max(...pairs.map((p) => p.tgt.length)) + 1; // + <bos> / <eos>
  const src = new Float32Array(b * s).fill(PAD);
  const tgtIn = new Float32Array(b * t).fill(PAD);
  const tgtOut = new Float32Array(b * t).fill(PAD);
  let srcTokens = 0;
  let tgtTokens = 0;
  pairs.forEach((p, row) => {
    src.set(p.src, row * s);
    src[row * s + p.src.length] = EOS;
    tgtIn[row * t] = BOS;
    tgtIn.set(p.tgt, row * t + 1);
    tgtOut.set(p.tgt, row * t);
    tgtOut[row * t + p.tgt.length] = EOS;
    srcTokens += p.src.length + 1;
    tgtTokens += p.tgt.length + 1;
  });
  return {
    src: Tensor.from(backend, src, [b, s]), // [B, S]
    srcLengths: pairs.map((p) => p.src.length + 1),
    tgtIn: Tensor.from(backend, tgtIn, [b, t]), // [B, T]
    tgtOut: Tensor.from(backend, tgtOut, [b, t]), // [B, T]
    srcTokens,
    tgtTokens,
  };
}

/** Disposes a batch's tensors. */
export function disposeBatch(batch: TrainingBatch): void {
  batch.src.dispose();
  batch.tgtIn.dispose();
  batch.tgtOut.dispose();
}

/** Options of {@link epochBatches}. */
export interface EpochOptions {
  batchSize: number;
  /** Shuffles examples and batch order; advance it once per epoch. */
  rng: Rng;
  /**
   * Examples are sorted by length within pools of this many batches: larger
   * pools waste less padding, smaller ones mix lengths more. Default 16.
   */
  poolBatches?: number;
}

/**
 * One epoch's batches as lists of indices into `pairs`: shuffle, sort each
 * pool of `poolBatches * batchSize` examples by length (source, then target),
 * cut it into batches, then shuffle the order of the batches. Every example
 * appears exactly once; the last batch of a pool may be smaller.
 */
export function epochBatches(pairs: readonly EncodedPair[], options: EpochOptions): number[][] {
  const { batchSize, rng } = options;
  checkBatchSize(batchSize);
  const pool = batchSize * (options.poolBatches ?? 16);
  const order = rng.shuffle(pairs.map((_, i) => i));
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += pool) {
    const sorted = order.slice(start, start + pool).sort((a, b) => byLength(pairs[a], pairs[b]));
    for (let i = 0; i < sorted.length; i += batchSize) batches.push(sorted.slice(i, i + batchSize));
  }
  return rng.shuffle(batches);
}

/**
 * Deterministic batches for evaluation: indices sorted by length, cut into
 * batches of at most `batchSize`. Every example appears exactly once.
 */
export function lengthBatches(pairs: readonly EncodedPair[], batchSize: number): number[][] {
  checkBatchSize(batchSize);
  const sorted = pairs.map((_, i) => i).sort((a, b) => byLength(pairs[a], pairs[b]) || a - b);
  const batches: number[][] = [];
  for (let i = 0; i < sorted.length; i += batchSize) batches.push(sorted.slice(i, i + batchSize));
  return batches;
}

/** An endless stream of training batches: epoch after epoch, reshuffled with one seeded Rng. */
export class BatchStream {
  readonly #pairs: readonly EncodedPair[];
  readonly #options: EpochOptions;
  #queue: number[][] = [];
  /** Epochs started so far. */
  epoch = 0;

  constructor(pairs: readonly EncodedPair[], options: { batchSize: number; seed: number }) {
    if (pairs.length === 0) throw new Error("expected training examples, got none");
    this.#pairs = pairs;
    this.#options = { batchSize: options.batchSize, rng: new Rng(options.seed) };
  }

  /** The pairs of the next batch. */
  next(): EncodedPair[] {
    if (this.#queue.length === 0) {
      this.#queue = epochBatches(this.#pairs, this.#options);
      this.epoch++;
    }
    return this.#queue.shift()!.map((i) => this.#pairs[i]);
  }
}

/** Fraction of a batch's positions that are padding, over source and target. */
export function paddingFraction(pairs: readonly EncodedPair[]): number {
  const s = Math.max(...pairs.map((p) => p.src.length)) + 1;
  const t = Math.max(...pairs.map((p) => p.tgt.length)) + 1;
  const real = pairs.reduce((sum, p) => sum + p.src.length + p.tgt.length + 2, 0);
  return 1 - real / (pairs.length * (s + t));
}

function byLength(a: EncodedPair, b: EncodedPair): number {
  return a.src.length - b.src.length || a.tgt.length - b.tgt.length;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`expected a batch size >= 1, got ${batchSize}`);
  }
}
