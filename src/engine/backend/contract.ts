/**
 * The Backend interface: the small set of primitive kernels every model in attn
 * is built from. Two implementations exist: `cpu` (plain TypeScript loops, the
 * reference every test compares against) and `webgpu` (WGSL kernels).
 *
 * The primitives' parameter types are in params.ts (re-exported here).
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

import type {
  AdamParams,
  AttentionParams,
  AxisParams,
  BinaryOp,
  BinaryParams,
  CrossEntropyParams,
  GruCellParams,
  MatmulExtras,
  MatmulParams,
  RopeParams,
  RowParams,
  SequenceParams,
  SoftmaxParams,
  StridedParams,
  UnaryOp,
} from "./params.ts";

export type * from "./params.ts";

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
