/**
 * The Transformer encoder-decoder (Vaswani et al. 2017, "Attention Is All You Need"), laid out
 * exactly as torch.nn.Transformer(batch_first=True) so that checkpoints load into PyTorch
 * (docs/CONTRACT.md): parameter names `transformer.encoder.layers.{i}.*`,
 * `transformer.decoder.layers.{i}.*`, the final stack norms `transformer.{encoder,decoder}.norm.*`,
 * plus `src_embed`, `tgt_embed`, `pos_embed` (learned positions only) and `generator`.
 *
 * Each sublayer sits in a residual connection with a LayerNorm (models/sublayer.ts): post-norm
 * as in the paper, or pre-norm (Xiong et al. 2020), nn.Transformer's norm_first. Dropout sits
 * where PyTorch puts it (§5.4): on the stack input after adding positions, on the attention
 * weights, after the FFN activation, and on every sublayer output before its residual add.
 *
 * Initialization: xavier uniform for every matrix and zeros for every bias, as
 * nn.Transformer._reset_parameters; LayerNorms start at gain 1, bias 0. Token tables start at
 * normal(0, d^-1/2): the stack input is embedding * sqrt(d) (§3.4), which then has unit
 * variance, like the sinusoidal positions it is added to.
 */
import { ops, shapeText, type Tensor } from "../engine/mod.ts";
import type { SourceBatch } from "../data/batches.ts";
import type { TransformerConfig } from "./config.ts";
import { keyPaddingMask, type MemoryKeys, MultiHeadAttention } from "./attention.ts";
import { Dropout, DropoutRun } from "./layers/dropout.ts";
import { Embedding } from "./layers/embedding.ts";
import { FeedForward } from "./layers/feed_forward.ts";
import { LayerNorm } from "./layers/layer_norm.ts";
import { Linear } from "./layers/linear.ts";
import { makePositions, type Positions } from "./layers/positional.ts";
import type { ForwardOptions, Seq2Seq } from "./model.ts";
import { Sublayer } from "./sublayer.ts";
import type { ParamStore } from "./weights/param_store.ts";
import type { TraceRecorder } from "./trace.ts";
import type { HeadAblation } from "./intervention.ts";

/** What a forward pass threads through the layers. */
interface RunContext {
  run: DropoutRun;
  trace?: TraceRecorder;
  /** Rotate queries and keys by position (RoPE) in self-attention. */
  rotary: boolean;
  /** Heads switched off (analysis only). */
  ablation?: HeadAblation;
}

/**
 * What decoding keeps between steps: the source's key padding mask and, per decoder layer, the
 * cross-attention keys and values of the encoder output (they depend only on the source and
 * the weights, so they are computed once).
 */
export interface TransformerState {
  memory: Tensor; // [B, S, d]
  keyMask: Tensor; // [B, 1, S]
  cross: MemoryKeys[]; // per decoder layer: [B, h, S, dk] twice
}

/** One encoder layer (§3.1): self-attention, then the position-wise FFN. */
class EncoderLayer {
  readonly selfAttn: MultiHeadAttention;
  readonly ff: FeedForward;
  readonly sublayer: [Sublayer, Sublayer];

  constructor(store: ParamStore, prefix: string, config: TransformerConfig) {
    const { dModel, heads, dropout, norm } = config;
    this.selfAttn = new MultiHeadAttention(store, `${prefix}.self_attn`, {
      dModel,
      heads,
      dropout,
    });
    this.ff = new FeedForward(store, prefix, config);
    this.sublayer = [
      new Sublayer(store, `${prefix}.norm1`, { dModel, norm, dropout }),
      new Sublayer(store, `${prefix}.norm2`, { dModel, norm, dropout }),
    ];
  }

  /** x [B, S, d] -> [B, S, d]; keyMask hides the source's padding. */
  forward(x: Tensor, keyMask: Tensor, layer: number, ctx: RunContext): Tensor {
    const { run, trace, rotary } = ctx;
    const site = trace && { recorder: trace, site: "encoder" as const, layer };
    const edit = ctx.ablation?.editAt("encoder", layer, this.selfAttn.heads);
    x = this.sublayer[0].forward(
      x,
      (h) => this.selfAttn.selfAttention(h, { keyMask, rotary, run, trace: site, edit }), // §3.2.3
      run,
    );
    return this.sublayer[1].forward(x, (h) => this.ff.forward(h, run), run); // §3.3
  }
}

/** One decoder layer (§3.1): masked self-attention, cross-attention over the memory, FFN. */
class DecoderLayer {
  readonly selfAttn: MultiHeadAttention;
  readonly crossAttn: MultiHeadAttention;
  readonly ff: FeedForward;
  readonly sublayer: [Sublayer, Sublayer, Sublayer];

  constructor(store: ParamStore, prefix: string, config: TransformerConfig) {
    const { dModel, heads, dropout, norm } = config;
    this.selfAttn = new MultiHeadAttention(store, `${prefix}.self_attn`, {
      dModel,
      heads,
      dropout,
    });
    this.crossAttn = new MultiHeadAttention(store, `${prefix}.multihead_attn`, {
      dModel,
      heads,
      dropout,
    });
    this.ff = new FeedForward(store, prefix, config);
    this.sublayer = [
      new Sublayer(store, `${prefix}.norm1`, { dModel, norm, dropout }),
      new Sublayer(store, `${prefix}.norm2`, { dModel, norm, dropout }),
      new Sublayer(store, `${prefix}.norm3`, { dModel, norm, dropout }),
    ];
  }

  get heads(): number {
    return this.selfAttn.heads;
  }

  /**
   * y [B, T, d] -> [B, T, d] given the memory's keys and values. Causal: position t sees
   * targets 0..t only, as at generation time (§3.2.3).
   */
  forward(y: Tensor, memory: MemoryKeys, keyMask: Tensor, layer: number, ctx: RunContext): Tensor {
    const { run, trace, rotary } = ctx;
    const at = (site: "decoder" | "cross") => trace && { recorder: trace, site, layer };
    const edit = (site: "decoder" | "cross") => ctx.ablation?.editAt(site, layer, this.heads);
    y = this.sublayer[0].forward(
      y,
      (h) =>
        this.selfAttn.selfAttention(h, {
          causal: true,
          rotary,
          run,
          trace: at("decoder"),
          edit: edit("decoder"),
        }),
      run,
    );
    y = this.sublayer[1].forward(
      y,
      (h) =>
        this.crossAttn.crossAttention(h, memory, {
          keyMask,
          run,
          trace: at("cross"),
          edit: edit("cross"),
        }),
      run,
    );
    return this.sublayer[2].forward(y, (h) => this.ff.forward(h, run), run);
  }
}

/** The Transformer Seq2Seq model: `new Transformer(config, store)`. */
export class Transformer implements Seq2Seq<TransformerState> {
  readonly config: TransformerConfig;
  readonly srcEmbed: Embedding; // [Vs, d]
  readonly tgtEmbed: Embedding; // [Vt, d]
  readonly positions: Positions;
  readonly encoderLayers: EncoderLayer[];
  readonly encoderNorm: LayerNorm;
  readonly decoderLayers: DecoderLayer[];
  readonly decoderNorm: LayerNorm;
  readonly generator: Linear; // [Vt, d]
  readonly inputDropout: Dropout;
  readonly #store: ParamStore;

  constructor(config: TransformerConfig, store: ParamStore) {
    const { dModel: d, srcVocab, tgtVocab, maxLen } = config;
    if (config.pe === "rope" && (d / config.heads) % 2 !== 0) {
      throw new Error(
        `expected an even head width for rope, got d / heads = ${d} / ${config.heads}`,
      );
    }
    this.config = config;
    this.#store = store;
    const embedInit = { kind: "normal", std: 1 / Math.sqrt(d) } as const;
    this.srcEmbed = new Embedding(store, "src_embed", { vocab: srcVocab, dim: d, init: embedInit });
    this.tgtEmbed = new Embedding(store, "tgt_embed", { vocab: tgtVocab, dim: d, init: embedInit });
    this.positions = makePositions(config.pe, store, { maxLen, dModel: d });
    this.encoderLayers = Array.from(
      { length: config.encoderLayers },
      (_, i) => new EncoderLayer(store, `transformer.encoder.layers.${i}`, config),
    );
    this.encoderNorm = new LayerNorm(store, "transformer.encoder.norm", { dim: d });
    this.decoderLayers = Array.from(
      { length: config.decoderLayers },
      (_, i) => new DecoderLayer(store, `transformer.decoder.layers.${i}`, config),
    );
    this.decoderNorm = new LayerNorm(store, "transformer.decoder.norm", { dim: d });
    this.generator = new Linear(store, "generator", { inFeatures: d, outFeatures: tgtVocab });
    this.inputDropout = new Dropout(config.dropout);
  }

  get params(): ReadonlyMap<string, Tensor> {
    return this.#store.params;
  }

  /** Teacher-forced logits [B, T, Vt] for every target position. */
  forward(batch: SourceBatch & { tgtIn: Tensor }, options: ForwardOptions = {}): Tensor {
    const ctx = this.#context(options);
    const keyMask = this.#keyMask(batch); // [B, 1, S]
    const memory = this.#encode(batch.src, keyMask, ctx); // [B, S, d]
    const cross = this.decoderLayers.map((l) => l.crossAttn.projectMemory(memory)); // K, V
    const y = this.#decode(batch.tgtIn, cross, keyMask, ctx); // [B, T, d]
    return this.generator.forward(y); // [B, T, Vt]
  }

  /** The encoder output (memory) [B, S, d], after the final encoder norm. */
  encode(batch: SourceBatch, options: ForwardOptions = {}): Tensor {
    return this.#encode(batch.src, this.#keyMask(batch), this.#context(options)); // [B, S, d]
  }

  startDecoding(batch: SourceBatch): TransformerState {
    const keyMask = this.#keyMask(batch); // [B, 1, S]
    const memory = this.#encode(batch.src, keyMask, this.#context({})); // [B, S, d]
    const cross = this.decoderLayers.map((l) => l.crossAttn.projectMemory(memory)); // K, V
    return { memory, keyMask, cross };
  }

  /** Runs the decoder on the whole prefix [B, t+1] (causal) and returns the last logits [B, Vt]. */
  decodeStep(state: TransformerState, prefix: Tensor): Tensor {
    const y = this.#decode(prefix, state.cross, state.keyMask, this.#context({})); // [B, t+1, d]
    const [b, t] = prefix.shape;
    const last = ops.reshape(ops.slice(y, 1, t - 1, 1), [b, this.config.dModel]); // [B, d]
    return this.generator.forward(last); // [B, Vt]
  }

  /**
   * Logits [..., Vt] the generator gives for a decoder residual-stream state h [..., d]: the
   * final decoder norm, then the generator. On the last layer's recorded hidden states this is
   * forward's own output; on an earlier layer's it is that layer's logit lens
   * (nostalgebraist 2020, "interpreting GPT: the logit lens").
   */
  readout(h: Tensor): Tensor {
    return this.generator.forward(this.decoderNorm.forward(h)); // [..., Vt]
  }

  /** The state of batch rows `rows` ([B'] float32 ids), gathered as table rows. */
  selectRows(state: TransformerState, rows: Tensor): TransformerState {
    const gather = (t: Tensor) => {
      const [b, ...rest] = t.shape;
      const flat = ops.reshape(t, [b, t.size / b]); // [B, rest]
      return ops.reshape(ops.embedding(flat, rows), [rows.size, ...rest]); // [B', ...rest]
    };
    return {
      memory: gather(state.memory),
      keyMask: gather(state.keyMask),
      cross: state.cross.map(({ k, v }) => ({ k: gather(k), v: gather(v) })),
    };
  }

  /** Frees the constant positional table (parameters belong to the store's owner). */
  dispose(): void {
    this.positions.dispose();
  }

  #context(options: ForwardOptions): RunContext {
    return {
      run: new DropoutRun({ training: options.training, seed: options.seed }),
      trace: options.trace,
      rotary: this.positions.rotary,
      ablation: options.ablation,
    };
  }

  #keyMask(batch: SourceBatch): Tensor {
    const [b, s] = batch.src.shape;
    if (batch.src.rank !== 2 || batch.srcLengths.length !== b) {
      throw new Error(
        `expected src [B, S] with B source lengths, got src ${
          shapeText(batch.src.shape)
        } and ${batch.srcLengths.length} lengths`,
      );
    }
    return keyPaddingMask(batch.src.backend, batch.srcLengths, s); // [B, 1, S]
  }

  /** Stack input (§3.4): embedding * sqrt(d) + PE, then dropout. */
  #embed(ids: Tensor, where: "encoder" | "decoder", ctx: RunContext): Tensor {
    const table = where === "encoder" ? this.srcEmbed : this.tgtEmbed;
    const x = ops.scale(table.forward(ids), Math.sqrt(this.config.dModel)); // [B, T, d]
    const input = this.positions.add(x); // [B, T, d]
    ctx.trace?.recordInput(where, input);
    return this.inputDropout.forward(input, ctx.run); // [B, T, d]
  }

  #encode(src: Tensor, keyMask: Tensor, ctx: RunContext): Tensor {
    let x = this.#embed(src, "encoder", ctx); // [B, S, d]
    this.encoderLayers.forEach((layer, i) => {
      x = layer.forward(x, keyMask, i, ctx); // [B, S, d]
      ctx.trace?.recordHidden("encoder", i, x);
    });
    return this.encoderNorm.forward(x); // [B, S, d]
  }

  #decode(tgtIn: Tensor, cross: MemoryKeys[], keyMask: Tensor, ctx: RunContext): Tensor {
    if (tgtIn.rank !== 2) {
      throw new Error(`expected target ids [B, T], got ${shapeText(tgtIn.shape)}`);
    }
    let y = this.#embed(tgtIn, "decoder", ctx); // [B, T, d]
    this.decoderLayers.forEach((layer, i) => {
      y = layer.forward(y, cross[i], keyMask, i, ctx); // [B, T, d]
      ctx.trace?.recordHidden("decoder", i, y);
    });
    return this.decoderNorm.forward(y); // [B, T, d]
  }
}
