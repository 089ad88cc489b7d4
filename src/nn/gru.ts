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
import * as ops from "../tensor/ops/mod.ts";
import { Tensor } from "../tensor/ops/mod.ts";
import type { ParamStore } from "./param_store.ts";
import {
  type LayerParams,
  layerParams,
  type LayerState,
  type RecurrentStack,
  runSequence,
  type SequenceOptions,
  type SequenceResult,
} from "./recurrent.ts";

/** Sizes of a {@link Gru} stack. */
export interface GruOptions {
  inputSize: number;
  hidden: number;
  layers: number;
}

/** nn.GRU's parameters under `<prefix>.weight_ih_l{k}` etc., and its step and sequence runs. */
export class Gru implements RecurrentStack {
  readonly kind = "gru";
  readonly gates = 3;
  readonly inputSize: number;
  readonly hidden: number;
  readonly layers: number;
  readonly params: readonly LayerParams[];

  constructor(store: ParamStore, prefix: string, options: GruOptions) {
    const { inputSize, hidden, layers } = options;
    if (!(layers >= 1)) throw new Error(`gru: expected at least 1 layer, got ${layers}`);
    this.inputSize = inputSize;
    this.hidden = hidden;
    this.layers = layers;
    this.params = Array.from({ length: layers }, (_, layer) =>
      layerParams(store, prefix, {
        layer,
        inputSize: layer === 0 ? inputSize : hidden,
        hidden,
        gates: 3,
      }));
  }

  projectInput(layer: number, x: Tensor): Tensor {
    const p = this.params[layer];
    return ops.linear(x, p.weightIh, p.biasIh); // [..., 3H]
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

  zeroState(batch: number): LayerState[] {
    const backend = this.params[0].weightIh.backend;
    return this.params.map(() => ({ h: Tensor.zeros(backend, [batch, this.hidden]) }));
  }

  /** nn.GRU's forward over x [B, S, in]: every layer's outputs [B, S, H] and final h. */
  forward(x: Tensor, options: SequenceOptions = {}): SequenceResult {
    return runSequence(this, x, options);
  }
}
