/**
 * The fused tier: ops that one kernel computes where a composition of primitives would take
 * several (attention, the recurrent cells and sequences, the feed-forward network).
 */
export { gruCell } from "./gru_cell.ts";
export { gruSequence } from "./gru_sequence.ts";
export type { RecurrentSequenceOptions } from "./gru_sequence.ts";
export { lstmSequence } from "./lstm_sequence.ts";
export { fusedAttention } from "./attention.ts";
export type { FusedAttentionOptions, FusedAttentionResult } from "./attention.ts";
export { stridedAttention } from "./strided_attention.ts";
export type { StridedAttentionOptions, StridedAttentionResult } from "./strided_attention.ts";
export { flashAttention } from "./flash_attention.ts";
export type { FlashAttentionOptions, FlashAttentionResult } from "./flash_attention.ts";
export { feedForwardRelu } from "./feed_forward.ts";
export type { FeedForwardWeights } from "./feed_forward.ts";
export { referenceAttention, scaledDotProductAttention } from "./scaled_dot_product_attention.ts";
export type { AttentionOptions, AttentionResult } from "./scaled_dot_product_attention.ts";
export { fuse } from "./fuse.ts";
export type {
  FeedForwardLayers,
  FusableName,
  FusableSignatures,
  RecurrentRun,
  RecurrentState,
  RecurrentWeights,
} from "./fuse.ts";
