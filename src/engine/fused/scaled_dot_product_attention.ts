/**
 * Scaled dot-product attention (Vaswani et al. 2017, §3.2.1, eq. 1), the one attention op of
 * every model in attn, in the spirit of PyTorch's F.scaled_dot_product_attention: the model
 * says what to attend (q, k, v, masks), the engine decides how.
 *
 *   Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k) + M) V
 *
 * {@link referenceAttention} is that line as primitives: a matmul, a masked softmax, a
 * matmul. It is what "--kernels reference" runs and what every kernel below is tested against.
 * Under the "fast" policy the engine picks, per call:
 * - training (a tape records gradients for q, k or v): the strided kernels, which read each
 *   head's q, k and v where they lie in their projections and write the gradients back there
 *   (no head split, merge or scatter copies; fused/strided_attention.ts);
 * - inference with the weights wanted (for the trace): the fused kernel, scores, softmax and
 *   P V in one dispatch (fused/attention.ts);
 * - inference without the weights: FlashAttention, an online softmax with no [Tq, Tk] buffer
 *   (fused/flash_attention.ts);
 * and the reference whenever q, k and v are not laid out as those kernels read them (a
 * rotated q and k, say). The 1/sqrt(d_k) keeps the scores' variance near 1 so the softmax
 * does not saturate as d_k grows.
 */
import { kernelPolicy } from "../policy.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { recording } from "../ops/checks.ts";
import { matmul } from "../ops/matmul.ts";
import { softmax } from "../ops/softmax.ts";
import { dropout as dropoutOp } from "../ops/dropout.ts";
import { splitHeads } from "../ops/shape.ts";
import { fusedAttention } from "./attention.ts";
import { flashAttention } from "./flash_attention.ts";
import { stridedAttention } from "./strided_attention.ts";

/** Masks and extras of one attention call. */
export interface AttentionOptions {
  /** Query position t sees keys 0..t + causalOffset only (a decoder's self-attention). */
  causal?: boolean;
  /** Shifts the causal mask: the queries are the last Tq positions of a longer sequence. */
  causalOffset?: number;
  /** An additive mask [B or 1, Tq or 1, Tk]: 0 to keep, -Infinity to hide (key padding). */
  mask?: Tensor;
  /** Inverted dropout on the weights, for training (Vaswani et al. §5.4). */
  dropout?: { rate: number; seed: number };
  /** The score scale; default 1 / sqrt(d_k). */
  scale?: number;
  /**
   * Whether the caller needs the weights (a trace or a view does). Default true. Without
   * them inference may run FlashAttention, which never forms them.
   */
  weights?: boolean;
}

/** Output and weights of attention. */
export interface AttentionResult {
  /** Every head's output [B, h, Tq, dk] (`ops.mergeHeads` puts them side by side for free). */
  output: Tensor;
  /**
   * The attention weights [B, h, Tq, Tk] before dropout: each row sums to 1 over the keys it
   * may see. Null when `weights: false` was asked. Not differentiable from the fast kernels.
   */
  weights: Tensor | null;
}

/**
 * softmax(q k^T * scale + mask) v per head: q [B, h, Tq, dk], k and v [B, h, Tk, dk] (views are
 * read where they lie) -> output [B, h, Tq, dk] and the weights [B, h, Tq, Tk].
 */
export function scaledDotProductAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: AttentionOptions = {},
): AttentionResult {
  checkShapes(q, k, v);
  if (kernelPolicy() === "reference") return referenceAttention(q, k, v, options);
  const wantWeights = options.weights ?? true;
  const [qs, ks, vs] = [columnsOf(q), columnsOf(k), columnsOf(v)];
  const mask = options.mask;
  const masks = {
    causal: options.causal,
    causalOffset: options.causalOffset,
    mask,
    scale: options.scale,
  };
  const [, heads, , dk] = q.shape;
  const d = heads * dk;
  // The kernels write the heads side by side, [B, Tq, d]: the output is a view of that.
  const headsOut = (merged: Tensor) => splitHeads(merged, heads); // [B, h, Tq, dk]
  // The kernels read k and v from one projection (packed [B, T, 2d] or [B, T, 3d]).
  if (!qs || !ks || !vs || ks.source !== vs.source) return referenceAttention(q, k, v, options);
  const columns = { heads, qOffset: qs.offset, kOffset: ks.offset, vOffset: vs.offset, ...masks };
  if (recording([q, k, v]) || options.dropout !== undefined) {
    // Training: batched strided products; their backward writes dQ, dK and dV into the
    // projections' own layout (the weights stay out of the tape: the trace reads them).
    const r = stridedAttention(qs.source, ks.source, d, { ...columns, dropout: options.dropout });
    return { output: headsOut(r.output), weights: r.weights };
  }
  if (wantWeights) {
    const r = fusedAttention(qs.source, ks.source, d, columns); // one dispatch
    return { output: headsOut(r.output), weights: r.weights };
  }
  const r = flashAttention(qs.source, ks.source, d, columns); // no [Tq, Tk] buffer at all
  r.lse.dispose();
  return { output: headsOut(r.output), weights: null };
}

/**
 * The textbook composition (eq. 1) that every attention kernel must equal:
 * scores = Q K^T, weights = softmax(scores / sqrt(d_k) + mask), output = dropout(weights) V.
 */
export function referenceAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: AttentionOptions = {},
): AttentionResult {
  checkShapes(q, k, v);
  const dk = q.shape[3];
  const scores = matmul(q, k, { transB: true }); // Q K^T [B, h, Tq, Tk]
  const weights = softmax(scores, {
    scale: options.scale ?? 1 / Math.sqrt(dk),
    causal: options.causal ?? false,
    causalOffset: options.causalOffset ?? 0,
    mask: options.mask,
  }); // softmax(Q K^T / sqrt(d_k) + M) [B, h, Tq, Tk]
  const dropped = options.dropout
    ? dropoutOp(weights, { ...options.dropout, training: true })
    : weights; // [B, h, Tq, Tk]
  return { output: matmul(dropped, v), weights }; // [B, h, Tq, dk]
}

function checkShapes(q: Tensor, k: Tensor, v: Tensor): void {
  const fits = q.rank === 4 && k.rank === 4 && v.rank === 4 &&
    k.shape.every((d, i) => d === v.shape[i]) && q.shape[0] === k.shape[0] &&
    q.shape[1] === k.shape[1] && q.shape[3] === k.shape[3];
  if (!fits) {
    throw new Error(
      `attention: expected q [B, h, Tq, dk] and k, v [B, h, Tk, dk], got q ${
        shapeText(q.shape)
      }, k ${shapeText(k.shape)}, v ${shapeText(v.shape)}`,
    );
  }
}

/**
 * Where the attention kernels find a [B, h, T, dk] operand: each head's columns of a dense
 * [B, T, C] projection (`source`, columns offset + head * dk ..), as ops.splitHeads (and split)
 * leave them. Null for any other layout (the reference then runs).
 */
function columnsOf(t: Tensor): { source: Tensor; offset: number } | null {
  const root = t.root;
  if (root === null || root.rank !== 3) return null;
  // A view may outlive its root tensor (decoding keeps the heads of a projection whose tensor
  // its scope freed; the view keeps the storage): read the storage through a fresh tensor.
  const source = root.disposed ? new Tensor(t.backend, t.storage, root.shape) : root;
  const [b, h, time, dk] = t.shape;
  const [sb, st, c] = source.shape;
  const { strides, offset } = t.layout;
  const fits = sb === b && st === time && strides[0] === time * c && strides[1] === dk &&
    strides[2] === c && strides[3] === 1 && offset + h * dk <= c;
  return fits ? { source, offset } : null;
}
