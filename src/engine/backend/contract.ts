/**
 * The Backend interface: the small set of primitive kernels every model in attn
 * is built from. Two implementations exist: `cpu` (plain TypeScript loops, the
 * reference every test compares against) and `webgpu` (WGSL kernels).
 *
 * Conventions, shared by both backends:
 * - A storage is a flat, contiguous float32 buffer. Shapes live in `Tensor`;
 *   primitives receive the sizes they need in a params object.
 * - Token ids and indices are stored as float32 (exact below 2^24).
 * - Primitives never modify their inputs, except `writeAxis`, `accumulateAxis`,
 *   `sumSquaresInto(Many)`, `adam`, `accumulate` and `matmul` with `into`, which say
 *   so. They allocate and return fresh storages.
 * - On webgpu a primitive only records work; nothing runs until `read` (or
 *   `flush`) submits it. So a whole forward pass costs one GPU round trip.
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

/** A named span of GPU work and how long it took. */
export interface Timing {
  name: string;
  wallMs: number;
  gpuMs?: number;
}

/** Counters a test or benchmark can read. */
export interface BackendStats {
  /** Awaited GPU round trips (submit + map) so far. */
  roundTrips: number;
  /** Kernels dispatched (or run, on cpu) so far. */
  dispatches: number;
  /** Bytes currently allocated (live storages). */
  liveBytes: number;
}

/** One implementation of the primitives. `S` is the backend's storage handle. */
export interface Backend<S = unknown> {
  readonly name: "cpu" | "webgpu";
  /** Human-readable device name, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)". */
  readonly deviceName: string;
  readonly stats: BackendStats;

  // --- memory -------------------------------------------------------------
  upload(data: Float32Array): S;
  /** A fresh storage of n elements, all equal to value. */
  full(n: number, value: number): S;
  /**
   * A fresh storage of n elements with undefined contents (no dispatch), for a primitive that
   * fills it in place: matmul's `into` or `rowSums`.
   */
  alloc(n: number): S;
  /** Number of float32 elements. */
  length(s: S): number;
  /** Copies the storage to the host. On webgpu, reads issued in the same tick share one round trip. */
  read(s: S): Promise<Float32Array>;
  /** Returns the storage to the backend (webgpu: to its buffer pool). Using it afterwards is an error. */
  release(s: S): void;
  /** Submits recorded work without waiting for it (webgpu); no-op on cpu. */
  flush(): void;
  /** Waits until all submitted work is done (one round trip on webgpu). */
  sync(): Promise<void>;
  /** Runs fn with its GPU work grouped and timed under `name`. */
  stage<T>(name: string, fn: () => T): T;
  /** Timings of stages finished since the last call (resolved at the last read/sync). */
  takeTimings(): Timing[];

  // --- kernels ------------------------------------------------------------
  /** op(a) @ op(b), strided and with an epilogue by `extras`; returns out (extras.into if given). */
  matmul(a: S, b: S, p: MatmulParams, extras?: MatmulExtras<S>): S;
  /** out = x + bias, bias [cols] repeated over rows (x is [rows, cols]). */
  biasAdd(x: S, bias: S, p: RowParams): S;
  unary(op: UnaryOp, x: S, p: { n: number; alpha?: number }): S;
  /** Gradient of a unary op: dx given x, y = op(x) and dy. */
  unaryBackward(op: UnaryOp, x: S, y: S, dy: S, p: { n: number; alpha?: number }): S;
  binary(op: BinaryOp, a: S, b: S, p: BinaryParams): S;
  /** In place: target += x * alpha (same length). Used for gradient accumulation. */
  accumulate(target: S, x: S, p: { n: number; alpha?: number }): void;
  softmax(x: S, mask: S | null, p: SoftmaxParams): S;
  /** dx = scale * y * (dy - sum(dy * y)) row-wise. */
  softmaxBackward(y: S, dy: S, p: RowParams & { scale?: number }): S;
  /** log(softmax(x)) row-wise. */
  logSoftmax(x: S, p: RowParams): S;
  /** Mean cross-entropy over non-ignored rows: a 1-element storage. */
  crossEntropy(logits: S, targets: S, p: CrossEntropyParams): S;
  /** Gradient w.r.t. logits of crossEntropy, times dLoss[0] (a 1-element storage). */
  crossEntropyBackward(logits: S, targets: S, dLoss: S, p: CrossEntropyParams): S;
  /** y = (x - mean) / sqrt(var + eps) * gamma + beta; also returns mean and rstd per row. */
  layerNorm(x: S, gamma: S, beta: S, p: RowParams & { eps: number }): { y: S; mean: S; rstd: S };
  layerNormBackward(
    x: S,
    gamma: S,
    mean: S,
    rstd: S,
    dy: S,
    p: RowParams,
  ): { dx: S; dgamma: S; dbeta: S };
  /** out[i] = table[ids[i]] ([n, dim]); ids outside [0, vocab) give zero rows. */
  embedding(table: S, ids: S, p: { n: number; dim: number; vocab: number }): S;
  /** dTable [vocab, dim]: rows of dy summed into the rows their ids name. */
  embeddingBackward(ids: S, dy: S, p: { n: number; dim: number; vocab: number }): S;
  /** x viewed as [outer, axisLen, inner] -> [outer, len, inner] from start. */
  sliceAxis(x: S, p: AxisParams): S;
  /** In place: dst viewed as [outer, axisLen, inner] gets src [outer, len, inner] at start. */
  writeAxis(dst: S, src: S, p: AxisParams): void;
  /** In place: dst viewed as [outer, axisLen, inner] += src [outer, len, inner] at start. */
  accumulateAxis(dst: S, src: S, p: AxisParams): void;
  /** General transpose of a contiguous tensor of rank <= 6: out dim i = in dim perm[i]. */
  permute(x: S, p: { shape: number[]; perm: number[] }): S;
  /** A strided view as a fresh contiguous storage (row-major over p.shape). */
  gather(x: S, p: StridedParams): S;
  /**
   * In place: dst at the view's positions += src (contiguous over p.shape): the adjoint of
   * gather, for a view's gradient. The positions must be distinct (views never overlap).
   */
  scatterAdd(dst: S, src: S, p: StridedParams): void;
  /** Sum over the last axis: [rows, cols] -> [rows]. */
  sumRows(x: S, p: RowParams): S;
  /** Sum over the leading axis: [rows, cols] -> [cols]. */
  sumCols(x: S, p: RowParams): S;
  /** Sum of squares of all n elements: a 1-element storage. */
  sumSquares(x: S, p: { n: number }): S;
  /** In place: target[index] = sum of squares of x's n elements (one dispatch). */
  sumSquaresInto(target: S, x: S, p: { n: number; index: number }): void;
  /**
   * In place: target[index + j] = sum of squares of xs[j]'s ns[j] elements, for every j (as
   * many sumSquaresInto, in a few dispatches).
   */
  sumSquaresIntoMany(
    target: S,
    xs: readonly S[],
    p: { ns: readonly number[]; index: number },
  ): void;
  /** Index of the largest value in each row (first one on ties), as float32: [rows]. */
  argmax(x: S, p: RowParams): S;
  /**
   * Inverted dropout with a counter-based hash, so forward and backward (and
   * cpu and webgpu) draw the same mask from the same seed: out[i] = x[i] / (1 - rate)
   * where hash(seed, i) >= rate, else 0. Linear in x, so it is its own backward.
   */
  dropout(x: S, p: { n: number; rate: number; seed: number }): S;
  rope(x: S, p: RopeParams): S;
  /**
   * softmax(q k^T * scale + mask) v per (batch, head) in one kernel (see AttentionParams):
   * out [batch, tq, heads * dk] (heads side by side) and weights [batch, heads, tq, tk].
   */
  attention(q: S, kv: S, mask: S | null, p: AttentionParams): { out: S; weights: S };
  /**
   * Gradients of attention given the weights it returned and dOut [batch, tq, heads * dk]:
   * dq [batch, tq, heads * dk], dk and dv [batch, tk, heads * dk].
   */
  attentionBackward(
    q: S,
    kv: S,
    weights: S,
    dOut: S,
    p: AttentionParams,
  ): { dq: S; dk: S; dv: S };
  /**
   * FlashAttention forward (Dao et al. 2022): attention's output (same AttentionParams, layouts
   * and masks) by an online softmax over blocks of keys, so no [tq, tk] buffer exists at any
   * point: out [batch, tq, heads * dk] and each row's log-sum-exp of its scores, lse
   * [batch, heads, tq]. A fully masked row gives out 0 and lse -Infinity. Inference only.
   */
  flashAttention(q: S, kv: S, mask: S | null, p: AttentionParams): { out: S; lse: S };
  /**
   * One GRU step from xp = W_ih x + b_ih (rows of 3H, see GruCellParams), hp = W_hh h + b_hh
   * [B, 3H] and h [B, H]: r = sigmoid(xr + hr), z = sigmoid(xz + hz),
   * n = tanh(xn + r * hn), h' = n + z * (h - n). Returns h' [B, H].
   */
  gruCell(xp: S, hp: S, h: S, p: GruCellParams): S;
  /**
   * Gradients of gruCell given dh' [B, H] (the gates are recomputed): dxp [B, 3H]
   * (contiguous, whatever xp's stride), dhp [B, 3H] and the direct part of dh [B, H].
   */
  gruCellBackward(
    xp: S,
    hp: S,
    h: S,
    dhNext: S,
    p: GruCellParams,
  ): { dxp: S; dhp: S; dh: S };
  /**
   * A whole GRU layer over a sequence (the equations of gruCell at every step, hp = W_hh h + b_hh
   * computed inside) from xp = W_ih x + b_ih [B, S, 3H], weightHh [3H, H], biasHh [3H] and
   * h0 [B, H]: out [B, S, H], every step's state; with p.save also the gates r, z, n and
   * hn = W_hn h + b_hn of every step, saved [B, S, 4H] (unspecified at padded steps), for
   * gruSequenceBackward.
   */
  gruSequence(xp: S, weightHh: S, biasHh: S, h0: S, p: SequenceParams): { out: S; saved: S | null };
  /**
   * Gradients of gruSequence given dOut [B, S, H]: dxp [B, S, 3H], dhp [B, S, 3H] (w.r.t. each
   * step's W_hh h + b_hh), dh0 [B, H], and hPrev [B, S, H] (the state each step started from),
   * so that dW_hh = dhp^T hPrev and db_hh = column sums of dhp over all B * S rows.
   */
  gruSequenceBackward(
    saved: S,
    weightHh: S,
    out: S,
    h0: S,
    dOut: S,
    p: SequenceParams,
  ): { dxp: S; dhp: S; dh0: S; hPrev: S };
  /**
   * A whole LSTM layer over a sequence (gate order i, f, g, o as nn.LSTM) from
   * xp = W_ih x + b_ih [B, S, 4H], weightHh [4H, H], biasHh [4H], h0 and c0 [B, H]:
   * out [B, S, 2H] holds each step's [h | c]; with p.save also the gates i, f, g, o of every
   * step, saved [B, S, 4H] (unspecified at padded steps), for lstmSequenceBackward.
   */
  lstmSequence(
    xp: S,
    weightHh: S,
    biasHh: S,
    h0: S,
    c0: S,
    p: SequenceParams,
  ): { out: S; saved: S | null };
  /**
   * Gradients of lstmSequence given dOut [B, S, 2H] (w.r.t. each step's [h | c]): dgates
   * [B, S, 4H] (w.r.t. the pre-activations, which is both dxp and dhp), dh0 and dc0 [B, H], and
   * hPrev [B, S, H], so that dW_hh = dgates^T hPrev and db_hh = column sums of dgates.
   */
  lstmSequenceBackward(
    saved: S,
    weightHh: S,
    out: S,
    h0: S,
    c0: S,
    dOut: S,
    p: SequenceParams,
  ): { dgates: S; dh0: S; dc0: S; hPrev: S };
  /**
   * True when gruSequence (gates 3) or lstmSequence (gates 4) takes this hidden size here
   * (webgpu: a multiple of 4 that fits the device's workgroup memory); models step through time
   * with the cell primitives otherwise.
   */
  sequenceSupported(gates: 3 | 4, hidden: number): boolean;
  /** In place Adam update of param, m, v. normSq (1 element) is required when p.clip is set. */
  adam(param: S, grad: S, m: S, v: S, normSq: S | null, p: AdamParams): void;
}
