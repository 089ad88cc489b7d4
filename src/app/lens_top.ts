/**
 * From a logit lens's logits to what it shows: the K most probable tokens at each position
 * (softmax in float64 on the host, as `generate` computes its probabilities), and for each
 * position the layer from which on the top token no longer changes: where the final
 * prediction is already decided.
 */
import { softmaxRow } from "../models/decode/sample.ts";

/** A token with its probability under one layer's readout. */
export interface LensCandidate {
  token: string;
  id: number;
  p: number;
}

/**
 * The `k` best tokens (ties: the lower id first) of every position of logits [1, T, V] read
 * back as `data`, best first; `k` is capped at V.
 */
export function topOfLogits(
  data: Float32Array,
  shape: readonly number[],
  k: number,
  tokenOf: (id: number) => string,
): LensCandidate[][] {
  const [b, t, v] = shape;
  if (b !== 1 || data.length !== t * v) {
    throw new Error(
      `expected logits [1, T, V] (${t * v} numbers), got [${shape}] (${data.length})`,
    );
  }
  const keep = Math.min(k, v);
  return Array.from({ length: t }, (_, position) => {
    const p = softmaxRow(data.subarray(position * v, (position + 1) * v)); // [V]
    return best(p, keep).map((id) => ({ token: tokenOf(id), id, p: p[id] }));
  });
}

/** Ids of the `k` largest entries of p, largest first (ties: lower id first). */
function best(p: Float64Array, k: number): number[] {
  const chosen: number[] = [];
  for (let id = 0; id < p.length; id++) {
    if (chosen.length === k && !(p[id] > p[chosen[k - 1]])) continue;
    let at = Math.min(chosen.length, k - 1);
    if (chosen.length < k) chosen.push(id);
    else chosen[at] = id;
    while (at > 0 && p[chosen[at - 1]] < p[id]) {
      chosen[at] = chosen[at - 1];
      chosen[--at] = id;
    }
  }
  return chosen;
}

/**
 * For every position, the layer number from which on every layer's top token equals the last
 * layer's (the last layer itself when only it has it). Layers are bottom-up.
 */
export function settledFrom(
  layers: readonly { layer: number; top: readonly { id: number }[][] }[],
): number[] {
  const last = layers.at(-1);
  if (!last) return [];
  return last.top.map((cands, position) => {
    const final = cands[0].id;
    let from = layers.length - 1;
    while (from > 0 && layers[from - 1].top[position][0].id === final) from--;
    return layers[from].layer;
  });
}
