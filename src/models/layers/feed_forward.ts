/**
 * The position-wise feed-forward network of a Transformer layer (Vaswani et al. 2017, §3.3,
 * eq. 2), applied to every position independently:
 *
 *   FFN(x) = max(0, x W1 + b1) W2 + b2
 *
 * written here as PyTorch's nn.TransformerEncoderLayer computes it, with its parameter names
 * (`<prefix>.linear1.*`, `<prefix>.linear2.*`): linear2(dropout(activation(linear1(x)))).
 * Attention only mixes positions by weighted averages; this is where each position gets a
 * non-linear transformation of its own.
 */
import { ops, type Tensor } from "../../engine/mod.ts";
import { Dropout, type DropoutRun } from "./dropout.ts";
import { Linear } from "./linear.ts";
import type { ParamStore } from "../weights/param_store.ts";

/** Sizes of a {@link FeedForward}. */
export interface FeedForwardOptions {
  dModel: number;
  /** Hidden width (4 d in the paper). */
  ffn: number;
  activation: "relu" | "gelu";
  /** Dropout after the activation, as torch.nn.TransformerEncoderLayer. Default 0. */
  dropout?: number;
}

/** FFN(x) = linear2(dropout(activation(linear1(x)))), for each equation as written above. */
function feedForward(x: Tensor, layers: ops.FeedForwardLayers): Tensor {
  const { w1, b1, w2, b2, activation, dropout } = layers;
  const pre = ops.linear(x, w1, b1); // x W1 + b1 [B, T, ffn]
  let h = activation === "relu" ? ops.relu(pre) : ops.gelu(pre); // max(0, .) [B, T, ffn]
  if (dropout) h = ops.dropout(h, { ...dropout, training: true });
  return ops.linear(h, w2, b2); // h W2 + b2 [B, T, d]
}

/** The engine may run both layers as one op (relu folded into the matmuls): ops.fuse. */
const feedForwardFused = ops.fuse("feed-forward", feedForward);

/** x [B, T, d] -> [B, T, d] through a hidden layer of width ffn. */
export class FeedForward {
  readonly linear1: Linear; // [ffn, d]
  readonly linear2: Linear; // [d, ffn]
  readonly activation: "relu" | "gelu";
  readonly dropout: Dropout;

  constructor(store: ParamStore, prefix: string, options: FeedForwardOptions) {
    const { dModel, ffn } = options;
    this.linear1 = new Linear(store, `${prefix}.linear1`, { inFeatures: dModel, outFeatures: ffn });
    this.linear2 = new Linear(store, `${prefix}.linear2`, { inFeatures: ffn, outFeatures: dModel });
    this.activation = options.activation;
    this.dropout = new Dropout(options.dropout ?? 0);
  }

  forward(x: Tensor, run: DropoutRun): Tensor {
    const dropping = run.training && this.dropout.rate > 0;
    return feedForwardFused(x, {
      w1: this.linear1.weight,
      b1: this.linear1.bias!,
      w2: this.linear2.weight,
      b2: this.linear2.bias!,
      activation: this.activation,
      dropout: dropping ? { rate: this.dropout.rate, seed: run.nextSeed() } : null,
    }); // [B, T, d]
  }
}
