/**
 * Layer normalization (Ba et al. 2016) as torch.nn.LayerNorm over the last
 * axis: `<name>.weight` (gain, ones at init) and `<name>.bias` (zeros).
 */
import { ops } from "../../engine/mod.ts";
import type { Tensor } from "../../engine/mod.ts";
import type { ParamStore } from "../weights/param_store.ts";

/** Width and epsilon of a {@link LayerNorm}. */
export interface LayerNormOptions {
  dim: number;
  /** Added to the variance; 1e-5 is PyTorch's default and what nn.Transformer uses. */
  eps?: number;
}

/** (x - mean) / sqrt(var + eps) * weight + bias over the last axis: x [..., dim] -> [..., dim]. */
export class LayerNorm {
  readonly weight: Tensor; // [dim]
  readonly bias: Tensor; // [dim]
  readonly eps: number;

  constructor(store: ParamStore, name: string, options: LayerNormOptions) {
    this.weight = store.param(`${name}.weight`, [options.dim], { kind: "ones" });
    this.bias = store.param(`${name}.bias`, [options.dim], { kind: "zeros" });
    this.eps = options.eps ?? 1e-5;
  }

  forward(x: Tensor): Tensor {
    return ops.layerNorm(x, this.weight, this.bias, { eps: this.eps }); // [..., dim]
  }
}
