/**
 * A multi-layer GRU (Cho et al. 2014) with exactly PyTorch's nn.GRU equations,
 * gate order (r, z, n) and parameter names, so checkpoints load into
 * `torch.nn.GRU(input, H, num_layers=L, batch_first=True)`:
 *
 *   r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)        reset gate
 *   z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)        update gate
 *   n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))     candidate (r also gates b_hn)
 *   h' = (1 - z) * n + z * h
 */
import { ops } from "../engine/mod.ts";
import { Tensor } from "../engine/mod.ts";
import type { ParamStore } from "./weights/param_store.ts";
import {
  lastStep,
  type LayerRun,
  type LayerState,
  RecurrentLayers,
  type StackSizes,
} from "./recurrent.ts";

/** Sizes of a {@link Gru} stack. */
export type GruOptions = StackSizes;

/** nn.GRU's parameters under `<prefix>.weight_ih_l{k}` etc., and its step and sequence runs. */
export class Gru extends RecurrentLayers {
  readonly kind = "gru";

  constructor(store: ParamStore, prefix: string, options: GruOptions) {
    super(store, prefix, { ...options, gates: 3 });
  }

  cell(layer: number, xp: Tensor, prev: LayerState): LayerState {
    const p = this.params[layer];
    const hp = ops.linear(prev.h, p.weightHh, p.biasHh); // W_hh h + b_hh [B, 3H]
    return { h: ops.gruCell(xp, hp, prev.h) }; // [B, H]: every gate in one kernel
  }

  cellAt(layer: number, projected: Tensor, t: number, prev: LayerState): LayerState {
    const p = this.params[layer];
    const hp = ops.linear(prev.h, p.weightHh, p.biasHh); // [B, 3H]
    return { h: ops.gruCell(projected, hp, prev.h, { step: t }) }; // reads step t of [B, S, 3H]
  }

  /** The whole layer in one primitive (ops.gruSequence), or null where the backend cannot. */
  runLayer(
    layer: number,
    projected: Tensor,
    initial: LayerState,
    options: { lengths?: readonly number[] },
  ): LayerRun | null {
    if (!projected.backend.sequenceSupported(3, this.hidden)) return null;
    const p = this.params[layer];
    const outputs = ops.gruSequence(projected, p.weightHh, p.biasHh, initial.h, options); // [B, S, H]
    return { outputs, final: { h: lastStep(outputs) } }; // h [B, H]
  }

  zeroState(batch: number): LayerState[] {
    const backend = this.params[0].weightIh.backend;
    return this.params.map(() => ({ h: Tensor.zeros(backend, [batch, this.hidden]) }));
  }
}
