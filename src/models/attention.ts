/**
 * Multi-head attention (Vaswani et al. 2017, §3.2.2):
 *
 *   MultiHead(Q, K, V) = Concat(head_1, ..., head_h) W^O
 *   head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V)          Attention: eq. 1, §3.2.1
 *
 * with PyTorch's packed parameters (torch.nn.MultiheadAttention), so checkpoints load into it:
 * `<prefix>.in_proj_weight` [3d, d] (W^Q, W^K, W^V stacked in that order),
 * `<prefix>.in_proj_bias` [3d], `<prefix>.out_proj.weight` [d, d] and `.bias` [d].
 * Head i owns columns i * dk .. (i + 1) * dk of each projection, dk = d / h.
 *
 * The projections, head splits and merges below are views wherever possible (one matmul
 * for Q, K and V together in self-attention, the heads read in place); how attention itself
 * is computed is the engine's choice (ops.scaledDotProductAttention).
 */
import { ops, Tensor } from "../engine/mod.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { Dropout, type DropoutRun } from "./layers/dropout.ts";
import { Linear } from "./layers/linear.ts";
import type { ParamStore } from "./weights/param_store.ts";
import { rotate } from "./layers/positional.ts";
import type { AttentionSite, TraceRecorder } from "./trace.ts";
import type { HeadEdit } from "./intervention.ts";

/** Masks, dropout and tracing of one attention call. */
export interface AttentionCall {
  /** Query position t sees keys 0..t only (a decoder's self-attention, §3.2.3). */
  causal?: boolean;
  /** Additive key padding mask [B, 1, Tk] (0 keep, -Infinity masked), see {@link keyPaddingMask}. */
  keyMask?: Tensor;
  /** Rotate queries and keys by position (RoPE, Su et al. 2021): self-attention only. */
  rotary?: boolean;
  /** Training or not, and the seeds of dropout on the attention weights. */
  run?: DropoutRun;
  /** Where the weights go for the views: the recorder, and which attention this is. */
  trace?: { recorder: TraceRecorder; site: AttentionSite; layer: number };
  /** An ablation's edit of the heads' outputs before W^O (models/intervention.ts). */
  edit?: HeadEdit;
}

/** Keys and values of a memory (the encoder output), projected and split into heads. */
export interface MemoryKeys {
  k: Tensor; // [B, h, S, dk]
  v: Tensor; // [B, h, S, dk]
}

/** Sizes of a {@link MultiHeadAttention}. */
export interface MultiHeadAttentionOptions {
  dModel: number;
  heads: number;
  /** Dropout on the attention weights while training. Default 0. */
  dropout?: number;
}

/** Multi-head attention with PyTorch's parameter layout (self- and cross-attention). */
export class MultiHeadAttention {
  readonly dModel: number;
  readonly heads: number;
  readonly inProjWeight: Tensor; // [3d, d]: W^Q; W^K; W^V
  readonly inProjBias: Tensor; // [3d]
  readonly outProj: Linear; // W^O [d, d]
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
   * Self-attention of x [B, T, d] -> [B, T, d]: queries, keys and values are all projections
   * of x (one matmul for the three).
   */
  selfAttention(x: Tensor, call: AttentionCall = {}): Tensor {
    // 1) Project: [Q | K | V] = x [W^Q; W^K; W^V]^T + b, then h heads of dk each (views).
    const qkv = ops.linear(x, this.inProjWeight, this.inProjBias); // [B, T, 3d]
    const [q, k, v] = ops.split(qkv, -1, [this.dModel, this.dModel, this.dModel]).map((t) =>
      ops.splitHeads(t, this.heads)
    ); // [B, h, T, dk] each
    return this.#attend(q, { k, v }, call);
  }

  /**
   * Cross-attention (encoder-decoder attention, §3.2.3): queries from the decoder x [B, T, d],
   * keys and values from the memory [B, S, d] (or its keys and values projected once, as
   * decoding caches them: {@link projectMemory}).
   */
  crossAttention(x: Tensor, memory: Tensor | MemoryKeys, call: AttentionCall = {}): Tensor {
    const d = this.dModel;
    // 1) Project: Q = x W^Q + b^Q; K, V from the memory.
    const wq = ops.slice(this.inProjWeight, 0, 0, d); // W^Q [d, d], a view
    const bq = ops.slice(this.inProjBias, 0, 0, d); // b^Q [d]
    const q = ops.splitHeads(ops.linear(x, wq, bq), this.heads); // [B, h, T, dk]
    const kv = "k" in memory ? memory : this.projectMemory(memory);
    return this.#attend(q, kv, { ...call, rotary: false });
  }

  /**
   * Keys and values of a memory [B, S, d] (the encoder output): K = memory W^K + b^K and
   * V = memory W^V + b^V in one matmul, split into heads [B, h, S, dk] (views). Decoding
   * computes them once per source.
   */
  projectMemory(memory: Tensor): MemoryKeys {
    const d = this.dModel;
    const wkv = ops.slice(this.inProjWeight, 0, d, 2 * d); // [W^K; W^V] [2d, d], a view
    const bkv = ops.slice(this.inProjBias, 0, d, 2 * d); // [2d]
    const kv = ops.linear(memory, wkv, bkv); // [B, S, 2d]
    const [k, v] = ops.split(kv, -1, [d, d]).map((t) => ops.splitHeads(t, this.heads));
    return { k, v }; // [B, h, S, dk] each
  }

  /** 2) attention per head (eq. 1), 3) the heads side by side through W^O. */
  #attend(q: Tensor, { k, v }: MemoryKeys, call: AttentionCall): Tensor {
    if (call.rotary) ({ q, k } = rotate(q, k)); // RoPE: q and k turned by their positions
    const run = call.run;
    const dropping = run !== undefined && run.training && this.dropout.rate > 0;
    // 2) Attention(Q, K, V) = softmax(Q K^T / sqrt(dk) + mask) V on every head at once.
    const { output, weights } = ops.scaledDotProductAttention(q, k, v, {
      causal: call.causal,
      mask: call.keyMask,
      dropout: dropping ? { rate: this.dropout.rate, seed: run!.nextSeed() } : undefined,
      weights: call.trace !== undefined,
    }); // [B, h, Tq, dk], [B, h, Tq, Tk]
    if (call.trace && weights) {
      call.trace.recorder.recordAttention(call.trace.site, call.trace.layer, weights);
    }
    // 3) Concat(head_1, ..., head_h) W^O, after an ablation switched heads off.
    let merged = ops.mergeHeads(output); // [B, Tq, d]
    if (call.edit) merged = call.edit(merged); // [B, Tq, d]
    call.trace?.recorder.recordHeadOutputs(call.trace.site, call.trace.layer, merged);
    return this.outProj.forward(merged); // [B, Tq, d]
  }
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
