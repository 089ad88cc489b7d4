/**
 * A multi-layer GRU (Cho et al. 2014) with exactly PyTorch's nn.GRU equations, gate order
 * (r, z, n) and parameter names, so checkpoints load into
 * `torch.nn.GRU(input, H, num_layers=L, batch_first=True)`.
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
 * One GRU step from the projected input xp = W_i x + b_i [B, 3H], hp = W_h h + b_h [B, 3H]
 * (each the three gates' pre-activations side by side) and the previous state h [B, H]:
 *
 *   r  = σ(W_ir x + b_ir + W_hr h + b_hr)          reset gate
 *   z  = σ(W_iz x + b_iz + W_hz h + b_hz)          update gate
 *   n  = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))  candidate (r also gates b_hn, as PyTorch)
 *   h' = (1 − z) ⊙ n + z ⊙ h
 */
function gruCell(xp: Tensor, hp: Tensor, h: Tensor): Tensor {
  const H = h.shape[1];
  const [xr, xz, xn] = ops.split(xp, -1, [H, H, H]); // W_i{r,z,n} x + b_i{r,z,n} [B, H] each
  const [hr, hz, hn] = ops.split(hp, -1, [H, H, H]); // W_h{r,z,n} h + b_h{r,z,n} [B, H] each
  const r = ops.sigmoid(ops.add(xr, hr)); // [B, H]
  const z = ops.sigmoid(ops.add(xz, hz)); // [B, H]
  const n = ops.tanh(ops.add(xn, ops.mul(r, hn))); // [B, H]
  return ops.add(n, ops.mul(z, ops.sub(h, n))); // (1 − z) ⊙ n + z ⊙ h = n + z ⊙ (h − n)
}

/** The engine may run gruCell as one kernel (engine/fused/gru_cell.ts): ops.fuse. */
const gruStep = ops.fuse("gru-cell", gruCell);

/** One step of a layer with recurrent weights W_h [3H, H], b_h [3H]. */
function layerStep(weights: ops.RecurrentWeights, xp: Tensor, prev: LayerState): LayerState {
  const hp = ops.linear(prev.h, weights.weightHh, weights.biasHh); // W_h h + b_h [B, 3H]
  return { h: gruStep(xp, hp, prev.h) }; // [B, H]
}

/**
 * A GRU layer over a sequence, one step at a time; the engine may run the whole loop as one
 * kernel (engine/fused/gru_sequence.ts): ops.fuse.
 */
const gruLayer = ops.fuse(
  "gru-sequence",
  (projected, weights, initial, { lengths }) =>
    stepThrough(projected, initial, lengths, (xp, prev) => layerStep(weights, xp, prev)),
);

/** Sizes of a {@link Gru} stack. */
export type GruOptions = StackSizes;

/** nn.GRU's parameters under `<prefix>.weight_ih_l{k}` etc., and its step and sequence runs. */
export class Gru extends RecurrentLayers {
  readonly kind = "gru";

  constructor(store: ParamStore, prefix: string, options: GruOptions) {
    super(store, prefix, { ...options, gates: 3 });
  }

  cell(layer: number, xp: Tensor, prev: LayerState): LayerState {
    return layerStep(this.params[layer], xp, prev);
  }

  sequence(
    layer: number,
    projected: Tensor,
    initial: LayerState,
    options: { lengths?: readonly number[] },
  ): LayerRun {
    return gruLayer(projected, this.params[layer], initial, options);
  }

  zeroState(batch: number): LayerState[] {
    const backend = this.params[0].weightIh.backend;
    return this.params.map(() => ({ h: Tensor.zeros(backend, [batch, this.hidden]) }));
  }
}
