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
/** Every architecture attn builds: the Seq2Seq families and the decoder-only GPT. */
export type AnyArch = Arch | "gpt";
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

/** The config of a Seq2Seq model (encoder-decoder). */
export type ModelConfig = TransformerConfig | RnnConfig;

/**
 * A decoder-only Transformer in GPT-2's layout (Radford et al. 2019): one vocabulary, one
 * causal stack of pre-norm blocks, a final LayerNorm and an unembedding. Not a Seq2Seq: a
 * prompt is continued, a translation is `<bos> source <sep> target <eos>` as one sequence.
 */
export interface GptConfig {
  arch: "gpt";
  attention: "scaled-dot";
  /** Vocabulary size V (tokens in and out are the same set). */
  vocab: number;
  /** Longest sequence (prompt and generated tokens): the learned table's rows, the cache's length. */
  maxLen: number;
  /** "learned": GPT-2's added table `pos_embed`; "rope": q and k rotated in self-attention. */
  pe: "learned" | "rope";
  dModel: number;
  heads: number;
  /** Number of blocks (causal self-attention, FFN). */
  layers: number;
  ffn: number;
  /**
   * Blocks of self-attention alone, without FFN (and its norm2): the attention-only models of
   * Elhage et al. 2021 and Olsson et al. 2022 (`experiment induction`). Absent: false.
   */
  attnOnly?: boolean;
  /** GELU is GPT-2's choice (Radford et al. 2019 follow Hendrycks & Gimpel 2016). */
  activation: "relu" | "gelu";
  /** Unembedding = the token embedding transposed (Press & Wolf 2017), as GPT-2. */
  tied: boolean;
  /** Whether lm_head has a bias [V] (GPT-2 has none). */
  lmHeadBias: boolean;
  dropout: number;
  task: string;
}

/** Any config attn builds a model from, Seq2Seq or GPT. */
export type AnyModelConfig = ModelConfig | GptConfig;

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

/** Defaults for a GPT; override any field. Small, like the Transformer's, to train in minutes. */
export const gptDefaults: Omit<GptConfig, "vocab"> = {
  arch: "gpt",
  attention: "scaled-dot",
  pe: "learned",
  dModel: 64,
  heads: 4,
  layers: 2,
  ffn: 256,
  activation: "gelu",
  tied: true,
  lmHeadBias: false,
  maxLen: 64,
  dropout: 0.1,
  task: "",
};
