/**
 * The parameter types of the Backend primitives (contract.ts): the op names, sizes, layouts
 * and options each primitive takes. Shapes live in `Tensor`; a primitive receives only the
 * sizes it needs, in one of these objects.
 */

/** Element-wise functions of one input. `scale` is x * alpha. */
export type UnaryOp =
  | "relu"
  | "gelu"
  | "tanh"
  | "sigmoid"
  | "exp"
  | "log"
  | "neg"
  | "sqrt"
  | "square"
  | "scale";

/** Element-wise functions of two inputs, with the smaller one repeated. */
export type BinaryOp = "add" | "sub" | "mul" | "div";

/**
 * Batched matrix product: out[b] = op(a[b]) @ op(b[b]) (+ bias), out [batch, m, n].
 * a is stored [batch, m, k] ([batch, k, m] with transA); b is stored
 * [batch, k, n] ([batch, n, k] with transB). A broadcast operand is one matrix
 * shared by every batch entry.
 */
export interface MatmulParams {
  batch: number;
  m: number;
  k: number;
  n: number;
  transA?: boolean;
  transB?: boolean;
  broadcastA?: boolean;
  broadcastB?: boolean;
}

/**
 * Where the matrices of one matmul operand sit in its storage. Batch entry g is split as
 * (outer, head) = (floor(g / heads), g % heads); its stored row r, column c is element
 * offset + outer * batchStride + head * headStride + r * rowStride + c.
 * Defaults describe the contiguous layout: offset 0, rowStride = the stored row length,
 * heads 1, batchStride = the matrix size (0 for a broadcast operand).
 */
export interface MatrixLayout {
  offset?: number;
  rowStride?: number;
  heads?: number;
  headStride?: number;
  batchStride?: number;
}

/**
 * Everything of one Backend.matmul beyond a plain contiguous product.
 * - Strided layouts (default: contiguous): a's and b's matrices are read, out's written where
 *   they sit inside larger storages, e.g. one head's columns of a packed [B, T, 3d] projection.
 * - The epilogue, work folded into the store, applied in this order to each output element v at
 *   [.., row, col]: v += bias[biasOffset + col]; v = max(v, 0) with `relu`; v = 0 where
 *   reluMask[i] <= 0 (the backward of a relu whose output is reluMask); v += residual[i].
 *   reluMask and residual are read at the output's own index i (so they share its layout).
 * - `into`: write into this existing storage (in place) instead of a fresh one; elements outside
 *   the output layout are left as they are (with `alloc`, a packed gradient is assembled from
 *   several products without zero-filling it first).
 */
export interface MatmulExtras<S = unknown> {
  aLayout?: MatrixLayout;
  bLayout?: MatrixLayout;
  outLayout?: MatrixLayout;
  bias?: S;
  biasOffset?: number;
  relu?: boolean;
  reluMask?: S;
  residual?: S;
  into?: S;
  /**
   * Also write the row sums of op(a), rowSums[i] = sum_k op(a)[i, k], into this storage [m]
   * (in place; batch 1): with a = dY stored [rows, out] and transA, the column sums of dY, i.e.
   * a linear layer's bias gradient beside its weight gradient dW = dY^T X.
   */
  rowSums?: S;
}

/**
 * Binary op with repetition: out has n = max(na, nb) elements,
 * out[i] = a[i % na] op b[i % nb]. The smaller size must divide the larger,
 * which is broadcasting over leading dimensions.
 */
export interface BinaryParams {
  na: number;
  nb: number;
}

/**
 * Softmax over the last axis of x viewed as [rows, cols], after
 * z = x * scale + mask. x is further viewed as [groups, heads, tq, cols]
 * (rows = groups * heads * tq) so that masks can broadcast:
 * - `causal`: column j is masked for query position q when j > q + causalOffset
 *   (q = row % tq). Offset lets a decoder query at position p see 0..p.
 * - `mask`: an additive mask storage of shape [maskGroups, maskRows, cols] with
 *   maskGroups in {1, groups} and maskRows in {1, tq}; use -Infinity to mask.
 * A fully masked row yields all zeros (never NaN).
 */
export interface SoftmaxParams {
  rows: number;
  cols: number;
  scale?: number;
  tq?: number;
  heads?: number;
  causal?: boolean;
  causalOffset?: number;
  maskGroups?: number;
  maskRows?: number;
}

/** Row-wise shapes for reductions and normalizations: x is [rows, cols]. */
export interface RowParams {
  rows: number;
  cols: number;
}

/**
 * Cross-entropy of logits [rows, cols] against integer targets [rows].
 * Rows whose target equals ignoreIndex contribute 0 and count for nothing.
 * With label smoothing eps the target distribution is (1 - eps) on the target
 * plus eps / cols everywhere (as torch.nn.CrossEntropyLoss).
 */
export interface CrossEntropyParams extends RowParams {
  ignoreIndex: number;
  labelSmoothing?: number;
}

/**
 * A strided view of a storage (rank 1..6): element [i0, i1, ...] of `shape` sits at
 * offset + i0 * strides[0] + i1 * strides[1] + ...
 */
export interface StridedParams {
  shape: number[];
  strides: number[];
  offset: number;
}

/** A view [outer, axisLen, inner] of a contiguous tensor, for slicing along one axis. */
export interface AxisParams {
  outer: number;
  inner: number;
  axisLen: number;
  start: number;
  len: number;
}

/** Adam (Kingma & Ba 2015) with bias correction and decoupled weight decay (AdamW). */
export interface AdamParams {
  n: number;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** 1-based step count, for bias correction. */
  step: number;
  weightDecay?: number;
  /**
   * Global grad-norm clipping without a readback: `normSq` holds the sum of
   * squares of all gradients (one element); grads are scaled by
   * min(1, maxNorm / (sqrt(normSq) + 1e-6)) before the update.
   */
  clip?: { maxNorm: number };
}

/**
 * Rotary position embedding (Su et al. 2021, RoFormer) of x [rows, t, dim]
 * (rows = batch * heads): pairs (2i, 2i+1) at position p = offset + row
 * position are rotated by angle p * base^(-2i/dim). `inverse` rotates by the
 * negative angle (the backward pass).
 */
export interface RopeParams {
  rows: number;
  t: number;
  dim: number;
  offset?: number;
  base?: number;
  inverse?: boolean;
}

/**
 * Sizes of a fused GRU cell (Cho et al. 2014, PyTorch's nn.GRU gate order r, z, n): `batch`
 * rows of `hidden` units. The projected input xp is read as rows of 3H at `xpStride` apart
 * starting at `xpOffset` (default: a contiguous [batch, 3H]), so a step can read its column
 * of a whole sequence's projection [B, S, 3H] without a copy (stride S * 3H, offset t * 3H).
 */
export interface GruCellParams {
  batch: number;
  hidden: number;
  xpStride?: number;
  xpOffset?: number;
}

/**
 * Fused scaled dot-product attention (attention / attentionBackward). q is read as rows
 * [batch, tq] of `qStride` floats with head h's dk columns at qOffset + h * dk; k and v as
 * rows [batch, tk] of `kvStride` floats at kOffset / vOffset + h * dk (q and kv may be one
 * packed [B, T, 3d] projection). Scores are (q . k) * scale plus the masks of SoftmaxParams:
 * `causal` (with causalOffset) and an additive mask [maskGroups, maskRows, tk] with
 * maskGroups in {1, batch}, maskRows in {1, tq}. A fully masked row gives zero weights.
 */
export interface AttentionParams {
  batch: number;
  heads: number;
  tq: number;
  tk: number;
  dk: number;
  qStride: number;
  qOffset: number;
  kvStride: number;
  kOffset: number;
  vOffset: number;
  scale: number;
  causal?: boolean;
  causalOffset?: number;
  maskGroups?: number;
  maskRows?: number;
}

/**
 * Sizes of a whole recurrent layer run over a sequence in one primitive (gruSequence,
 * lstmSequence): `batch` rows of `steps` steps of `hidden` units. `lengths` are the rows' real
 * lengths (right padding, each in 0..steps): at t >= lengths[b] row b keeps its previous state,
 * so its output at the last step is its final state. Default: every row runs every step.
 * `save`: also return what the backward needs (training); inference leaves it off.
 */
export interface SequenceParams {
  batch: number;
  steps: number;
  hidden: number;
  lengths?: readonly number[];
  save?: boolean;
}
