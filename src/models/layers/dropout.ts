/**
 * Dropout (Srivastava et al. 2014) for model code: a {@link DropoutRun} says
 * whether this forward pass trains and hands every dropout site its own seed,
 * so one step seed gives independent, reproducible masks everywhere (and the
 * backward pass redraws the same mask from the same seed).
 */
import { ops } from "../../engine/mod.ts";
import type { Tensor } from "../../engine/mod.ts";
import { mixSeed } from "../../engine/random.ts";

/** The dropout state of one forward pass: training or not, and the next site's seed. */
export class DropoutRun {
  readonly training: boolean;
  readonly #seed: number;
  #site = 0;

  constructor(options: { training?: boolean; seed?: number } = {}) {
    this.training = options.training ?? false;
    this.#seed = (options.seed ?? 0) >>> 0;
  }

  /** A fresh seed for the next dropout site: a hash of (step seed, site number). */
  nextSeed(): number {
    this.#site++;
    return mixSeed(this.#seed, this.#site);
  }
}

/** Zeroes elements with probability `rate` while training; the identity at inference. */
export class Dropout {
  readonly rate: number;

  constructor(rate: number) {
    if (!(rate >= 0 && rate < 1)) {
      throw new Error(`dropout: expected a rate in [0, 1), got ${rate}`);
    }
    this.rate = rate;
  }

  forward(x: Tensor, run: DropoutRun): Tensor {
    if (!run.training || this.rate === 0) return x;
    return ops.dropout(x, { rate: this.rate, seed: run.nextSeed(), training: true });
  }
}
