/**
 * The RNN encoder-decoder (Sutskever et al. 2014; Cho et al. 2014) with the
 * three attentions the learners compare: none (the decoder sees the source
 * only through the encoder's final state), Bahdanau et al. 2014 (additive,
 * scored with the previous decoder state, context fed into the decoder) and
 * Luong et al. 2015 (dot / general, scored with the current state, context
 * combined after the step). Names, shapes and equations follow docs/CONTRACT.md's
 * "RNN Seq2Seq" exactly, so an exported checkpoint loads into torch.nn.GRU /
 * torch.nn.LSTM and nn.Linear modules and computes the same logits.
 *
 * Initialization follows PyTorch's defaults: embeddings N(0, 1) (nn.Embedding);
 * RNN weights and biases U(-1/sqrt(H), 1/sqrt(H)) (nn.GRU / nn.LSTM); attention
 * and generator weights U(-1/sqrt(in), 1/sqrt(in)) (nn.Linear); the generator
 * bias starts at zero (nn.Linear would draw it from the same uniform; zero keeps
 * the first logits unbiased and changes nothing else).
 */
import { ops } from "../engine/mod.ts";
import { shapeText, Tensor } from "../engine/mod.ts";
import type { RnnConfig } from "./config.ts";
import { Dropout, DropoutRun } from "./layers/dropout.ts";
import { Embedding } from "./layers/embedding.ts";
import { Gru } from "./gru.ts";
import { Linear } from "./layers/linear.ts";
import { Lstm } from "./lstm.ts";
import type { ForwardOptions, Seq2Seq } from "./model.ts";
import type { SourceBatch } from "../data/batches.ts";
import type { ParamStore } from "./weights/param_store.ts";
import {
  joinSteps,
  type LayerState,
  type RecurrentStack,
  runSequence,
  stepLayers,
} from "./recurrent.ts";
import { type AttentionMemory, BahdanauAttention, LuongAttention } from "./rnn_attention.ts";
import type { TraceRecorder } from "./trace.ts";
import type { HeadEdit } from "./intervention.ts";

/**
 * Everything decoding needs between steps. `decodeStep` replaces `hidden`
 * with fresh tensors (it never writes into existing storages), so a state
 * obtained from `selectRows` stays valid. The new tensors belong to the
 * caller's tidy scope: keep the state inside the scope that decodes.
 */
export interface RnnState {
  /** The encoder's top-layer outputs h_j [B, S, H]. */
  encoderOutputs: Tensor;
  /** Precomputed attention keys [B, S, H] (U h_j + b, W_a h_j or h_j); null without attention. */
  keys: Tensor | null;
  /** Additive source padding mask [B, 1, S]: 0 on real positions, -Infinity on padding. */
  mask: Tensor;
  /** The decoder's state per layer, [B, H] each (LSTM: h and c). */
  hidden: LayerState[];
}

/** Throws unless the config describes an RNN Seq2Seq this class can build. */
function checkConfig(config: RnnConfig): void {
  if (config.arch !== "gru" && config.arch !== "lstm") {
    throw new Error(`rnn seq2seq: expected arch "gru" or "lstm", got "${config.arch}"`);
  }
  const kinds = ["none", "bahdanau", "luong-dot", "luong-general"];
  if (!kinds.includes(config.attention)) {
    throw new Error(
      `rnn seq2seq: expected attention ${kinds.join(", ")}, got "${config.attention}"`,
    );
  }
  for (const key of ["srcVocab", "tgtVocab", "embed", "hidden", "layers"] as const) {
    const v = config[key];
    if (!Number.isInteger(v) || v < 1) {
      throw new Error(`rnn seq2seq: expected ${key} to be a positive integer, got ${v}`);
    }
  }
}

/** A GRU or LSTM encoder-decoder with attention none | bahdanau | luong-dot | luong-general. */
export class RnnSeq2Seq implements Seq2Seq<RnnState> {
  readonly config: RnnConfig;
  readonly params: ReadonlyMap<string, Tensor>;
  readonly #srcEmbed: Embedding;
  readonly #tgtEmbed: Embedding;
  readonly #encoder: RecurrentStack;
  readonly #decoder: RecurrentStack;
  readonly #attention: BahdanauAttention | LuongAttention | null;
  readonly #generator: Linear;
  readonly #dropout: Dropout;

  constructor(config: RnnConfig, store: ParamStore) {
    checkConfig(config);
    this.config = config;
    const { srcVocab, tgtVocab, embed: E, hidden: H, layers: L, attention } = config;
    // Embeddings are not scaled by sqrt(E) (unlike the Transformer's).
    this.#srcEmbed = new Embedding(store, "src_embed", { vocab: srcVocab, dim: E });
    this.#tgtEmbed = new Embedding(store, "tgt_embed", { vocab: tgtVocab, dim: E });
    const Stack = config.arch === "gru" ? Gru : Lstm;
    this.#encoder = new Stack(store, "encoder", { inputSize: E, hidden: H, layers: L });
    // Bahdanau feeds the context into the decoder: its input is [embed(y_{t-1}); c_t].
    const decoderInput = attention === "bahdanau" ? E + H : E;
    this.#decoder = new Stack(store, "decoder", { inputSize: decoderInput, hidden: H, layers: L });
    this.#attention = attention === "bahdanau"
      ? new BahdanauAttention(store, { hidden: H })
      : attention === "luong-dot" || attention === "luong-general"
      ? new LuongAttention(store, {
        hidden: H,
        score: attention === "luong-dot" ? "dot" : "general",
      })
      : null;
    // Bahdanau predicts from [s_t; c_t] (2H), Luong from h~_t (H), none from s_t (H).
    const generatorInput = attention === "bahdanau" ? 2 * H : H;
    this.#generator = new Linear(store, "generator", {
      inFeatures: generatorInput,
      outFeatures: tgtVocab,
      init: { kind: "uniform", bound: 1 / Math.sqrt(generatorInput) },
    });
    this.#dropout = new Dropout(config.dropout);
    this.params = new Map(store.params);
  }

  /** Teacher-forced logits [B, T, Vt]: decoder inputs tgtIn = <bos> + tokens. */
  forward(batch: SourceBatch & { tgtIn: Tensor }, options: ForwardOptions = {}): Tensor {
    const run = new DropoutRun(options);
    const state = this.#encode(batch, run, options.trace);
    const tgtIn = batch.tgtIn; // [B, T]
    if (tgtIn.rank !== 2 || tgtIn.shape[0] !== batch.src.shape[0]) {
      throw new Error(
        `rnn seq2seq: expected tgtIn [${batch.src.shape[0]}, T], got ${shapeText(tgtIn.shape)}`,
      );
    }
    const embedded = this.#dropout.forward(this.#tgtEmbed.forward(tgtIn), run); // [B, T, E]
    // An ablation of the attention (site "alignment", its one head) edits the context c_t.
    const edit = options.ablation?.editAt("alignment", 0, 1);
    return this.#decode(state, embedded, run, options.trace, edit).logits; // [B, T, Vt]
  }

  startDecoding(batch: SourceBatch): RnnState {
    return this.#encode(batch, new DropoutRun(), undefined);
  }

  decodeStep(state: RnnState, prefix: Tensor): Tensor {
    const B = state.encoderOutputs.shape[0];
    if (prefix.rank !== 2 || prefix.shape[0] !== B || prefix.shape[1] < 1) {
      throw new Error(
        `rnn seq2seq: expected a prefix [${B}, t + 1], got ${shapeText(prefix.shape)}`,
      );
    }
    // The hidden state already summarizes the prefix: only its last token is new.
    const last = ops.slice(prefix, 1, prefix.shape[1] - 1, 1); // [B, 1]
    const embedded = this.#tgtEmbed.forward(last); // [B, 1, E]
    const { logits, hidden } = this.#decode(state, embedded, new DropoutRun(), undefined);
    state.hidden = hidden;
    return ops.reshape(logits, [B, this.config.tgtVocab]); // [B, Vt]
  }

  selectRows(state: RnnState, rows: Tensor): RnnState {
    // Gather batch rows with the embedding lookup: row b of x viewed as [B, rest].
    const gather = (x: Tensor): Tensor => {
      const [B, ...rest] = x.shape;
      const picked = ops.embedding(ops.reshape(x, [B, x.size / B]), rows); // [B', rest]
      return ops.reshape(picked, [rows.size, ...rest]);
    };
    const encoderOutputs = gather(state.encoderOutputs); // [B', S, H]
    const keys = state.keys === null
      ? null
      : state.keys === state.encoderOutputs
      ? encoderOutputs
      : gather(state.keys); // [B', S, H]
    return {
      encoderOutputs,
      keys,
      mask: gather(state.mask), // [B', 1, S]
      hidden: state.hidden.map((
        l,
      ) => (l.c ? { h: gather(l.h), c: gather(l.c) } : { h: gather(l.h) })),
    };
  }

  /**
   * Runs the encoder over the source. Padded steps keep each row's previous
   * state, so `hidden` holds every row's state after its own <eos>; the
   * decoder starts from it (every layer; LSTM both h and c).
   */
  #encode(batch: SourceBatch, run: DropoutRun, trace: TraceRecorder | undefined): RnnState {
    const { src, srcLengths } = batch;
    if (src.rank !== 2) {
      throw new Error(`rnn seq2seq: expected src ids [B, S], got ${shapeText(src.shape)}`);
    }
    const [B, S] = src.shape;
    if (srcLengths.length !== B || srcLengths.some((n) => !Number.isInteger(n) || n < 1 || n > S)) {
      throw new Error(
        `rnn seq2seq: expected ${B} source lengths in 1..${S}, got [${srcLengths.join(", ")}]`,
      );
    }
    const input = this.#srcEmbed.forward(src); // [B, S, E]
    trace?.recordInput("encoder", input);
    const embedded = this.#dropout.forward(input, run); // [B, S, E]
    const { outputs, final } = runSequence(this.#encoder, embedded, {
      lengths: srcLengths, // right padding: each row's final state is after its last real token
      between: (x) => this.#dropout.forward(x, run),
    });
    outputs.forEach((values, layer) => trace?.recordHidden("encoder", layer, values)); // [B, S, H]
    const encoderOutputs = outputs[outputs.length - 1]; // [B, S, H]
    const additive = new Float32Array(B * S);
    srcLengths.forEach((len, b) => additive.fill(-Infinity, b * S + len, (b + 1) * S));
    return {
      encoderOutputs,
      keys: this.#attention?.keys(encoderOutputs) ?? null,
      mask: Tensor.from(src.backend, additive, [B, 1, S]),
      hidden: final,
    };
  }

  /**
   * Decodes the embedded inputs [B, T, E] from the state's hidden: logits
   * [B, T, Vt] and the new hidden. Serves teacher forcing (T steps) and
   * decodeStep (T = 1) with the same code.
   */
  #decode(
    state: RnnState,
    embedded: Tensor,
    run: DropoutRun,
    trace: TraceRecorder | undefined,
    edit?: HeadEdit,
  ): { logits: Tensor; hidden: LayerState[] } {
    const attention = this.#attention;
    if (attention instanceof BahdanauAttention) {
      return this.#decodeBahdanau(state, embedded, run, trace, edit);
    }
    // Without attention, and with Luong's (which reads s_t after the step), the
    // decoder's input is the embedding alone: run it layer by layer like the encoder.
    const { outputs, final } = runSequence(this.#decoder, embedded, {
      initial: state.hidden,
      between: (x) => this.#dropout.forward(x, run),
    });
    outputs.forEach((values, layer) => trace?.recordHidden("decoder", layer, values)); // [B, T, H]
    const top = outputs[outputs.length - 1]; // s_t [B, T, H]
    if (!attention) return { logits: this.readout(top), hidden: final }; // [B, T, Vt]
    const memory = this.#memory(state);
    const { weights, context } = attention.attend(top, memory); // [B, T, S], [B, T, H]
    this.#recordAlignment(trace, weights);
    trace?.recordHeadOutputs("alignment", 0, context); // the attention's one "head": c_t
    const c = edit ? edit(context) : context; // c_t [B, T, H]
    return { logits: this.readout(top, c), hidden: final }; // [B, T, Vt]
  }

  /** Bahdanau: step by step, since each step's input needs c_t, scored with s_{t-1}. */
  #decodeBahdanau(
    state: RnnState,
    embedded: Tensor,
    run: DropoutRun,
    trace: TraceRecorder | undefined,
    edit?: HeadEdit,
  ): { logits: Tensor; hidden: LayerState[] } {
    const attention = this.#attention as BahdanauAttention;
    const decoder = this.#decoder;
    const [B, T, E] = embedded.shape;
    const H = this.config.hidden;
    const L = decoder.layers;
    const gatesH = decoder.gates * H;
    const memory = this.#memory(state);
    // W_ih [y; c] + b_ih = (W_ih[:, :E] y + b_ih) + W_ih[:, E:] c: the embedding
    // half is projected for all T steps in one matmul; only c_t's half runs per step.
    const layer0 = decoder.params[0];
    const [wEmbed, wContext] = ops.split(layer0.weightIh, 1, [E, H]); // [G*H, E], [G*H, H]
    const embedProjected = ops.linear(embedded, wEmbed, layer0.biasIh); // [B, T, G*H]
    let hidden = state.hidden;
    const statesPerLayer: Tensor[][] = Array.from({ length: L }, () => []); // [B, 1, H] pieces
    const contexts: Tensor[] = []; // [B, 1, H] pieces
    const weights: Tensor[] = []; // [B, 1, S] pieces
    for (let t = 0; t < T; t++) {
      const previous = hidden[L - 1].h; // s_{t-1} [B, H]
      const alignment = attention.attend(previous, memory); // [B, 1, S], [B, 1, H]
      const c = edit ? edit(alignment.context) : alignment.context; // [B, 1, H]
      const context = ops.reshape(c, [B, H]); // c_t [B, H]
      const embedPart = ops.reshape(ops.slice(embedProjected, 1, t, 1), [B, gatesH]); // [B, G*H]
      const xp = ops.add(embedPart, ops.linear(context, wContext)); // [B, G*H]
      hidden = stepLayers(decoder, xp, hidden, { between: (x) => this.#dropout.forward(x, run) });
      hidden.forEach((l, layer) => statesPerLayer[layer].push(ops.reshape(l.h, [B, 1, H])));
      contexts.push(c);
      weights.push(alignment.weights);
    }
    const layerOutputs = statesPerLayer.map(joinSteps); // [B, T, H] per layer
    layerOutputs.forEach((values, layer) => trace?.recordHidden("decoder", layer, values));
    if (trace) this.#recordAlignment(trace, joinSteps(weights)); // [B, T, S]
    if (trace?.headOutputs) trace.recordHeadOutputs("alignment", 0, joinSteps(contexts));
    const logits = this.readout(layerOutputs[L - 1], joinSteps(contexts)); // [B, T, Vt]
    return { logits, hidden };
  }

  /**
   * Logits [..., Vt] of decoder states s [..., H] through the model's output path, with the
   * context c_t [..., H] the run attended to (none without attention): generator(s) (none),
   * generator([s; c]) (Bahdanau eq. 4: g(y, s_t, c_t)), generator(tanh(W_c [c; s])) (Luong
   * eq. 5). On the top layer's states this is the model's own output; on a lower layer's, with
   * the same c_t, it is that layer's logit lens (nostalgebraist 2020).
   */
  readout(states: Tensor, context: Tensor | null = null): Tensor {
    const attention = this.#attention;
    if (!attention) return this.#generator.forward(states); // [..., Vt]
    if (!context) {
      throw new Error(
        `rnn seq2seq: expected the context c_t [..., ${this.config.hidden}] with ${this.config.attention} attention, got none`,
      );
    }
    if (attention instanceof BahdanauAttention) {
      return this.#generator.forward(ops.concat([states, context], -1)); // [s; c] [..., 2H] -> [..., Vt]
    }
    return this.#generator.forward(attention.attentional(context, states)); // h~ [..., H] -> [..., Vt]
  }

  #memory(state: RnnState): AttentionMemory {
    if (!state.keys) throw new Error(`rnn seq2seq: this state has no attention keys`);
    return { values: state.encoderOutputs, keys: state.keys, mask: state.mask };
  }

  /** Records alignment weights [B, T, S] as the trace's [B, 1, T, S] (one "head"). */
  #recordAlignment(trace: TraceRecorder | undefined, weights: Tensor): void {
    if (!trace) return;
    const [B, T, S] = weights.shape;
    trace.recordAttention("alignment", 0, ops.reshape(weights, [B, 1, T, S]));
  }
}
