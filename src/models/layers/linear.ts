/**
 * A fully connected layer as torch.nn.Linear: y = x W^T + b, with its
 * parameters named `<name>.weight` [out, in] and `<name>.bias` [out] so that
 * checkpoints match PyTorch's state_dict.
 */
import { ops } from "../../engine/mod.ts";
import type { Tensor } from "../../engine/mod.ts";
import type { Init, ParamStore } from "../weights/param_store.ts";

/** Sizes and initialization of a {@link Linear} layer. */
export interface LinearOptions {
  inFeatures: number;
  outFeatures: number;
  /** Whether the layer has a bias (zeros at init). Default true. */
  bias?: boolean;
  /**
   * How the weight starts. Default xavier uniform (Glorot & Bengio 2010), as
   * nn.Transformer._reset_parameters does for every matrix.
   */
  init?: Init;
}

/** y = x W^T + b over the last axis: x [..., in] -> [..., out] (one matmul, bias in its store). */
export class Linear {
  readonly weight: Tensor; // [out, in]
  readonly bias: Tensor | null; // [out]

  constructor(store: ParamStore, name: string, options: LinearOptions) {
    const { inFeatures, outFeatures } = options;
    this.weight = store.param(
      `${name}.weight`,
      [outFeatures, inFeatures],
      options.init ?? {
        kind: "xavier",
      },
    );
    this.bias = (options.bias ?? true)
      ? store.param(`${name}.bias`, [outFeatures], { kind: "zeros" })
      : null;
  }

  forward(x: Tensor): Tensor {
    return ops.linear(x, this.weight, this.bias ?? undefined); // x W^T + b [..., out]
  }
}
