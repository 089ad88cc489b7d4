/**
 * One optimizer step of teacher forcing, the algorithm itself: forward with dropout,
 * cross-entropy against the shifted targets, backward, then the optimizer clips the gradients to
 * their global norm and updates every parameter. The training loop (train_loop.ts) decides when
 * steps run; `bench train` times exactly this function.
 */
import { ops, Tape, type Tensor } from "../engine/mod.ts";
import type { Adam } from "../engine/optim/adam.ts";
import type { TrainingBatch } from "../data/batches.ts";
import { PAD } from "../data/vocab.ts";
import type { Seq2Seq } from "../models/model.ts";

/** What a step needs besides the model, the batch and the optimizer. */
export interface StepOptions {
  /** Seeds every dropout mask of this step (the loop derives it from the run seed and step). */
  seed: number;
  /** This step's learning rate (the schedule's value). Default: the optimizer's. */
  lr?: number;
  /** Label smoothing of the cross-entropy, in [0, 1). Default 0. */
  labelSmoothing?: number;
  /**
   * Sees each parameter's raw gradient, after backward and before clipping and the update.
   * The gradients belong to the caller's tidy scope: keep() what is computed from them.
   */
  onGradients?: (grads: ReadonlyMap<Tensor, Tensor>) => void;
}

/**
 * Trains `model` on one batch and returns the batch's mean loss [1] (a device scalar: reading
 * it is the caller's choice, and costs a round trip on webgpu). Records work only: nothing is
 * read back, so on webgpu a whole step is submitted by one flush. Call it inside tidy(); every
 * intermediate, the gradients and the loss belong to that scope.
 */
export function trainStep(
  model: Seq2Seq,
  batch: TrainingBatch,
  optimizer: Adam,
  options: StepOptions,
): Tensor {
  return optimizerStep(
    () => {
      const logits = model.forward(batch, { training: true, seed: options.seed }); // [B, T, Vt]
      return ops.crossEntropy(logits, batch.tgtOut, {
        ignoreIndex: PAD, // padded positions teach nothing
        labelSmoothing: options.labelSmoothing,
      }); // [1]
    },
    optimizer,
    options,
  );
}

/**
 * One optimizer step on the loss `lossOf` records (any model, any loss: the Seq2Seq's above,
 * the decoder-only model's next-token loss in next_token.ts): backward, the gradients to
 * `onGradients`, then clip and Adam. Returns the loss; records work only.
 */
export function optimizerStep(
  lossOf: () => Tensor,
  optimizer: Adam,
  options: Pick<StepOptions, "lr" | "onGradients">,
): Tensor {
  const tape = new Tape();
  const loss = tape.record(lossOf);
  const grads = tape.backward(loss, optimizer.params);
  options.onGradients?.(grads);
  optimizer.step(grads, { lr: options.lr }); // clip to the global norm, then Adam, on the device
  return loss;
}
