/**
 * The position-wise feed-forward network of a Transformer layer (Vaswani et
 * al. 2017, eq. 2): FFN(x) = linear2(dropout(act(linear1(x)))), applied to
 * every position independently. Parameter names are PyTorch's
 * (`<prefix>.linear1.*`, `<prefix>.linear2.*`).
 */
import * as ops from "../tensor/ops/mod.ts";
import type { Tensor } from "../tensor/ops/mod.ts";
import { Dropout, type DropoutRun } from "./dropout.ts";
import { Linear } from "./linear.ts";
import type { ParamStore } from "./param_store.ts";

/** Sizes of a {@link FeedForward}. */
export interface FeedForwardOptions {
  dModel: number;
  /** Hidden width (4 d in the paper). */
  ffn: number;
  activation: "relu" | "gelu";
  /** Dropout after the activation, as torch.nn.TransformerEncoderLayer. Default 0. */
  dropout?: number;
}

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
    let h = this.linear1.forward(x); // [B, T, ffn]
    h = this.activation === "relu" ? ops.relu(h) : ops.gelu(h); // [B, T, ffn]
    h = this.dropout.forward(h, run); // [B, T, ffn]
    return this.linear2.forward(h); // [B, T, d]
  }
}
