/**
 * Scaled dot-product and multi-head attention (Vaswani et al. 2017, §3.2):
 *   Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V                   (eq. 1)
 *   MultiHead(Q, K, V) = Concat(head_1..head_h) W^O,
 *   head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V)
 * with PyTorch's packed parameters (torch.nn.MultiheadAttention):
 * `<prefix>.in_proj_weight` [3d, d] (W^Q, W^K, W^V stacked in that order),
 * `<prefix>.in_proj_bias` [3d], `<prefix>.out_proj.weight` [d, d], `.bias` [d].
 * Head i owns columns i*dk..(i+1)*dk of each projection.
 */
import { ops } from "../engine/mod.ts";
import { shapeText, Tape, Tensor } from "../engine/mod.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { Dropout, type DropoutRun } from "./layers/dropout.ts";
import { Linear } from "./layers/linear.ts";
import type { ParamStore } from "./weights/param_store.ts";
import { rotate } from "./layers/positional.ts";

/** Masks and extras of one attention call. */
export interface AttentionOptions {
  /** Query position q sees keys 0..q only (decoder self-attention). */
  causal?: boolean;
  /** Additive key padding mask [B, 1, Tk] (0 keep, -Infinity masked), see {@link keyPaddingMask}. */
  keyMask?: Tensor;
  /** Dropout on the attention weights (training only). */
  dropout?: Dropout;
  run?: DropoutRun;
  /**
   * Added to the output inside W^O's matmul: the layer's residual connection (He et al. 2016),
   * when no dropout sits between the sublayer and the add. [B, Tq, d].
   */
  residual?: Tensor;
}

/** Output and weights of attention. */
export interface AttentionResult {
  output: Tensor; // [B, Tq, d] (or [B, h, Tq, dk] from scaledDotProductAttention)
  /** Attention weights before dropout: every row sums to 1 over the unmasked keys. */
  weights: Tensor; // [B, h, Tq, Tk]
}

/**
 * softmax(Q K^T / sqrt(d_k) + mask) V per head (eq. 1): q [B, h, Tq, dk],
 * k and v [B, h, Tk, dk] -> output [B, h, Tq, dk] and weights [B, h, Tq, Tk].
 * The 1/sqrt(d_k) keeps the logits' variance near 1 so softmax does not
 * saturate as d_k grows (§3.2.1).
 */
export function scaledDotProductAttention(
  q: Tensor,
  kv: { k: Tensor; v: Tensor },
  options: AttentionOptions = {},
): AttentionResult {
  const { k, v } = kv;
  if (q.rank !== 4 || k.rank !== 4 || v.rank !== 4 || q.shape[3] !== k.shape[3]) {
    throw new Error(
      `attention: expected q [B, h, Tq, dk] and k, v [B, h, Tk, dk], got q ${
        shapeText(q.shape)
      }, k ${shapeText(k.shape)}, v ${shapeText(v.shape)}`,
    );
  }
  const dk = q.shape[3];
  const scores = ops.matmul(q, k, { transB: true }); // [B, h, Tq, Tk]
  const weights = ops.softmax(scores, {
    scale: 1 / Math.sqrt(dk),
    causal: options.causal ?? false,
    mask: options.keyMask,
  }); // [B, h, Tq, Tk]
  const dropped = options.dropout && options.run
    ? options.dropout.forward(weights, options.run)
    : weights; // [B, h, Tq, Tk]
  const output = ops.matmul(dropped, v); // [B, h, Tq, dk]
  return { output, weights };
}

/**
 * The additive key padding mask [B, 1, S] of right-padded sequences: 0 on
 * the first srcLengths[b] positions of row b, -Infinity after (so padded keys
 * get weight 0). Built on the host: it is tiny.
 */
export function keyPaddingMask(
  backend: Backend,
  lengths: readonly number[],
  length: number,
): Tensor {
  const mask = new Float32Array(lengths.length * length);
  lengths.forEach((len, b) => {
    if (!Number.isInteger(len) || len < 1 || len > length) {
      throw new Error(
        `expected every source length in 1..${length}, got ${len} for batch row ${b}`,
      );
    }
    mask.fill(-Infinity, b * length + len, (b + 1) * length);
  });
  return Tensor.from(backend, mask, [lengths.length, 1, length]); // [B, 1, S]
}

/** Sizes of a {@link MultiHeadAttention}. */
export interface MultiHeadAttentionOptions {
  dModel: number;
  heads: number;
  /** Dropout on the attention weights while training. Default 0. */
  dropout?: number;
}

/** Keys and values of a memory, already projected and split into heads. */
export interface ProjectedMemory {
  k: Tensor; // [B, h, S, dk]
  v: Tensor; // [B, h, S, dk]
}

/**
 * Keys and values of a memory as one packed projection [B, S, 2d] (k in columns 0..d-1, v in
 * d..2d-1): what training reads in place, head by head (ops.stridedAttention).
 */
export interface PackedMemory {
  kv: Tensor; // [B, S, 2d]
}

/** Multi-head attention with PyTorch's parameter layout (self- and cross-attention). */
export class MultiHeadAttention {
  readonly dModel: number;
  readonly heads: number;
  readonly inProjWeight: Tensor; // [3d, d]: W^Q; W^K; W^V
  readonly inProjBias: Tensor; // [3d]
  readonly outProj: Linear; // [d, d]
  readonly dropout: Dropout;

  constructor(store: ParamStore, prefix: string, options: MultiHeadAttentionOptions) {
    const { dModel: d, heads } = options;
    if (!Number.isInteger(heads) || heads < 1 || d % heads !== 0) {
      throw new Error(`expected a model width divisible by ${heads} heads, got d = ${d}`);
    }
    this.dModel = d;
    this.heads = heads;
    this.inProjWeight = store.param(`${prefix}.in_proj_weight`, [3 * d, d], { kind: "xavier" });
    this.inProjBias = store.param(`${prefix}.in_proj_bias`, [3 * d], { kind: "zeros" });
    this.outProj = new Linear(store, `${prefix}.out_proj`, { inFeatures: d, outFeatures: d });
    this.dropout = new Dropout(options.dropout ?? 0);
  }

  /**
   * Self-attention of x [B, T, d] -> [B, T, d]: q, k, v from one matmul with
   * the packed in_proj, split by one permute. `rotary` applies RoPE to q and
   * k (Su et al. 2021) at positions 0..T-1.
   */
  selfAttention(x: Tensor, options: AttentionOptions & { rotary?: boolean } = {}): AttentionResult {
    const [b, t] = x.shape;
    const d = this.dModel;
    const qkvPacked = ops.linear(x, this.inProjWeight, this.inProjBias); // [B, T, 3d]
    const droppingWeights = (options.run?.training ?? false) && this.dropout.rate > 0;
    // Inference (no tape recording): the fused kernels (FlashAttention plus the weights, two
    // dispatches) read q, k, v from the packed projection and merge the heads, ~7 dispatches
    // fewer per call, which is what a decode step pays for. Training keeps the unfused ops:
    // measured on llvmpipe, the fused backward was slower than the batched matmuls and softmax
    // backward it would replace.
    if (!options.rotary && !droppingWeights && Tape.current === null) {
      const { output, weights } = ops.fusedAttention(qkvPacked, qkvPacked, d, {
        heads: this.heads,
        kOffset: d,
        vOffset: 2 * d,
        causal: options.causal ?? false,
        mask: options.keyMask,
      }); // [B, T, d], [B, h, T, T]
      const projected = this.outProj.forward(output, { residual: options.residual }); // [B, T, d]
      return { output: projected, weights };
    }
    // Training: strided matmuls read q, k, v in place and write the gradient back packed.
    if (!options.rotary && Tape.current !== null) {
      return this.#attendStrided(qkvPacked, qkvPacked, { q: 0, k: d, v: 2 * d }, options);
    }
    let [q, k, v] = this.#splitPacked(qkvPacked, 3, [b, t]); // [B, h, T, dk] each
    if (options.rotary) ({ q, k } = rotate(q, k));
    return this.#attend(q, { k, v }, options);
  }

  /**
   * Keys and values of a memory [B, S, d] (the encoder output), projected by
   * W^K and W^V and split into heads. Decoding computes them once per source.
   */
  projectMemory(memory: Tensor): ProjectedMemory {
    const [b, s] = memory.shape;
    const d = this.dModel;
    const [wKV, bKV] = [
      ops.slice(this.inProjWeight, 0, d, 2 * d), // [2d, d]
      ops.slice(this.inProjBias, 0, d, 2 * d), // [2d]
    ];
    const kvPacked = ops.linear(memory, wKV, bKV); // [B, S, 2d]
    const [k, v] = this.#splitPacked(kvPacked, 2, [b, s]); // [B, h, S, dk] each
    return { k, v };
  }

  /**
   * Keys and values of a memory [B, S, d] as one packed projection [B, S, 2d] (W^K, W^V read
   * in place from in_proj_weight): what {@link crossAttention} takes while training.
   */
  projectMemoryPacked(memory: Tensor): PackedMemory {
    const d = this.dModel;
    const rows = { start: d, count: 2 * d };
    return { kv: ops.linear(memory, this.inProjWeight, this.inProjBias, { rows }) }; // [B, S, 2d]
  }

  /** The query projection W^Q, b^Q as their own tensors (decoding caches them). */
  queryProjection(): { weight: Tensor; bias: Tensor } {
    const d = this.dModel;
    return {
      weight: ops.slice(this.inProjWeight, 0, 0, d), // [d, d]
      bias: ops.slice(this.inProjBias, 0, 0, d), // [d]
    };
  }

  /**
   * Cross-attention (encoder-decoder attention, §3.2.3): queries from the
   * decoder x [B, T, d], keys and values from the projected memory.
   * `query` passes a cached {@link queryProjection}.
   */
  crossAttention(
    x: Tensor,
    memory: ProjectedMemory | PackedMemory,
    options: AttentionOptions & { query?: { weight: Tensor; bias: Tensor } } = {},
  ): AttentionResult {
    if ("kv" in memory) {
      const rows = { start: 0, count: this.dModel }; // W^Q, b^Q in place
      const q = ops.linear(x, this.inProjWeight, this.inProjBias, { rows }); // [B, T, d]
      return this.#attendStrided(q, memory.kv, { q: 0, k: 0, v: this.dModel }, options);
    }
    const wq = options.query ?? this.queryProjection();
    const q = ops.splitHeads(ops.linear(x, wq.weight, wq.bias), this.heads); // [B, h, T, dk]
    return this.#attend(q, memory, options);
  }

  /** Attention per head, then the heads side by side through W^O. */
  #attend(q: Tensor, kv: ProjectedMemory, options: AttentionOptions): AttentionResult {
    const { output, weights } = scaledDotProductAttention(q, kv, {
      ...options,
      dropout: this.dropout,
    }); // [B, h, T, dk], [B, h, T, Tk]
    const merged = ops.mergeHeads(output); // [B, T, d]
    const projected = this.outProj.forward(merged, { residual: options.residual }); // [B, T, d]
    return { output: projected, weights };
  }

  /**
   * Attention of q (columns offsets.q.. of qSource [B, Tq, *]) over k and v (columns
   * offsets.k.., offsets.v.. of kvSource [B, Tk, *]) by strided matmuls, then W^O.
   */
  #attendStrided(
    qSource: Tensor,
    kvSource: Tensor,
    offsets: { q: number; k: number; v: number },
    options: AttentionOptions,
  ): AttentionResult {
    const run = options.run;
    const rate = this.dropout.rate;
    const { output, weights } = ops.stridedAttention(qSource, kvSource, this.dModel, {
      heads: this.heads,
      qOffset: offsets.q,
      kOffset: offsets.k,
      vOffset: offsets.v,
      causal: options.causal ?? false,
      mask: options.keyMask,
      dropout: run?.training && rate > 0 ? { rate, seed: run.nextSeed() } : undefined,
    }); // [B, Tq, d], [B, h, Tq, Tk]
    const projected = this.outProj.forward(output, { residual: options.residual }); // [B, Tq, d]
    return { output: projected, weights };
  }

  /**
   * [B, T, n * d] holding n packed projections -> n tensors [B, h, T, dk]:
   * one permute [B, T, n, h, dk] -> [n, B, h, T, dk], then a slice per part.
   */
  #splitPacked(packed: Tensor, n: number, [b, t]: number[]): Tensor[] {
    const h = this.heads;
    const dk = this.dModel / h;
    const byPart = ops.permute(ops.reshape(packed, [b, t, n, h, dk]), [2, 0, 3, 1, 4]); // [n, B, h, T, dk]
    return ops.split(byPart, 0, Array(n).fill(1)).map((part) => ops.reshape(part, [b, h, t, dk]));
  }
}
