import {
  type RnnConfig,
  rnnDefaults,
  type TransformerConfig,
  transformerDefaults,
} from "../../src/models/config.ts";

/** A Transformer small enough for decoding tests to run in milliseconds (vocab 13 -> 11). */
export function tinyTransformer(overrides: Partial<TransformerConfig> = {}): TransformerConfig {
  return {
    ...transformerDefaults,
    srcVocab: 13,
    tgtVocab: 11,
    dModel: 16,
    heads: 2,
    ffn: 32,
    maxLen: 24,
    dropout: 0,
    ...overrides,
  };
}

/** An RNN Seq2Seq of the same tiny sizes (embed 8, hidden 12). */
export function tinyRnn(overrides: Partial<RnnConfig> = {}): RnnConfig {
  return {
    ...rnnDefaults,
    srcVocab: 13,
    tgtVocab: 11,
    embed: 8,
    hidden: 12,
    maxLen: 24,
    dropout: 0,
    ...overrides,
  };
}
