/**
 * Model configurations: what `makeModel` builds and what a checkpoint's
 * `config` metadata records (docs/CONTRACT.md). Defaults are chosen for toy tasks
 * that must train in seconds on a 2-core machine; each says why.
 */

/**
 * Positional encoding of a Transformer. "none" leaves attention order-blind
 * (a set): the `position` experiment and the permutation test use it.
 */
export type PositionalKind = "sinusoidal" | "learned" | "rope" | "none";
/** Attention of an RNN Seq2Seq ("none": the fixed context vector). */
export type RnnAttention = "none" | "bahdanau" | "luong-dot" | "luong-general";
export type Arch = "transformer" | "gru" | "lstm";
/** How a model attends: an RNN attention or the Transformer's scaled dot product. */
export type AttentionMechanism = RnnAttention | "scaled-dot";

/** Vocabulary sizes and length limit, shared by both families. */
interface CommonConfig {
  srcVocab: number;
  tgtVocab: number;
  /** Longest source or target sequence (tokens, <eos>/<bos> included). */
  maxLen: number;
  /** Dropout rate while training; 0 at inference. */
  dropout: number;
  /** The task the model was trained on (a name from the task list), or "" . */
  task: string;
}

export interface TransformerConfig extends CommonConfig {
  arch: "transformer";
  attention: "scaled-dot";
  pe: PositionalKind;
  /** Model width d. 64 holds the toy tasks; 4 heads of 16 keep per-head grids readable. */
  dModel: number;
  heads: number;
  encoderLayers: number;
  decoderLayers: number;
  /** Hidden width of the position-wise FFN; 4 d as in Vaswani et al. 2017. */
  ffn: number;
  activation: "relu" | "gelu";
  /** "post": LayerNorm after each residual add (the 2017 paper); "pre": before each sublayer. */
  norm: "pre" | "post";
}

export interface RnnConfig extends CommonConfig {
  arch: "gru" | "lstm";
  attention: RnnAttention;
  /** Embedding width E. */
  embed: number;
  /** Hidden width H of encoder and decoder. */
  hidden: number;
  layers: number;
}

export type ModelConfig = TransformerConfig | RnnConfig;

/** Defaults for a Transformer; override any field. */
export const transformerDefaults: Omit<TransformerConfig, "srcVocab" | "tgtVocab"> = {
  arch: "transformer",
  attention: "scaled-dot",
  pe: "sinusoidal",
  dModel: 64,
  heads: 4,
  encoderLayers: 2,
  decoderLayers: 2,
  ffn: 256,
  activation: "relu",
  norm: "pre", // more stable at the aggressive learning rates that make training take seconds
  maxLen: 64,
  dropout: 0.1,
  task: "",
};

/** Defaults for an RNN Seq2Seq; override any field. */
export const rnnDefaults: Omit<RnnConfig, "srcVocab" | "tgtVocab"> = {
  arch: "gru",
  attention: "bahdanau",
  embed: 64,
  hidden: 128,
  layers: 1,
  maxLen: 64,
  dropout: 0.1,
  task: "",
};
