/**
 * The connection around every sublayer of a Transformer: a residual (He et al. 2016), a
 * LayerNorm (Ba et al. 2016) and dropout, in the Annotated Transformer's SublayerConnection
 * style, so that a layer is one line per sublayer with the residual stream in view.
 *
 *   post-norm (the paper, §3.1 and §5.4):  x = LayerNorm(x + Dropout(Sublayer(x)))
 *   pre-norm (Xiong et al. 2020):          x = x + Dropout(Sublayer(LayerNorm(x)))
 *
 * Pre-norm keeps an unnormalized path from the input to the output, which trains deep stacks
 * more easily; nn.Transformer calls it norm_first. The residual add is the one place the
 * engine may fold into a matmul (ops.residual): without dropout in between, it rides in the
 * sublayer's last matmul store.
 */
import { ops, type Tensor } from "../engine/mod.ts";
import { Dropout, type DropoutRun } from "./layers/dropout.ts";
import { LayerNorm } from "./layers/layer_norm.ts";
import type { ParamStore } from "./weights/param_store.ts";

/** Where the norm sits, the model width and the dropout rate of a {@link Sublayer}. */
export interface SublayerOptions {
  dModel: number;
  norm: "pre" | "post";
  dropout: number;
}

/** A residual connection with its LayerNorm (`<norm>.weight`, `<norm>.bias`) and dropout. */
export class Sublayer {
  readonly norm: LayerNorm;
  readonly dropout: Dropout;
  readonly preNorm: boolean;

  constructor(store: ParamStore, normName: string, options: SublayerOptions) {
    this.norm = new LayerNorm(store, normName, { dim: options.dModel });
    this.dropout = new Dropout(options.dropout);
    this.preNorm = options.norm === "pre";
  }

  /** x [B, T, d] -> [B, T, d] around `sublayer` ([B, T, d] -> [B, T, d]). */
  forward(x: Tensor, sublayer: (h: Tensor) => Tensor, run: DropoutRun): Tensor {
    if (this.preNorm) return this.#residual(x, sublayer, this.norm.forward(x), run);
    return this.norm.forward(this.#residual(x, sublayer, x, run));
  }

  /** x + Dropout(sublayer(h)). */
  #residual(x: Tensor, sublayer: (h: Tensor) => Tensor, h: Tensor, run: DropoutRun): Tensor {
    if (run.training && this.dropout.rate > 0) {
      return ops.add(x, this.dropout.forward(sublayer(h), run));
    }
    return ops.residual(x, sublayer, h); // x + sublayer(h), the add in its last matmul's store
  }
}
