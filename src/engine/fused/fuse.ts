/**
 * Fused kernels as the engine's decision. A model writes a computation once, as ops (the
 * equations a learner reads beside the paper), and hands it to `ops.fuse` under a name; the
 * engine returns a function with the same signature that runs one kernel in its place where
 * it has one that computes the same for these inputs on this backend, under the "fast"
 * kernel policy, and the model's own ops otherwise (policy "reference", or sizes a kernel
 * does not take). Tests hold every kernel to the reference the model wrote.
 *
 *   const step = ops.fuse("gru-cell", gruCellEquations); // models/gru.ts
 *   const h = step(xp, hp, h0);                           // a kernel, or the equations
 */
import { kernelPolicy } from "../policy.ts";
import type { Tensor } from "../tensor.ts";
import { reshape, slice } from "../ops/shape.ts";
import { feedForwardRelu } from "./feed_forward.ts";
import { gruCell } from "./gru_cell.ts";
import { gruSequence, type RecurrentSequenceOptions } from "./gru_sequence.ts";
import { lstmSequence } from "./lstm_sequence.ts";

/** One recurrent layer's state: h [B, H], and for an LSTM the cell c [B, H]. */
export interface RecurrentState {
  h: Tensor;
  c?: Tensor;
}

/** A recurrent layer run over a whole sequence: every step's h [B, S, H] and the final state. */
export interface RecurrentRun {
  outputs: Tensor;
  final: RecurrentState;
}

/** A recurrent layer's recurrent weights, W_hh [G * H, H] and b_hh [G * H]. */
export interface RecurrentWeights {
  weightHh: Tensor;
  biasHh: Tensor;
}

/** The two linear layers of a position-wise feed-forward network and how it runs. */
export interface FeedForwardLayers {
  w1: Tensor; // [ffn, d]
  b1: Tensor; // [ffn]
  w2: Tensor; // [d, ffn]
  b2: Tensor; // [d]
  activation: "relu" | "gelu";
  /** Dropout after the activation (training), or null. */
  dropout: { rate: number; seed: number } | null;
}

/** The computations the engine can run as one kernel, by name, with their signatures. */
export interface FusableSignatures {
  /** One GRU step: xp = W_ih x + b_ih [B, 3H], hp = W_hh h + b_hh [B, 3H], h [B, H] -> h'. */
  "gru-cell": (xp: Tensor, hp: Tensor, h: Tensor) => Tensor;
  /** A GRU layer over a sequence from its projected input [B, S, 3H] (gate order r, z, n). */
  "gru-sequence": (
    projected: Tensor,
    weights: RecurrentWeights,
    initial: RecurrentState,
    options: RecurrentSequenceOptions,
  ) => RecurrentRun;
  /** An LSTM layer over a sequence from its projected input [B, S, 4H] (gates i, f, g, o). */
  "lstm-sequence": (
    projected: Tensor,
    weights: RecurrentWeights,
    initial: RecurrentState,
    options: RecurrentSequenceOptions,
  ) => RecurrentRun;
  /** FFN(x) = act(x W1^T + b1) W2^T + b2 over the last axis (Vaswani et al. 2017, eq. 2). */
  "feed-forward": (x: Tensor, layers: FeedForwardLayers) => Tensor;
}

/** A name of {@link FusableSignatures}. */
export type FusableName = keyof FusableSignatures;

/** The kernel for each name: its result, or null where it does not take these inputs. */
const kernels: {
  [N in FusableName]: (...args: Parameters<FusableSignatures[N]>) =>
    | ReturnType<
      FusableSignatures[N]
    >
    | null;
} = {
  "gru-cell": (xp, hp, h) => gruCell(xp, hp, h),
  "gru-sequence": (projected, { weightHh, biasHh }, initial, options) => {
    const hidden = initial.h.shape[1];
    if (!projected.backend.sequenceSupported(3, hidden)) return null;
    const outputs = gruSequence(projected, weightHh, biasHh, initial.h, options); // [B, S, H]
    return { outputs, final: { h: lastStep(outputs) } };
  },
  "lstm-sequence": (projected, { weightHh, biasHh }, initial, options) => {
    const hidden = initial.h.shape[1];
    if (!initial.c || !projected.backend.sequenceSupported(4, hidden)) return null;
    const states = lstmSequence(projected, weightHh, biasHh, initial.h, initial.c, options);
    const last = lastStep(states); // [B, 2H]: the last step's [h | c]
    return {
      outputs: slice(states, 2, 0, hidden), // every step's h [B, S, H], a view of [B, S, 2H]
      final: { h: slice(last, 1, 0, hidden), c: slice(last, 1, hidden, hidden) },
    };
  },
  "feed-forward": (x, layers) => {
    if (layers.activation !== "relu" || layers.dropout !== null) return null;
    return feedForwardRelu(x, layers); // both layers in two matmuls, the relu in their stores
  },
};

/** `reference` run as the kernel where it applies under the "fast" policy. */
function fused<A extends unknown[], R>(
  kernel: (...args: A) => R | null,
  reference: (...args: A) => R,
): (...args: A) => R {
  return (...args: A): R => {
    if (kernelPolicy() === "fast") {
      const out = kernel(...args);
      if (out !== null) return out;
    }
    return reference(...args);
  };
}

/**
 * `reference` as the engine will run it: a function with the same signature that calls the
 * named kernel where it applies under the "fast" policy, and `reference` otherwise.
 */
export function fuse(
  name: "gru-cell",
  reference: FusableSignatures["gru-cell"],
): FusableSignatures["gru-cell"];
export function fuse(
  name: "gru-sequence",
  reference: FusableSignatures["gru-sequence"],
): FusableSignatures["gru-sequence"];
export function fuse(
  name: "lstm-sequence",
  reference: FusableSignatures["lstm-sequence"],
): FusableSignatures["lstm-sequence"];
export function fuse(
  name: "feed-forward",
  reference: FusableSignatures["feed-forward"],
): FusableSignatures["feed-forward"];
export function fuse(
  name: FusableName,
  reference: (...args: never[]) => unknown,
): (...args: never[]) => unknown {
  return fused(kernels[name] as (...args: never[]) => unknown, reference);
}

/** The last step of x [B, S, C] as [B, C] (with padding: every row's final state). */
function lastStep(x: Tensor): Tensor {
  const [batch, steps, width] = x.shape;
  return reshape(steps === 1 ? x : slice(x, 1, steps - 1, 1), [batch, width]);
}
