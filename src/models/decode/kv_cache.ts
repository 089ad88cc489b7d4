/**
 * The KV cache of a decoder-only Transformer. At generation step t the causal self-attention of
 * position t needs the keys and values of positions 0..t, and those of 0..t-1 do not change
 * (causality: a position never sees what comes after it). So each layer keeps them on the
 * device and each step projects only the new position: the cost of a step stops growing with
 * the prefix (apart from attention's own t dot products), at the price of memory
 * 2 x layers x B x max_len x d floats.
 *
 * Layout: per layer, K and V as [B, h, max_len, dk], allocated once at the longest length and
 * written in place one position per step (ops.assign at an offset: one small dispatch, no
 * allocation). Growing by concatenation would instead allocate a new buffer and copy all t
 * earlier positions at every step (O(t) per step, O(T^2) in all, plus buffer churn on the
 * device). Heads first keeps each head's keys one contiguous [max_len, dk] block, so the
 * positions written so far, K[:, :, 0..t], are a strided view that matmul reads in place.
 */
import { keep, ops, shapeText, Tensor } from "../../engine/mod.ts";
import type { Backend } from "../../engine/backend/contract.ts";
import type { MultiHeadAttention } from "../attention.ts";
import { rotate } from "../layers/positional.ts";
import type { TraceRecorder } from "../trace.ts";
import type { HeadEdit } from "../intervention.ts";

/** Sizes of a {@link KvCache}. */
export interface KvCacheSizes {
  layers: number;
  batch: number;
  heads: number;
  /** Head width d / h. */
  dk: number;
  /** Positions the cache can hold (prompt and generated tokens). */
  maxLen: number;
}

/** Keys and values of every layer for the positions seen so far, on the device. */
export class KvCache {
  readonly sizes: KvCacheSizes;
  /** Positions written so far (the next position's index). */
  length = 0;
  readonly #keys: Tensor[]; // per layer [B, h, maxLen, dk]
  readonly #values: Tensor[]; // per layer [B, h, maxLen, dk]

  constructor(backend: Backend, sizes: KvCacheSizes) {
    this.sizes = sizes;
    const { layers, batch, heads, dk, maxLen } = sizes;
    const shape = [batch, heads, maxLen, dk];
    const make = () => keep(Tensor.zeros(backend, shape)); // outlives every step's scope
    this.#keys = Array.from({ length: layers }, make);
    this.#values = Array.from({ length: layers }, make);
  }

  /** Device bytes allocated: 2 (K, V) x layers x B x h x max_len x dk x 4. */
  get bytes(): number {
    const { layers, batch, heads, dk, maxLen } = this.sizes;
    return 2 * layers * batch * heads * maxLen * dk * 4;
  }

  /** Device bytes holding the positions written so far. */
  get usedBytes(): number {
    return (this.bytes / this.sizes.maxLen) * this.length;
  }

  /**
   * Writes the keys and values of n new positions of `layer` ([B, h, n, dk] each) at
   * positions length..length+n and returns views of positions 0..length+n (no copy). The
   * length moves on with {@link advance}, once every layer has written.
   */
  append(layer: number, k: Tensor, v: Tensor): { k: Tensor; v: Tensor } {
    const n = k.shape[2];
    if (this.length + n > this.sizes.maxLen) {
      throw new Error(
        `expected at most ${this.sizes.maxLen} positions in the KV cache, got ${
          this.length + n
        } (${this.length} cached + ${n} new ${shapeText(k.shape)})`,
      );
    }
    const at = { axis: 2, start: this.length };
    ops.assign(this.#keys[layer], k, at);
    ops.assign(this.#values[layer], v, at);
    const upTo = this.length + n;
    return {
      k: ops.slice(this.#keys[layer], 2, 0, upTo), // [B, h, t + n, dk], a view
      v: ops.slice(this.#values[layer], 2, 0, upTo), // [B, h, t + n, dk], a view
    };
  }

  /** Counts n more positions as written (after every layer appended them). */
  advance(n: number): void {
    this.length += n;
  }

  dispose(): void {
    for (const t of [...this.#keys, ...this.#values]) t.dispose();
  }
}

/** How {@link cachedSelfAttention} runs: RoPE or not, and where its weights go. */
export interface CachedAttentionCall {
  rotary: boolean;
  trace?: { recorder: TraceRecorder; layer: number };
  /** An ablation's edit of the heads' outputs before W^O (models/intervention.ts). */
  edit?: HeadEdit;
}

/**
 * Causal self-attention of n new positions x [B, n, d] (at positions t..t+n, t = cache.length)
 * over every position so far: the new keys and values are projected, rotated (RoPE) at their
 * positions, written into the cache, and the queries attend to the cache's 0..t+n. Equal to
 * `attn.selfAttention` over the whole sequence, last n rows (a test holds them to 1e-4).
 */
export function cachedSelfAttention(
  attn: MultiHeadAttention,
  x: Tensor,
  cache: KvCache,
  layer: number,
  call: CachedAttentionCall,
): Tensor {
  const d = attn.dModel;
  const start = cache.length;
  // 1) Project the new positions only: [Q | K | V] = x [W^Q; W^K; W^V]^T + b.
  const qkv = ops.linear(x, attn.inProjWeight, attn.inProjBias); // [B, n, 3d]
  let [q, k, v] = ops.split(qkv, -1, [d, d, d]).map((t) => ops.splitHeads(t, attn.heads)); // [B, h, n, dk]
  if (call.rotary) ({ q, k } = rotate(q, k, { offset: start })); // turned by their positions
  // 2) Append to the cache; attend over positions 0..t+n, causally among the new ones.
  const past = cache.append(layer, k, v); // [B, h, t + n, dk] each
  const { output, weights } = ops.scaledDotProductAttention(q, past.k, past.v, {
    causal: true,
    causalOffset: start, // query i is position start + i
    weights: call.trace !== undefined,
  }); // [B, h, n, dk], [B, h, n, t + n]
  if (call.trace && weights) {
    call.trace.recorder.recordAttention("decoder", call.trace.layer, weights);
  }
  // 3) Concat(head_1, ..., head_h) W^O, after an ablation switched heads off.
  let merged = ops.mergeHeads(output); // [B, n, d]
  if (call.edit) merged = call.edit(merged);
  return attn.outProj.forward(merged); // [B, n, d]
}
