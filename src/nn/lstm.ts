/**
 * A multi-layer LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of
 * Gers et al. 2000) with exactly PyTorch's nn.LSTM equations, gate order
 * (i, f, g, o) and parameter names, so checkpoints load into
 * `torch.nn.LSTM(input, H, num_layers=L, batch_first=True)`:
 *
 *   i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)    input gate
 *   f = sigmoid(W_if x + b_if + W_hf h + b_hf)    forget gate
 *   g = tanh(W_ig x + b_ig + W_hg h + b_hg)       candidate cell
 *   o = sigmoid(W_io x + b_io + W_ho h + b_ho)    output gate
 *   c' = f * c + i * g
 *   h' = o * tanh(c')
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

/** Sizes of an {@link Lstm} stack. */
export interface LstmOptions {
  inputSize: number;
  hidden: number;
  layers: number;
}

/** nn.LSTM's parameters under `<prefix>.weight_ih_l{k}` etc., and its step and sequence runs. */
export class Lstm implements RecurrentStack {
  readonly kind = "lstm";
  readonly gates = 4;
  readonly inputSize: number;
  readonly hidden: number;
  readonly layers: number;
  readonly params: readonly LayerParams[];

  constructor(store: ParamStore, prefix: string, options: LstmOptions) {
    const { inputSize, hidden, layers } = options;
    if (!(layers >= 1)) throw new Error(`lstm: expected at least 1 layer, got ${layers}`);
    this.inputSize = inputSize;
    this.hidden = hidden;
    this.layers = layers;
    this.params = Array.from({ length: layers }, (_, layer) =>
      layerParams(store, prefix, {
        layer,
        inputSize: layer === 0 ? inputSize : hidden,
        hidden,
        gates: 4,
      }));
  }

  projectInput(layer: number, x: Tensor): Tensor {
    const p = this.params[layer];
    return ops.linear(x, p.weightIh, p.biasIh); // [..., 4H]
  }

  cell(layer: number, xp: Tensor, prev: LayerState): LayerState {
    const H = this.hidden;
    const p = this.params[layer];
    if (!prev.c) throw new Error(`lstm: expected a state with a cell c, got only h`);
    // All four gates' pre-activations at once: one matmul for W_hh h + b_hh.
    const gates = ops.add(xp, ops.linear(prev.h, p.weightHh, p.biasHh)); // [B, 4H]
    const [iPre, fPre, gPre, oPre] = ops.split(gates, -1, [H, H, H, H]); // [B, H] each
    const i = ops.sigmoid(iPre); // [B, H]
    const f = ops.sigmoid(fPre); // [B, H]
    const g = ops.tanh(gPre); // [B, H]
    const o = ops.sigmoid(oPre); // [B, H]
    const c = ops.add(ops.mul(f, prev.c), ops.mul(i, g)); // [B, H]
    const h = ops.mul(o, ops.tanh(c)); // [B, H]
    return { h, c };
  }

  zeroState(batch: number): LayerState[] {
    const backend = this.params[0].weightIh.backend;
    return this.params.map(() => ({
      h: Tensor.zeros(backend, [batch, this.hidden]),
      c: Tensor.zeros(backend, [batch, this.hidden]),
    }));
  }

  /** nn.LSTM's forward over x [B, S, in]: every layer's outputs [B, S, H] and final (h, c). */
  forward(x: Tensor, options: SequenceOptions = {}): SequenceResult {
    return runSequence(this, x, options);
  }
}
