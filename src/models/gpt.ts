/**
 * A decoder-only Transformer in GPT-2's layout (Radford et al. 2019, "Language Models are
 * Unsupervised Multitask Learners", §2.3; GPT-1: Radford et al. 2018): the decoder of Vaswani
 * et al. 2017 without the encoder and its cross-attention. One causal stack reads the tokens so
 * far and predicts the next one; a translation is one sequence, `<bos> source <sep> target`,
 * and the target's tokens attend to the source's through the same self-attention.
 *
 *   h_0 = W_e[ids] + W_p[positions]                     token + position embeddings (no sqrt(d))
 *   h_l = block(h_{l-1}),  l = 1..L                     pre-norm: x + attn(LN(x)), x + FFN(LN(x))
 *   logits = LN_f(h_L) W_e^T (tied) or LN_f(h_L) W_lm^T (+ b)
 *
 * Parameter names follow docs/CONTRACT.md (GPT section) so that the weights load into a plain
 * `torch.nn.TransformerEncoder(norm_first=True)` run with a causal mask: `tok_embed.weight`,
 * `pos_embed.weight` (learned positions only), `blocks.layers.{i}.*` (nn.TransformerEncoderLayer's
 * own names: self_attn, linear1, linear2, norm1, norm2), `norm.*` and `lm_head.*` (absent when
 * tied: the export writes the token table under that name too).
 *
 * Initialization as GPT-2: normal(0, 0.02) for the token and position tables and an untied
 * lm_head; the blocks' matrices as the encoder-decoder's (xavier uniform, zero biases).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { openBackend } from "../engine/mod.ts";
 * import { generate, gptDefaults, makeModel, ParamStore } from "./mod.ts";
 *
 * const { backend } = await openBackend("cpu");
 * const config = { ...gptDefaults, vocab: 10, dropout: 0 };
 * const model = makeModel(config, new ParamStore(backend, { seed: 1 })); // untrained
 * const greedy = { maxNew: 4, sampling: { temperature: 0 } };
 * const cached = await generate(model, [1, 5, 6], greedy);
 * const recomputed = await generate(model, [1, 5, 6], { ...greedy, noCache: true });
 * assert.deepEqual(cached.ids, recomputed.ids); // the KV cache changes the cost, not the tokens
 * assert.equal(cached.cacheBytes, 2 * 2 * 7 * 64 * 4); // K, V x 2 layers x 7 positions x d x 4 B
 * for (const p of model.params.values()) p.dispose();
 * ```
 */
import { ops, shapeText, type Tensor } from "../engine/mod.ts";
import type { GptConfig } from "./config.ts";
import { MultiHeadAttention } from "./attention.ts";
import { cachedSelfAttention, KvCache } from "./decode/kv_cache.ts";
import { Dropout, DropoutRun } from "./layers/dropout.ts";
import { Embedding } from "./layers/embedding.ts";
import { FeedForward } from "./layers/feed_forward.ts";
import { LayerNorm } from "./layers/layer_norm.ts";
import { Linear } from "./layers/linear.ts";
import type { ForwardOptions } from "./model.ts";
import { Sublayer } from "./sublayer.ts";
import type { TraceRecorder } from "./trace.ts";
import type { HeadAblation } from "./intervention.ts";
import type { ParamStore } from "./weights/param_store.ts";

/** What a forward pass threads through the blocks. */
interface RunContext {
  run: DropoutRun;
  trace?: TraceRecorder;
  /** Rotate queries and keys by position (RoPE) in self-attention. */
  rotary: boolean;
  /** Heads switched off (analysis only). */
  ablation?: HeadAblation;
}

/** GPT-2's table init: normal(0, 0.02). */
const GPT2_INIT = { kind: "normal", std: 0.02 } as const;

/**
 * One block (GPT-2 §2.3: the Transformer decoder block, layer norm moved to each sub-block's
 * input): causal self-attention, then the position-wise FFN, each in a pre-norm residual.
 * Attention-only (`attnOnly`, Elhage et al. 2021, "A Mathematical Framework for Transformer
 * Circuits"; Olsson et al. 2022, "In-context Learning and Induction Heads"): no FFN and no
 * norm2, so the residual stream is the embeddings plus the heads' outputs and nothing else.
 */
class GptBlock {
  readonly selfAttn: MultiHeadAttention;
  readonly ff: FeedForward | null; // null when attention-only
  readonly sublayer: Sublayer[]; // [attention's] or [attention's, FFN's]

  constructor(store: ParamStore, prefix: string, config: GptConfig) {
    const { dModel, heads, dropout } = config;
    this.selfAttn = new MultiHeadAttention(store, `${prefix}.self_attn`, {
      dModel,
      heads,
      dropout,
    });
    const attnOnly = config.attnOnly ?? false;
    this.ff = attnOnly ? null : new FeedForward(store, prefix, config);
    this.sublayer = [
      new Sublayer(store, `${prefix}.norm1`, { dModel, norm: "pre", dropout }),
      ...(attnOnly
        ? []
        : [new Sublayer(store, `${prefix}.norm2`, { dModel, norm: "pre", dropout })]),
    ];
  }

  /** x [B, T, d] -> [B, T, d]: position t sees positions 0..t only (Vaswani §3.2.3). */
  forward(x: Tensor, layer: number, ctx: RunContext): Tensor {
    const { run, trace, rotary } = ctx;
    const site = trace && { recorder: trace, site: "decoder" as const, layer };
    const edit = ctx.ablation?.editAt("decoder", layer, this.selfAttn.heads);
    x = this.sublayer[0].forward(
      x,
      (h) => this.selfAttn.selfAttention(h, { causal: true, rotary, run, trace: site, edit }),
      run,
    );
    return this.#feedForward(x, run);
  }

  /** The same block for n new positions x [B, n, d], keys and values of the past in `cache`. */
  forwardCached(x: Tensor, cache: KvCache, layer: number, ctx: RunContext): Tensor {
    const { run, trace, rotary } = ctx;
    const edit = ctx.ablation?.editAt("decoder", layer, this.selfAttn.heads);
    const call = { rotary, trace: trace && { recorder: trace, layer }, edit };
    x = this.sublayer[0].forward(
      x,
      (h) => cachedSelfAttention(this.selfAttn, h, cache, layer, call),
      run,
    );
    return this.#feedForward(x, run);
  }

  /** x + FFN(LN(x)) (§3.3); x itself in an attention-only block. */
  #feedForward(x: Tensor, run: DropoutRun): Tensor {
    const ff = this.ff;
    return ff ? this.sublayer[1].forward(x, (h) => ff.forward(h, run), run) : x;
  }
}

/** The decoder-only language model: `new Gpt(config, store)`. */
export class Gpt {
  readonly config: GptConfig;
  readonly tokEmbed: Embedding; // W_e [V, d]
  readonly posEmbed: Embedding | null; // W_p [max_len, d], learned positions only
  readonly blocks: GptBlock[];
  readonly norm: LayerNorm; // LN_f
  readonly lmHead: Linear | null; // [V, d] when untied
  readonly lmHeadBias: Tensor | null; // [V], a tied head's bias
  readonly inputDropout: Dropout;
  readonly #store: ParamStore;

  constructor(config: GptConfig, store: ParamStore) {
    const { dModel: d, vocab, maxLen, heads } = config;
    if (config.pe === "rope" && (d / heads) % 2 !== 0) {
      throw new Error(`expected an even head width for rope, got d / heads = ${d} / ${heads}`);
    }
    this.config = config;
    this.#store = store;
    this.tokEmbed = new Embedding(store, "tok_embed", { vocab, dim: d, init: GPT2_INIT });
    this.posEmbed = config.pe === "learned"
      ? new Embedding(store, "pos_embed", { vocab: maxLen, dim: d, init: GPT2_INIT })
      : null;
    this.blocks = Array.from(
      { length: config.layers },
      (_, i) => new GptBlock(store, `blocks.layers.${i}`, config),
    );
    this.norm = new LayerNorm(store, "norm", { dim: d });
    const bias = config.lmHeadBias;
    this.lmHead = config.tied ? null : new Linear(store, "lm_head", {
      inFeatures: d,
      outFeatures: vocab,
      bias,
      init: GPT2_INIT,
    });
    this.lmHeadBias = config.tied && bias
      ? store.param("lm_head.bias", [vocab], { kind: "zeros" })
      : null;
    this.inputDropout = new Dropout(config.dropout);
  }

  get params(): ReadonlyMap<string, Tensor> {
    return this.#store.params;
  }

  /** The unembedding matrix [V, d]: the token table when tied. */
  get unembedding(): Tensor {
    return this.lmHead?.weight ?? this.tokEmbed.weight;
  }

  /** Logits [B, T, V] of the next token after every position of ids [B, T] (training, views). */
  forward(ids: Tensor, options: ForwardOptions = {}): Tensor {
    const ctx = this.#context(options);
    let x = this.#embed(ids, 0, ctx); // 1) h_0 [B, T, d]
    this.blocks.forEach((block, i) => {
      x = block.forward(x, i, ctx); // 2) h_l [B, T, d]
      ctx.trace?.recordHidden("decoder", i, x);
    });
    const logits = this.#unembed(this.norm.forward(x)); // 3) LN_f, then W_e^T: [B, T, V]
    ctx.trace?.recordLogits(logits);
    return logits;
  }

  /** Logits [B, V] of the token after prefix [B, t], recomputing every position (no cache). */
  nextLogits(prefix: Tensor, options: ForwardOptions = {}): Tensor {
    const ctx = this.#context(options);
    let x = this.#embed(prefix, 0, ctx); // [B, t, d]
    this.blocks.forEach((block, i) => {
      x = block.forward(x, i, ctx); // [B, t, d]
      ctx.trace?.recordHidden("decoder", i, x);
    });
    return this.#lastLogits(x, ctx); // [B, V]
  }

  /**
   * Logits [..., V] the model gives for a residual-stream state h [..., d]: LN_f, then the
   * unembedding. On the last block's recorded hidden states this is forward's own output; on
   * an earlier block's it is that block's logit lens (nostalgebraist 2020).
   */
  readout(h: Tensor): Tensor {
    return this.#unembed(this.norm.forward(h)); // [..., V]
  }

  /** An empty KV cache for `batch` sequences of up to `maxLen` (default config.maxLen) tokens. */
  startCache(batch: number, maxLen = this.config.maxLen): KvCache {
    const { layers, heads, dModel } = this.config;
    const dk = dModel / heads;
    return new KvCache(this.tokEmbed.weight.backend, { layers, batch, heads, dk, maxLen });
  }

  /**
   * Logits [B, V] of the token after n new tokens ids [B, n] that follow the cache's
   * positions; their keys and values join the cache. A prompt goes in whole (n = its length),
   * then one token per step (n = 1): each step projects one position only.
   */
  extend(ids: Tensor, cache: KvCache, options: ForwardOptions = {}): Tensor {
    const ctx = this.#context(options);
    let x = this.#embed(ids, cache.length, ctx); // [B, n, d] at positions t..t+n
    this.blocks.forEach((block, i) => {
      x = block.forwardCached(x, cache, i, ctx); // [B, n, d]
      ctx.trace?.recordHidden("decoder", i, x);
    });
    cache.advance(ids.shape[1]);
    return this.#lastLogits(x, ctx); // [B, V]
  }

  /** Frees nothing: every tensor is a parameter owned by the store's owner. */
  dispose(): void {}

  #context(options: ForwardOptions): RunContext {
    return {
      run: new DropoutRun({ training: options.training, seed: options.seed }),
      trace: options.trace,
      rotary: this.config.pe === "rope",
      ablation: options.ablation,
    };
  }

  /** h_0 = W_e[ids] + W_p[start..start+T) (GPT-2: no sqrt(d) scaling), then dropout. */
  #embed(ids: Tensor, start: number, ctx: RunContext): Tensor {
    const t = ids.shape[1];
    if (ids.rank !== 2 || start + t > this.config.maxLen) {
      throw new Error(
        `expected token ids [B, T] reaching at most position ${this.config.maxLen}, got ${
          shapeText(ids.shape)
        } from position ${start}`,
      );
    }
    let x = this.tokEmbed.forward(ids); // [B, T, d]
    if (this.posEmbed) x = ops.add(x, ops.slice(this.posEmbed.weight, 0, start, t)); // + [T, d]
    ctx.trace?.recordInput("decoder", x);
    return this.inputDropout.forward(x, ctx.run); // [B, T, d]
  }

  /** The last position's logits [B, V] of the stack output x [B, t, d]. */
  #lastLogits(x: Tensor, ctx: RunContext): Tensor {
    const [b, t, d] = x.shape;
    const last = ops.reshape(ops.slice(x, 1, t - 1, 1), [b, d]); // [B, d]
    const logits = this.#unembed(this.norm.forward(last)); // [B, V]
    ctx.trace?.recordLogits(logits);
    return logits;
  }

  /** h W^T (+ b): [..., d] -> [..., V] through lm_head or the tied token table. */
  #unembed(h: Tensor): Tensor {
    if (this.lmHead) return this.lmHead.forward(h); // [..., V]
    return ops.linear(h, this.tokEmbed.weight, this.lmHeadBias ?? undefined); // [..., V]
  }
}
