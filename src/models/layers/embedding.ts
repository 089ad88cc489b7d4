/**
 * A lookup table as torch.nn.Embedding: row i of `<name>.weight` [V, dim] is
 * the vector of token id i.
 */
import { ops } from "../../engine/mod.ts";
import type { Tensor } from "../../engine/mod.ts";
import type { Init, ParamStore } from "../weights/param_store.ts";

/** Sizes and initialization of an {@link Embedding}. */
export interface EmbeddingOptions {
  vocab: number;
  dim: number;
  /** How the table starts. Default normal(0, 1), as torch.nn.Embedding. */
  init?: Init;
}

/** ids [...] (float32 ids) -> vectors [..., dim]; ids outside [0, V) give zero rows. */
export class Embedding {
  readonly weight: Tensor; // [V, dim]

  constructor(store: ParamStore, name: string, options: EmbeddingOptions) {
    this.weight = store.param(
      `${name}.weight`,
      [options.vocab, options.dim],
      options.init ?? { kind: "normal", std: 1 },
    );
  }

  get vocab(): number {
    return this.weight.shape[0];
  }

  get dim(): number {
    return this.weight.shape[1];
  }

  forward(ids: Tensor): Tensor {
    return ops.embedding(this.weight, ids); // [..., dim]
  }
}
