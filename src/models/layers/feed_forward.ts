/**
 * The position-wise feed-forward network of a Transformer layer (Vaswani et
 * al. 2017, eq. 2): FFN(x) = linear2(dropout(act(linear1(x)))), applied to
 * every position independently. Parameter names are PyTorch's
 * (`<prefix>.linear1.*`, `<prefix>.linear2.*`).
 */
import { ops } from "../../engine/mod.ts";
import type { Tensor } from "../../engine/mod.ts";
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

  /**
   * `residual` [B, T, d] is added to the output inside linear2's matmul (the layer's residual
   * connection, when no dropout sits between them).
   */
  forward(x: Tensor, run: DropoutRun, options: { residual?: Tensor } = {}): Tensor {
    const dropping = run.training && this.dropout.rate > 0;
    if (this.activation === "relu" && !dropping) {
      // Both layers as one op: the relu rides in the matmuls forward and backward.
      const [l1, l2] = [this.linear1, this.linear2];
      return ops.feedForwardRelu(x, { w1: l1.weight, b1: l1.bias!, w2: l2.weight, b2: l2.bias! }, {
        residual: options.residual,
      }); // [B, T, d]
    }
    // relu rides in linear1's matmul; gelu is its own kernel.
    let h = this.activation === "relu"
      ? this.linear1.forward(x, { activation: "relu" })
      : ops.gelu(this.linear1.forward(x)); // [B, T, ffn]
    h = this.dropout.forward(h, run); // [B, T, ffn]
    return this.linear2.forward(h, { residual: options.residual }); // [B, T, d]
  }
}
