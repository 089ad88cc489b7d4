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
import { ops } from "../engine/mod.ts";
import { Tensor } from "../engine/mod.ts";
import type { ParamStore } from "./weights/param_store.ts";
import { type LayerRun, type LayerState, RecurrentLayers, type StackSizes } from "./recurrent.ts";

/** Sizes of an {@link Lstm} stack. */
export type LstmOptions = StackSizes;

/** nn.LSTM's parameters under `<prefix>.weight_ih_l{k}` etc., and its step and sequence runs. */
export class Lstm extends RecurrentLayers {
  readonly kind = "lstm";

  constructor(store: ParamStore, prefix: string, options: LstmOptions) {
    super(store, prefix, { ...options, gates: 4 });
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

  /**
   * The whole layer in one primitive (ops.lstmSequence: the fused cell for every step), or null
   * where the backend does not take this hidden size.
   */
  runLayer(
    layer: number,
    projected: Tensor,
    initial: LayerState,
    options: { lengths?: readonly number[] },
  ): LayerRun | null {
    if (!projected.backend.sequenceSupported(4, this.hidden)) return null;
    if (!initial.c) throw new Error(`lstm: expected a state with a cell c, got only h`);
    const H = this.hidden;
    const p = this.params[layer];
    const states = ops.lstmSequence(projected, p.weightHh, p.biasHh, initial.h, initial.c, options);
    const [B, S] = states.shape; // [B, S, 2H]: each step's [h | c]
    const outputs = ops.slice(states, 2, 0, H); // h of every step [B, S, H]
    const flat = ops.reshape(states, [B, S * 2 * H]); // the last step's [h | c] ends each row
    const h = ops.slice(flat, 1, (S - 1) * 2 * H, H); // [B, H]
    const c = ops.slice(flat, 1, (S - 1) * 2 * H + H, H); // [B, H]
    return { outputs, final: { h, c } };
  }

  zeroState(batch: number): LayerState[] {
    const backend = this.params[0].weightIh.backend;
    return this.params.map(() => ({
      h: Tensor.zeros(backend, [batch, this.hidden]),
      c: Tensor.zeros(backend, [batch, this.hidden]),
    }));
  }
}
