/**
 * Fused scaled dot-product attention as a differentiable op (Backend.attention): q, k and v
 * are read in place from their projections, so multi-head attention needs no head split or
 * merge copies, and the forward is one kernel (the backward two).
 */
import type { AttentionParams, Backend } from "../backend/contract.ts";
import { shapeText, type Tensor } from "../tensor.ts";
import { AxisGradient, recordOp } from "../tape.ts";
import { backendOf, wrap } from "../ops/checks.ts";

/** Where q, k and v sit in their sources, and the masks. */
export interface FusedAttentionOptions {
  heads: number;
  /** Column of q's first head in qSource's rows. Default 0. */
  qOffset?: number;
  /** Columns of k's and v's first heads in kvSource's rows. */
  kOffset: number;
  vOffset: number;
  /** Query t sees keys 0..t + causalOffset only. */
  causal?: boolean;
  causalOffset?: number;
  /** Additive mask [B or 1, Tq or 1, Tk] (0 keep, -Infinity hidden). */
  mask?: Tensor;
  /** Score scale; default 1 / sqrt(dk). */
  scale?: number;
}

/** What {@link fusedAttention} returns. */
export interface FusedAttentionResult {
  /** The heads' outputs side by side: [B, Tq, heads * dk]. */
  output: Tensor;
  /** Attention weights [B, heads, Tq, Tk] (rows sum to 1 over the unmasked keys). */
  weights: Tensor;
}

/**
 * The backend, and the AttentionParams of q in qSource [B, Tq, Cq] and k, v in kvSource
 * [B, Tk, Ckv] with output width d = heads * dk, after checking the shapes (shared by
 * {@link fusedAttention} and flashAttention).
 */
export function attentionParams(
  op: string,
  qSource: Tensor,
  kvSource: Tensor,
  d: number,
  options: FusedAttentionOptions,
): { backend: Backend; p: AttentionParams } {
  const backend = options.mask
    ? backendOf(op, qSource, kvSource, options.mask)
    : backendOf(op, qSource, kvSource);
  const { heads } = options;
  if (
    qSource.rank !== 3 || kvSource.rank !== 3 || qSource.shape[0] !== kvSource.shape[0] ||
    !Number.isInteger(heads) || heads < 1 || d % heads !== 0
  ) {
    throw new Error(
      `${op}: expected q and kv sources [B, T, C] and a width divisible by ${heads} heads, got ${
        shapeText(qSource.shape)
      }, ${shapeText(kvSource.shape)} and width ${d}`,
    );
  }
  const [batch, tq, qStride] = qSource.shape;
  const [, tk, kvStride] = kvSource.shape;
  const dk = d / heads;
  const mask = options.mask;
  const p: AttentionParams = {
    batch,
    heads,
    tq,
    tk,
    dk,
    qStride,
    qOffset: options.qOffset ?? 0,
    kvStride,
    kOffset: options.kOffset,
    vOffset: options.vOffset,
    scale: options.scale ?? 1 / Math.sqrt(dk),
    causal: options.causal ?? false,
    causalOffset: options.causalOffset ?? 0,
  };
  if (mask) {
    if (mask.rank !== 3 || mask.shape[2] !== tk) {
      throw new Error(
        `${op}: expected a mask [B or 1, Tq or 1, ${tk}], got ${shapeText(mask.shape)}`,
      );
    }
    p.maskGroups = mask.shape[0];
    p.maskRows = mask.shape[1];
  }
  return { backend, p };
}

/**
 * softmax(Q K^T / sqrt(dk) + mask) V per head (Vaswani et al. 2017, eq. 1) with q read from
 * qSource [B, Tq, Cq] and k, v from kvSource [B, Tk, Ckv] (they may be one packed [B, T, 3d]
 * projection; d = heads * dk is given by the output width). Gradients flow to the sources'
 * q, k and v columns only. The weights are not differentiable (they are for traces).
 */
export function fusedAttention(
  qSource: Tensor,
  kvSource: Tensor,
  d: number,
  options: FusedAttentionOptions,
): FusedAttentionResult {
  const { backend, p } = attentionParams("attention", qSource, kvSource, d, options);
  const { batch, heads, tq, tk } = p;
  const mask = options.mask;
  const r = backend.attention(qSource.data, kvSource.data, mask ? mask.data : null, p);
  const weights = wrap(backend, r.weights, [batch, heads, tq, tk]);
  const output = wrap(backend, r.out, [batch, tq, d]);
  // A source used for both q and kv is one input listed twice: each gets its columns.
  const recorded = recordOp("attention", output, [qSource, kvSource, kvSource], (dy) => {
    const g = backend.attentionBackward(qSource.data, kvSource.data, weights.data, dy.data, p);
    const columns = (part: unknown, source: Tensor, offset: number, rows: number) => {
      if (offset === 0 && source.shape[2] === d) return wrap(backend, part, source.shape);
      if (offset % d !== 0 || source.shape[2] % d !== 0) {
        backend.release(part);
        throw new Error(
          `attention: backward needs q, k and v columns at multiples of ${d}, got offset ${offset} in rows of ${
            source.shape[2]
          }`,
        );
      }
      return new AxisGradient(wrap(backend, part, [rows, 1, d]), {
        outer: rows,
        axisLen: source.shape[2] / d,
        inner: d,
        start: offset / d,
        len: 1,
      });
    };
    return [
      columns(g.dq, qSource, p.qOffset, batch * tq),
      columns(g.dk, kvSource, p.kOffset, batch * tk),
      columns(g.dv, kvSource, p.vOffset, batch * tk),
    ];
  });
  return { output: recorded, weights };
}
