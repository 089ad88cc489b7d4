/**
 * The Transformer encoder-decoder (Vaswani et al. 2017, "Attention Is All You
 * Need"), laid out exactly as torch.nn.Transformer(batch_first=True) so that
 * checkpoints load into PyTorch (docs/CONTRACT.md): parameter names
 * `transformer.encoder.layers.{i}.*`, `transformer.decoder.layers.{i}.*`,
 * the final stack norms `transformer.{encoder,decoder}.norm.*`, plus
 * `src_embed`, `tgt_embed`, `pos_embed` (learned only) and `generator`.
 *
 * Post-norm (the paper, §3.1): x = LayerNorm(x + Sublayer(x)).
 * Pre-norm (Xiong et al. 2020): x = x + Sublayer(LayerNorm(x)); easier to train fast.
 * Dropout sits where PyTorch puts it (§5.4): on the stack input after adding
 * PE, on the attention weights, after the FFN activation, and on every
 * sublayer output before its residual add. Without that dropout (inference, or rate 0) the
 * residual add rides in the sublayer's last matmul (W^O, linear2): one dispatch fewer each.
 *
 * Initialization: xavier uniform for every matrix and zeros for every bias,
 * as nn.Transformer._reset_parameters; LayerNorms start at gain 1, bias 0.
 * Token tables start at normal(0, d^-1/2): the stack input is
 * embedding * sqrt(d) (§3.4), which then has unit variance, like the
 * sinusoidal PE it is added to.
 */
import { ops } from "../engine/mod.ts";
import { shapeText, Tape, type Tensor } from "../engine/mod.ts";
import type { TransformerConfig } from "./config.ts";
import { Dropout, DropoutRun } from "./layers/dropout.ts";
import { Embedding } from "./layers/embedding.ts";
import { FeedForward } from "./layers/feed_forward.ts";
import { LayerNorm } from "./layers/layer_norm.ts";
import { Linear } from "./layers/linear.ts";
import type { ForwardOptions, Seq2Seq } from "./model.ts";
import type { SourceBatch } from "../data/batches.ts";
import {
  keyPaddingMask,
  MultiHeadAttention,
  type PackedMemory,
  type ProjectedMemory,
} from "./attention.ts";
import type { ParamStore } from "./weights/param_store.ts";
import { makePositions, type Positions } from "./layers/positional.ts";
import type { TraceRecorder } from "./trace.ts";

/** What a forward pass threads through the layers. */
interface RunContext {
  run: DropoutRun;
  trace?: TraceRecorder;
}

/**
 * What decoding keeps between steps: the encoder output and, per decoder
 * layer, the cross-attention keys, values and query projection (they depend
 * only on the source and the weights, so they are computed once).
 */
export interface TransformerState {
  memory: Tensor; // [B, S, d]
  /** Additive key padding mask of the source. */
  keyMask: Tensor; // [B, 1, S]
  /** Per decoder layer: cross-attention keys and values [B, h, S, dk]. */
  cross: ProjectedMemory[];
  /** Per decoder layer: W^Q, b^Q of its cross-attention (shared by all rows). */
  crossQuery: { weight: Tensor; bias: Tensor }[];
}

/** What a decoder layer attends to: the memory's keys and values and its padding mask. */
interface MemoryKeys {
  kv: ProjectedMemory | PackedMemory;
  keyMask: Tensor;
  query?: { weight: Tensor; bias: Tensor };
}

/**
 * residual + dropout(sublayer): the sublayer gets the residual to add inside its last matmul
 * when no dropout sits between them (`sublayer(residual)`), else the add is its own op.
 */
function residualAdd(
  residual: Tensor,
  dropout: Dropout,
  run: DropoutRun,
  sublayer: (residual?: Tensor) => Tensor,
): Tensor {
  if (!run.training || dropout.rate === 0) return sublayer(residual); // [B, T, d]
  return ops.add(residual, dropout.forward(sublayer(), run)); // [B, T, d]
}

/** One encoder layer: self-attention, then the position-wise FFN (§3.1). */
class EncoderLayer {
  readonly selfAttn: MultiHeadAttention;
  readonly ff: FeedForward;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly dropout: Dropout;
  readonly preNorm: boolean;

  constructor(store: ParamStore, prefix: string, config: TransformerConfig) {
    const { dModel, heads, dropout } = config;
    this.selfAttn = new MultiHeadAttention(store, `${prefix}.self_attn`, {
      dModel,
      heads,
      dropout,
    });
    this.ff = new FeedForward(store, prefix, { ...config, dropout });
    this.norm1 = new LayerNorm(store, `${prefix}.norm1`, { dim: dModel });
    this.norm2 = new LayerNorm(store, `${prefix}.norm2`, { dim: dModel });
    this.dropout = new Dropout(dropout);
    this.preNorm = config.norm === "pre";
  }

  forward(
    x: Tensor,
    keyMask: Tensor,
    ctx: RunContext & { rotary: boolean; layer: number },
  ): Tensor {
    const { run } = ctx;
    // x + dropout(sublayer(h)) for each sublayer.
    const attend = (h: Tensor, x: Tensor) =>
      residualAdd(x, this.dropout, run, (residual) => {
        const { output, weights } = this.selfAttn.selfAttention(h, {
          keyMask,
          rotary: ctx.rotary,
          run,
          residual,
        }); // [B, S, d]
        ctx.trace?.recordAttention("encoder", ctx.layer, weights); // [B, h, S, S]
        return output;
      });
    const feed = (h: Tensor, x: Tensor) =>
      residualAdd(x, this.dropout, run, (residual) => this.ff.forward(h, run, { residual }));
    if (this.preNorm) {
      x = attend(this.norm1.forward(x), x); // [B, S, d]
      x = feed(this.norm2.forward(x), x); // [B, S, d]
    } else {
      x = this.norm1.forward(attend(x, x)); // [B, S, d]
      x = this.norm2.forward(feed(x, x)); // [B, S, d]
    }
    return x;
  }
}

/** One decoder layer: masked self-attention, cross-attention over the memory, FFN (§3.1). */
class DecoderLayer {
  readonly selfAttn: MultiHeadAttention;
  readonly crossAttn: MultiHeadAttention;
  readonly ff: FeedForward;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly norm3: LayerNorm;
  readonly dropout: Dropout;
  readonly preNorm: boolean;

  constructor(store: ParamStore, prefix: string, config: TransformerConfig) {
    const { dModel, heads, dropout } = config;
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
    this.ff = new FeedForward(store, prefix, { ...config, dropout });
    this.norm1 = new LayerNorm(store, `${prefix}.norm1`, { dim: dModel });
    this.norm2 = new LayerNorm(store, `${prefix}.norm2`, { dim: dModel });
    this.norm3 = new LayerNorm(store, `${prefix}.norm3`, { dim: dModel });
    this.dropout = new Dropout(dropout);
    this.preNorm = config.norm === "pre";
  }

  forward(
    y: Tensor,
    memory: MemoryKeys,
    ctx: RunContext & { rotary: boolean; layer: number },
  ): Tensor {
    const { run } = ctx;
    // y + dropout(sublayer(h)) for each sublayer.
    const attendSelf = (h: Tensor, y: Tensor) =>
      residualAdd(y, this.dropout, run, (residual) => {
        // Causal: position t sees targets 0..t only, as at generation time (§3.2.3).
        const { output, weights } = this.selfAttn.selfAttention(h, {
          causal: true,
          rotary: ctx.rotary,
          run,
          residual,
        }); // [B, T, d]
        ctx.trace?.recordAttention("decoder", ctx.layer, weights); // [B, h, T, T]
        return output;
      });
    const attendSource = (h: Tensor, y: Tensor) =>
      residualAdd(y, this.dropout, run, (residual) => {
        const { output, weights } = this.crossAttn.crossAttention(h, memory.kv, {
          keyMask: memory.keyMask,
          query: memory.query,
          run,
          residual,
        }); // [B, T, d]
        ctx.trace?.recordAttention("cross", ctx.layer, weights); // [B, h, T, S]
        return output;
      });
    const feed = (h: Tensor, y: Tensor) =>
      residualAdd(y, this.dropout, run, (residual) => this.ff.forward(h, run, { residual }));
    if (this.preNorm) {
      y = attendSelf(this.norm1.forward(y), y); // [B, T, d]
      y = attendSource(this.norm2.forward(y), y); // [B, T, d]
      y = feed(this.norm3.forward(y), y); // [B, T, d]
    } else {
      y = this.norm1.forward(attendSelf(y, y)); // [B, T, d]
      y = this.norm2.forward(attendSource(y, y)); // [B, T, d]
      y = this.norm3.forward(feed(y, y)); // [B, T, d]
    }
    return y;
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
    const ctx: RunContext = {
      run: new DropoutRun({ training: options.training, seed: options.seed }),
      trace: options.trace,
    };
    const keyMask = this.#keyMask(batch); // [B, 1, S]
    const memory = this.#encode(batch.src, keyMask, ctx); // [B, S, d]
    // Training reads each layer's keys and values in place from one packed projection.
    const packed = Tape.current !== null;
    const y = this.#decode(batch.tgtIn, (layer) => {
      const attn = this.decoderLayers[layer].crossAttn;
      return {
        // [B, S, 2d], or [B, h, S, dk] twice
        kv: packed ? attn.projectMemoryPacked(memory) : attn.projectMemory(memory),
        keyMask,
      };
    }, ctx); // [B, T, d]
    return this.generator.forward(y); // [B, T, Vt]
  }

  /** The encoder output (memory) [B, S, d], after the final encoder norm. */
  encode(batch: SourceBatch, options: ForwardOptions = {}): Tensor {
    const ctx: RunContext = {
      run: new DropoutRun({ training: options.training, seed: options.seed }),
      trace: options.trace,
    };
    return this.#encode(batch.src, this.#keyMask(batch), ctx); // [B, S, d]
  }

  startDecoding(batch: SourceBatch): TransformerState {
    const ctx: RunContext = { run: new DropoutRun() };
    const keyMask = this.#keyMask(batch); // [B, 1, S]
    const memory = this.#encode(batch.src, keyMask, ctx); // [B, S, d]
    return {
      memory,
      keyMask,
      cross: this.decoderLayers.map((l) => l.crossAttn.projectMemory(memory)), // [B, h, S, dk] x2
      crossQuery: this.decoderLayers.map((l) => l.crossAttn.queryProjection()), // [d, d], [d]
    };
  }

  /** Runs the decoder on the whole prefix [B, t+1] (causal) and returns the last logits [B, Vt]. */
  decodeStep(state: TransformerState, prefix: Tensor): Tensor {
    const ctx: RunContext = { run: new DropoutRun() };
    const y = this.#decode(prefix, (layer) => ({
      kv: state.cross[layer],
      keyMask: state.keyMask,
      query: state.crossQuery[layer],
    }), ctx); // [B, t+1, d]
    const [b, t] = prefix.shape;
    const last = ops.slice(y, 1, t - 1, 1); // [B, 1, d]
    return ops.reshape(this.generator.forward(last), [b, this.config.tgtVocab]); // [B, Vt]
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
      crossQuery: state.crossQuery,
    };
  }

  /** Frees the constant positional table (parameters belong to the store's owner). */
  dispose(): void {
    this.positions.dispose();
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
  #embed(ids: Tensor, table: Embedding, run: DropoutRun): Tensor {
    const x = ops.scale(table.forward(ids), Math.sqrt(this.config.dModel)); // [B, T, d]
    return this.inputDropout.forward(this.positions.add(x), run); // [B, T, d]
  }

  #encode(src: Tensor, keyMask: Tensor, ctx: RunContext): Tensor {
    const rotary = this.positions.rotary;
    let x = this.#embed(src, this.srcEmbed, ctx.run); // [B, S, d]
    this.encoderLayers.forEach((layer, i) => {
      x = layer.forward(x, keyMask, { ...ctx, rotary, layer: i }); // [B, S, d]
      ctx.trace?.recordHidden("encoder", i, x);
    });
    return this.encoderNorm.forward(x); // [B, S, d]
  }

  #decode(tgtIn: Tensor, memoryOf: (layer: number) => MemoryKeys, ctx: RunContext): Tensor {
    if (tgtIn.rank !== 2) {
      throw new Error(`expected target ids [B, T], got ${shapeText(tgtIn.shape)}`);
    }
    const rotary = this.positions.rotary;
    let y = this.#embed(tgtIn, this.tgtEmbed, ctx.run); // [B, T, d]
    this.decoderLayers.forEach((layer, i) => {
      y = layer.forward(y, memoryOf(i), { ...ctx, rotary, layer: i }); // [B, T, d]
      ctx.trace?.recordHidden("decoder", i, y);
    });
    return this.decoderNorm.forward(y); // [B, T, d]
  }
}
