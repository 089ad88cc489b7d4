/**
 * Batches for next-token prediction: a sequence of ids `<bos> a b c <eos>` becomes inputs
 * `<bos> a b c` and targets `a b c <eos>` (each input position predicts the token after it), and
 * the sequences of a batch are right-padded to the longest with <pad>, with a mask that is 1 on
 * real positions and 0 on padding (the loss ignores <pad> targets, as for the Seq2Seq models).
 * A stream bucketed by length and reshuffled per seeded epoch feeds the trainer.
 */
import type { Backend } from "../engine/backend/contract.ts";
import { Tensor } from "../engine/tensor.ts";
import { epochBatches, type EpochOptions } from "./batches.ts";
import { Rng } from "../engine/random.ts";
import { PAD } from "./vocab.ts";

/** One packed batch on the host: row-major [B, T] arrays of float32 ids. */
export interface PackedLm {
  /** [B, T]: each sequence without its last token, padded with <pad>. */
  inputs: Float32Array;
  /** [B, T]: each sequence without its first token, padded with <pad>. */
  targets: Float32Array;
  /** [B, T]: 1 at real positions, 0 at padding. */
  mask: Float32Array;
  shape: [number, number];
  /** Real positions of each row (its sequence's length - 1). */
  lengths: number[];
  /** Real positions in the batch: the targets the loss counts. */
  tokens: number;
}

/** A batch on a backend; the caller disposes it (`disposeLmBatch`). */
export interface LmBatch {
  inputs: Tensor; // [B, T]
  targets: Tensor; // [B, T]
  mask: Tensor; // [B, T]
  lengths: readonly number[];
  tokens: number;
}

/** Packs sequences of ids (each at least 2 long: <bos> ... <eos>) for next-token prediction. */
export function packLmBatch(sequences: readonly (readonly number[])[]): PackedLm {
  if (sequences.length === 0) throw new Error("expected at least one sequence in a batch, got 0");
  const short = sequences.findIndex((s) => s.length < 2);
  if (short >= 0) {
    throw new Error(
      `expected sequences of at least 2 ids (an input and its next token), got ${
        sequences[short].length
      } at row ${short}`,
    );
  }
  const b = sequences.length;
  const t = Math.max(...sequences.map((s) => s.length)) - 1;
  const inputs = new Float32Array(b * t).fill(PAD);
  const targets = new Float32Array(b * t).fill(PAD);
  const mask = new Float32Array(b * t);
  const lengths = sequences.map((s, row) => {
    const n = s.length - 1;
    inputs.set(s.slice(0, n), row * t);
    targets.set(s.slice(1), row * t);
    mask.fill(1, row * t, row * t + n);
    return n;
  });
  return {
    inputs,
    targets,
    mask,
    shape: [b, t],
    lengths,
    tokens: lengths.reduce((a, n) => a + n, 0),
  };
}

/** `packLmBatch` as tensors on `backend`. */
export function makeLmBatch(backend: Backend, sequences: readonly (readonly number[])[]): LmBatch {
  const packed = packLmBatch(sequences);
  return {
    inputs: Tensor.from(backend, packed.inputs, packed.shape), // [B, T]
    targets: Tensor.from(backend, packed.targets, packed.shape), // [B, T]
    mask: Tensor.from(backend, packed.mask, packed.shape), // [B, T]
    lengths: packed.lengths,
    tokens: packed.tokens,
  };
}

/** Disposes a batch's tensors. */
export function disposeLmBatch(batch: LmBatch): void {
  batch.inputs.dispose();
  batch.targets.dispose();
  batch.mask.dispose();
}

/**
 * An endless stream of batches of sequences: epoch after epoch, each a seeded shuffle in which
 * sequences of similar length share a batch (batches.ts `epochBatches`, which sorts by source
 * length: a sequence is passed as a source with no target).
 */
export class LmBatchStream {
  readonly #sequences: readonly (readonly number[])[];
  readonly #asPairs: { src: number[]; tgt: number[] }[];
  readonly #options: EpochOptions;
  #queue: number[][] = [];
  /** Epochs started so far. */
  epoch = 0;

  constructor(
    sequences: readonly (readonly number[])[],
    options: { batchSize: number; seed: number },
  ) {
    if (sequences.length === 0) throw new Error("expected training sequences, got none");
    this.#sequences = sequences;
    this.#asPairs = sequences.map((s) => ({ src: s as number[], tgt: [] }));
    this.#options = { batchSize: options.batchSize, rng: new Rng(options.seed) };
  }

  /** The sequences of the next batch. */
  next(): (readonly number[])[] {
    if (this.#queue.length === 0) {
      this.#queue = epochBatches(this.#asPairs, this.#options);
      this.epoch++;
    }
    return this.#queue.shift()!.map((i) => this.#sequences[i]);
  }
}
