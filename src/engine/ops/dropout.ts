/** Inverted dropout (Srivastava et al. 2014), with a mask redrawn from a seed. */
import { Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, wrap } from "./checks.ts";

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** The probability of zeroing an element, in [0, 1). */
  rate: number;
  /** Chooses the mask; use a fresh seed per call site and step. */
  seed: number;
  /** Dropout only acts in training; otherwise it is the identity. */
  training: boolean;
}

/**
 * Zeroes each element with probability `rate` and scales the others by
 * 1 / (1 - rate), so expectations match inference. The identity (x itself)
 * when not training or when rate is 0. The mask is a hash of (seed, index),
 * so the backward pass redraws it instead of storing it.
 */
export function dropout(x: Tensor, options: DropoutOptions): Tensor {
  const backend = backendOf("dropout", x);
  const { rate, seed, training } = options;
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: expected a rate in [0, 1), got ${rate}`);
  if (!training || rate === 0) return x;
  const p = { n: x.size, rate, seed };
  const out = wrap(backend, backend.dropout(x.data, p), x.shape);
  return recordOp("dropout", out, [x], (dy) => [
    wrap(backend, backend.dropout(dy.data, p), x.shape),
  ]);
}
