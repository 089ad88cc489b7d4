/**
 * FlashAttention (Dao et al. 2022) as an op (Backend.flashAttention): the same result as
 * softmax(Q K^T / sqrt(dk) + mask) V, computed with an online softmax over blocks of keys so
 * that no [Tq, Tk] score or weight buffer exists; memory grows with n, not n^2. Inference only:
 * it has no backward (FlashAttention's backward recomputes the weights from the saved lse).
 */
import { type Tensor } from "../tensor.ts";
import { recording, wrap } from "../ops/checks.ts";
import { attentionParams, type FusedAttentionOptions } from "./attention.ts";

/** Where q, k and v sit in their sources, and the masks (as {@link fusedAttention}). */
export type FlashAttentionOptions = FusedAttentionOptions;

/** What {@link flashAttention} returns. */
export interface FlashAttentionResult {
  /** The heads' outputs side by side: [B, Tq, heads * dk]. */
  output: Tensor;
  /** log sum_j exp(score_j) of each query row [B, heads, Tq]; -Infinity where every key is hidden. */
  lse: Tensor;
}

/**
 * softmax(Q K^T / sqrt(dk) + mask) V per head with q read from qSource [B, Tq, Cq] and k, v
 * from kvSource [B, Tk, Ckv] (one packed [B, T, 3d] projection may be both; d = heads * dk),
 * without materializing the attention weights. Throws while a tape records gradients for an
 * input: use fusedAttention or the unfused ops to train.
 */
export function flashAttention(
  qSource: Tensor,
  kvSource: Tensor,
  d: number,
  options: FlashAttentionOptions,
): FlashAttentionResult {
  if (recording([qSource, kvSource])) {
    throw new Error(
      "flashAttention: expected inference (it has no backward), got inputs that need gradients while a tape records",
    );
  }
  const { backend, p } = attentionParams("flashAttention", qSource, kvSource, d, options);
  const mask = options.mask;
  const r = backend.flashAttention(qSource.data, kvSource.data, mask ? mask.data : null, p);
  return {
    output: wrap(backend, r.out, [p.batch, p.tq, d]), // [B, Tq, d]
    lse: wrap(backend, r.lse, [p.batch, p.heads, p.tq]), // [B, h, Tq]
  };
}
