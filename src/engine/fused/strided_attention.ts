/**
 * Scaled dot-product attention per head (Vaswani et al. 2017, eq. 1) as three kernels over
 * strided operands: Q K^T reads each head's q and k columns in place from their projections
 * (one packed [B, T, 3d] for self-attention), one softmax applies scale and masks, and P V
 * writes each head's output straight into its columns of [B, Tq, d]. No head split or merge
 * copies forward, and the backward's four products write dQ, dK and dV into the sources' own
 * layout, so a packed projection gets one gradient with no scatter or accumulate.
 *
 * The fused kernel (ops/attention.ts) does the forward in one dispatch; training uses this op,
 * whose backward is batched matmuls (the fast kernels on llvmpipe) and one softmax backward.
 */
import type { Backend, MatmulExtras, MatrixLayout, SoftmaxParams } from "../backend/contract.ts";
import { shapeText, type Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, wrap } from "../ops/checks.ts";

/** Where q, k and v sit in their sources, the masks and the weights' dropout. */
export interface StridedAttentionOptions {
  heads: number;
  /** Column of q's first head in qSource's rows. Default 0. */
  qOffset?: number;
  /** Columns of k's and v's first heads in kvSource's rows. */
  kOffset: number;
  vOffset: number;
  /** Query t sees keys 0..t + causalOffset only. */
  causal?: boolean;
  causalOffset?: number;
  /** Additive mask [B or 1, Tq or 1, Tk] (0 keep, -Infinity hidden), constant. */
  mask?: Tensor;
  /** Score scale; default 1 / sqrt(dk). */
  scale?: number;
  /** Inverted dropout on the weights (training), as ops.dropout with this rate and seed. */
  dropout?: { rate: number; seed: number };
}

/** What {@link stridedAttention} returns. */
export interface StridedAttentionResult {
  /** The heads' outputs side by side: [B, Tq, heads * dk]. */
  output: Tensor;
  /** Attention weights before dropout [B, heads, Tq, Tk]; not differentiable (for traces). */
  weights: Tensor;
}

/**
 * softmax(Q K^T * scale + mask) V per head with q read from qSource [B, Tq, Cq] and k, v from
 * kvSource [B, Tk, Ckv] (the same tensor for a packed self-attention projection); d = heads * dk
 * is the output width. Gradients flow to qSource and kvSource (zero in columns that are not
 * q, k or v). Forward: 3 dispatches (4 with dropout); backward: 5 (6).
 */
export function stridedAttention(
  qSource: Tensor,
  kvSource: Tensor,
  d: number,
  options: StridedAttentionOptions,
): StridedAttentionResult {
  const mask = options.mask;
  const backend = mask
    ? backendOf("stridedAttention", qSource, kvSource, mask)
    : backendOf("stridedAttention", qSource, kvSource);
  const g = geometryOf(qSource, kvSource, d, options);
  const softmaxParams = softmaxParamsOf(g, options);
  const { batch, heads, tq, tk, dk } = g;
  const { qLayout, kLayout, vLayout, merged, perHead } = g;

  // 1. scores S = Q K^T per head [B, h, Tq, Tk]; 2. P = softmax(S * scale + mask).
  const scores = backend.matmul(qSource.data, kvSource.data, {
    ...perHead,
    k: dk,
    n: tk,
    transB: true,
  }, { aLayout: qLayout, bLayout: kLayout });
  const weightsData = backend.softmax(scores, mask?.data ?? null, softmaxParams);
  backend.release(scores);
  const weights = wrap(backend, weightsData, [batch, heads, tq, tk]);
  const dropout = options.dropout && options.dropout.rate > 0 ? options.dropout : null;
  const dropParams = dropout && { n: weights.size, ...dropout };
  const dropped = dropParams
    ? wrap(backend, backend.dropout(weightsData, dropParams), weights.shape)
    : weights; // [B, h, Tq, Tk]
  // 3. O = P V, each head written into its columns of [B, Tq, d].
  const out = backend.matmul(dropped.data, kvSource.data, {
    ...perHead,
    k: tk,
    n: dk,
  }, { bLayout: vLayout, outLayout: merged });
  const output = wrap(backend, out, [batch, tq, d]);

  const saved: SavedForward = { backend, qSource, kvSource, weightsData, dropped, dropParams };
  const inputs = qSource === kvSource ? [qSource] : [qSource, kvSource];
  const recorded = recordOp(
    "stridedAttention",
    output,
    inputs,
    (dy) => stridedAttentionBackward(g, softmaxParams.rows, saved, dy),
  );
  return { output: recorded, weights };
}

/** Sizes, offsets and per-head matrix layouts of one call, checked. */
interface Geometry {
  batch: number;
  heads: number;
  tq: number;
  tk: number;
  d: number;
  dk: number;
  qStride: number;
  kvStride: number;
  qOffset: number;
  kOffset: number;
  vOffset: number;
  scale: number;
  /** Each head's matrices inside the sources and the output: batch entry g = (b, h). */
  qLayout: MatrixLayout;
  kLayout: MatrixLayout;
  vLayout: MatrixLayout;
  /** [B, Tq, d] with head h in columns h*dk ... */
  merged: MatrixLayout;
  perHead: { batch: number; m: number };
}

/** Checks the sources' shapes, the width and the q, k, v column offsets; derives the layouts. */
function geometryOf(
  qSource: Tensor,
  kvSource: Tensor,
  d: number,
  options: StridedAttentionOptions,
): Geometry {
  const { heads } = options;
  if (
    qSource.rank !== 3 || kvSource.rank !== 3 || qSource.shape[0] !== kvSource.shape[0] ||
    !Number.isInteger(heads) || heads < 1 || d % heads !== 0
  ) {
    const got = `${shapeText(qSource.shape)}, ${shapeText(kvSource.shape)} and width ${d}`;
    throw new Error(
      `stridedAttention: expected q and kv sources [B, T, C] and a width divisible by ` +
        `${heads} heads, got ${got}`,
    );
  }
  const [batch, tq, qStride] = qSource.shape;
  const [, tk, kvStride] = kvSource.shape;
  const dk = d / heads;
  const qOffset = options.qOffset ?? 0;
  const { kOffset, vOffset } = options;
  for (
    const [name, offset, stride] of [
      ["q", qOffset, qStride],
      ["k", kOffset, kvStride],
      ["v", vOffset, kvStride],
    ] as const
  ) {
    if (!Number.isInteger(offset) || offset < 0 || offset + d > stride) {
      throw new Error(
        `stridedAttention: expected ${name}'s ${d} columns inside rows of ${stride}, ` +
          `got offset ${offset}`,
      );
    }
  }
  const headsOf = (t: number, stride: number, offset: number): MatrixLayout => ({
    offset,
    rowStride: stride,
    heads,
    headStride: dk,
    batchStride: t * stride,
  });
  return {
    batch,
    heads,
    tq,
    tk,
    d,
    dk,
    qStride,
    kvStride,
    qOffset,
    kOffset,
    vOffset,
    scale: options.scale ?? 1 / Math.sqrt(dk),
    qLayout: headsOf(tq, qStride, qOffset),
    kLayout: headsOf(tk, kvStride, kOffset),
    vLayout: headsOf(tk, kvStride, vOffset),
    merged: headsOf(tq, d, 0),
    perHead: { batch: batch * heads, m: tq },
  };
}

/** The softmax's params: scale, causality, and the mask's broadcast (checked against B, Tq, Tk). */
function softmaxParamsOf(g: Geometry, options: StridedAttentionOptions): SoftmaxParams {
  const { batch, heads, tq, tk } = g;
  const softmaxParams: SoftmaxParams = {
    rows: batch * heads * tq,
    cols: tk,
    scale: g.scale,
    tq,
    heads,
    causal: options.causal ?? false,
    causalOffset: options.causalOffset ?? 0,
  };
  const mask = options.mask;
  if (mask) {
    const [groups, rows, cols] = mask.shape;
    if (
      mask.rank !== 3 || cols !== tk || (groups !== 1 && groups !== batch) ||
      (rows !== 1 && rows !== tq)
    ) {
      throw new Error(
        `stridedAttention: expected a mask [${batch} or 1, ${tq} or 1, ${tk}], got ${
          shapeText(mask.shape)
        }`,
      );
    }
    softmaxParams.maskGroups = groups;
    softmaxParams.maskRows = rows;
  }
  return softmaxParams;
}

/** What the backward needs of the forward. */
interface SavedForward {
  backend: Backend;
  qSource: Tensor;
  kvSource: Tensor;
  /** The softmax weights before dropout [B, h, Tq, Tk]. */
  weightsData: unknown;
  /** The weights after dropout (the weights themselves without it). */
  dropped: Tensor;
  dropParams: { n: number; rate: number; seed: number } | null;
}

/**
 * The gradients of qSource and kvSource (one for a packed source): dP = dO V^T through the
 * dropout mask, dS = softmax backward, then dV = P^T dO, dK = dS^T Q, dQ = dS K, each written
 * into its source's own layout.
 */
function stridedAttentionBackward(
  g: Geometry,
  rows: number,
  saved: SavedForward,
  dy: Tensor,
): (Tensor | null)[] {
  const { backend, qSource, kvSource, dropped, dropParams } = saved;
  const { tq, tk, dk, perHead, qLayout, kLayout, vLayout, merged } = g;
  // dP = dO V^T, through the dropout mask; dS = softmax backward (scale included).
  const dDropped = backend.matmul(dy.data, kvSource.data, {
    ...perHead,
    k: dk,
    n: tk,
    transB: true,
  }, { aLayout: merged, bLayout: vLayout });
  const dP = dropParams ? backend.dropout(dDropped, dropParams) : dDropped;
  if (dP !== dDropped) backend.release(dDropped);
  const dS = backend.softmaxBackward(saved.weightsData, dP, {
    rows,
    cols: tk,
    scale: g.scale,
  }); // [B, h, Tq, Tk]
  backend.release(dP);
  const packed = qSource === kvSource;
  const { qOffset, kOffset, vOffset } = g;
  const qCovered = covers(packed ? [qOffset, kOffset, vOffset] : [qOffset], g.qStride, g.d);
  const kvCovered = packed ? qCovered : covers([kOffset, vOffset], g.kvStride, g.d);
  const grads = new SourceGradients(backend);
  // dV = P^T dO, dK = dS^T Q, dQ = dS K.
  const kv = { ...perHead, m: tk, k: tq, n: dk, transA: true };
  grads.place(
    kvSource,
    kvCovered,
    { bLayout: merged, outLayout: vLayout },
    (e) => backend.matmul(dropped.data, dy.data, kv, e),
  );
  grads.place(
    kvSource,
    kvCovered,
    { bLayout: qLayout, outLayout: kLayout },
    (e) => backend.matmul(dS, qSource.data, kv, e),
  );
  grads.place(
    qSource,
    qCovered,
    { bLayout: kLayout, outLayout: qLayout },
    (e) => backend.matmul(dS, kvSource.data, { ...perHead, k: tk, n: dk }, e),
  );
  backend.release(dS);
  return packed ? [grads.of(qSource)] : [grads.of(qSource), grads.of(kvSource)];
}

/**
 * The gradients land in their sources' layouts, each product writing its part into one buffer
 * per source: uninitialized when the parts cover every column, else zero-filled.
 */
class SourceGradients {
  readonly #gradients = new Map<Tensor, unknown>();

  constructor(private readonly backend: Backend) {}

  /** Runs `compute` into source's gradient buffer (with `layouts`) when source needs one. */
  place(
    source: Tensor,
    covered: boolean,
    layouts: MatmulExtras,
    compute: (e: MatmulExtras) => unknown,
  ): void {
    if (!source.needsGrad) return;
    this.#gradients.set(source, compute({ ...layouts, into: this.#target(source, covered) }));
  }

  /** The gradient of `source` as a tensor of its shape, or null when none was computed. */
  of(source: Tensor): Tensor | null {
    const g = this.#gradients.get(source);
    return g === undefined ? null : wrap(this.backend, g, source.shape);
  }

  #target(source: Tensor, covered: boolean): unknown {
    let g = this.#gradients.get(source);
    if (!g) {
      g = covered ? this.backend.alloc(source.size) : this.backend.full(source.size, 0);
      this.#gradients.set(source, g);
    }
    return g;
  }
}

/** True when column blocks of width d at these offsets tile rows of `stride` exactly. */
function covers(offsets: number[], stride: number, d: number): boolean {
  if (offsets.length * d !== stride) return false;
  const sorted = [...offsets].sort((a, b) => a - b);
  return sorted.every((o, i) => o === i * d);
}
