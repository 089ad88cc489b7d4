/**
 * Training a decoder-only model: next-token prediction (Radford et al. 2018, §3.1, eq. 1), the
 * language-modelling objective L = -sum_t log P(u_t | u_<t). A batch is sequences of ids, right
 * padded with <pad>; the model reads positions 0..T-1 and is scored on positions 1..T (the
 * same ids shifted by one), padded targets ignored. One causal forward scores every position
 * at once, which is what makes this objective cheap to train.
 */
import { ops, Tensor } from "../engine/mod.ts";
import type { Backend } from "../engine/backend/contract.ts";
import type { Adam } from "../engine/optim/adam.ts";
import { PAD } from "../data/vocab.ts";
import type { Gpt } from "../models/gpt.ts";
import { optimizerStep, type StepOptions } from "./train_step.ts";

/** Sequences of ids packed as one tensor, and the tokens the loss counts. */
export interface LmBatch {
  /** [B, T + 1] ids, right-padded with <pad> (0). */
  ids: Tensor;
  /** Real target positions: every id after a sequence's first. */
  tokens: number;
}

/** Packs sequences (each of at least 2 ids) into an {@link LmBatch}; the caller disposes ids. */
export function packLmBatch(backend: Backend, sequences: readonly number[][]): LmBatch {
  const width = Math.max(...sequences.map((s) => s.length));
  if (sequences.length === 0 || sequences.some((s) => s.length < 2)) {
    throw new Error(
      `expected sequences of at least 2 ids (an input and a target), got lengths ${
        sequences.map((s) => s.length).join(", ") || "none"
      }`,
    );
  }
  const flat = new Float32Array(sequences.length * width).fill(PAD);
  sequences.forEach((s, b) => flat.set(s, b * width));
  const tokens = sequences.reduce((n, s) => n + s.length - 1, 0);
  return { ids: Tensor.from(backend, flat, [sequences.length, width]), tokens };
}

/**
 * Mean cross-entropy of the next token over the non-pad targets: logits of ids[:, :-1]
 * against ids[:, 1:] (both views), a scalar [].
 */
export function nextTokenLoss(
  model: Gpt,
  ids: Tensor,
  options: { training?: boolean; seed?: number; labelSmoothing?: number } = {},
): Tensor {
  const t = ids.shape[1] - 1;
  const input = ops.slice(ids, 1, 0, t); // u_0 .. u_{T-1} [B, T]
  const target = ops.slice(ids, 1, 1, t); // u_1 .. u_T [B, T]
  const logits = model.forward(input, options); // [B, T, V]
  return ops.crossEntropy(logits, target, {
    ignoreIndex: PAD, // padding teaches nothing
    labelSmoothing: options.labelSmoothing,
  }); // []
}

/** One optimizer step of next-token training (what TrainLoop's `step` runs for a GPT). */
export function nextTokenStep(
  model: Gpt,
  batch: LmBatch,
  optimizer: Adam,
  options: StepOptions,
): Tensor {
  return optimizerStep(
    () =>
      nextTokenLoss(model, batch.ids, {
        training: true,
        seed: options.seed,
        labelSmoothing: options.labelSmoothing,
      }),
    optimizer,
    options,
  );
}
