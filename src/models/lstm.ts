/**
 * A multi-layer LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al.
 * 2000) with exactly PyTorch's nn.LSTM equations, gate order (i, f, g, o) and parameter
 * names, so checkpoints load into `torch.nn.LSTM(input, H, num_layers=L, batch_first=True)`.
 */
import { ops, Tensor } from "../engine/mod.ts";
import type { ParamStore } from "./weights/param_store.ts";
import {
  type LayerRun,
  type LayerState,
  RecurrentLayers,
  type StackSizes,
  stepThrough,
} from "./recurrent.ts";

/**
 * One LSTM step from the projected input xp = W_i x + b_i [B, 4H], the recurrent weights and
 * the previous state (h, c) [B, H] each:
 *
 *   i  = σ(W_ii x + b_ii + W_hi h + b_hi)      input gate
 *   f  = σ(W_if x + b_if + W_hf h + b_hf)      forget gate
 *   g  = tanh(W_ig x + b_ig + W_hg h + b_hg)   candidate cell
 *   o  = σ(W_io x + b_io + W_ho h + b_ho)      output gate
 *   c' = f ⊙ c + i ⊙ g
 *   h' = o ⊙ tanh(c')
 */
function lstmCell(weights: ops.RecurrentWeights, xp: Tensor, prev: LayerState): LayerState {
  const H = prev.h.shape[1];
  if (!prev.c) throw new Error(`lstm: expected a state with a cell c, got only h`);
  // All four gates' pre-activations at once: one matmul for W_h h + b_h.
  const gates = ops.add(xp, ops.linear(prev.h, weights.weightHh, weights.biasHh)); // [B, 4H]
  const [iPre, fPre, gPre, oPre] = ops.split(gates, -1, [H, H, H, H]); // [B, H] each
  const i = ops.sigmoid(iPre); // [B, H]
  const f = ops.sigmoid(fPre); // [B, H]
  const g = ops.tanh(gPre); // [B, H]
  const o = ops.sigmoid(oPre); // [B, H]
  const c = ops.add(ops.mul(f, prev.c), ops.mul(i, g)); // [B, H]
  const h = ops.mul(o, ops.tanh(c)); // [B, H]
  return { h, c };
}

/**
 * An LSTM layer over a sequence, one step at a time; the engine may run the whole loop as one
 * kernel (engine/fused/lstm_sequence.ts): ops.fuse.
 */
const lstmLayer = ops.fuse(
  "lstm-sequence",
  (projected, weights, initial, { lengths }) =>
    stepThrough(projected, initial, lengths, (xp, prev) => lstmCell(weights, xp, prev)),
);

/** Sizes of an {@link Lstm} stack. */
export type LstmOptions = StackSizes;

/** nn.LSTM's parameters under `<prefix>.weight_ih_l{k}` etc., and its step and sequence runs. */
export class Lstm extends RecurrentLayers {
  readonly kind = "lstm";

  constructor(store: ParamStore, prefix: string, options: LstmOptions) {
    super(store, prefix, { ...options, gates: 4 });
  }

  cell(layer: number, xp: Tensor, prev: LayerState): LayerState {
    return lstmCell(this.params[layer], xp, prev);
  }

  sequence(
    layer: number,
    projected: Tensor,
    initial: LayerState,
    options: { lengths?: readonly number[] },
  ): LayerRun {
    return lstmLayer(projected, this.params[layer], initial, options);
  }

  zeroState(batch: number): LayerState[] {
    const backend = this.params[0].weightIh.backend;
    return this.params.map(() => ({
      h: Tensor.zeros(backend, [batch, this.hidden]),
      c: Tensor.zeros(backend, [batch, this.hidden]),
    }));
  }
}
