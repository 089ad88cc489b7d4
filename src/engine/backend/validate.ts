/**
 * The parameter checks of every primitive of the Backend contract, written once for both
 * backends: sizes are whole numbers, options are in range, and every storage holds the
 * elements its params imply. `@validated` on a backend class puts them in front of its
 * primitives, so a wrong call fails before any kernel runs, with the same message on cpu and
 * webgpu: `softmax: x has 10 elements, expected 12 for [3, 4]`.
 *
 * What stays in a backend is what only it can know: whether a storage is live (cpu), the
 * device's limits (webgpu: grid sizes, workgroup memory), and checks of the data itself (the
 * cpu crossEntropy refuses a target outside the classes; a kernel cannot without a readback).
 *
 * A new primitive in the contract does not compile until it has its check in `checks` (or is
 * listed in Unchecked); both backends then validate it without a line of their own.
 */
import type {
  AttentionParams,
  AxisParams,
  Backend,
  BinaryOp,
  MatrixLayout,
  SequenceParams,
  StridedParams,
  UnaryOp,
} from "./contract.ts";
import { baseOf, stridesOf } from "./matrix_layout.ts";

/** What the checks need of a storage: its element count (Float32Array and GpuBuffer have it). */
export interface Sized {
  readonly length: number;
}

type Checkable = Backend<Sized>;

/** Backend members that take no params to check: identity, memory bookkeeping, timing. */
type Unchecked =
  | "name"
  | "deviceName"
  | "stats"
  | "upload"
  | "length"
  | "read"
  | "release"
  | "flush"
  | "sync"
  | "stage"
  | "takeTimings"
  | "sequenceSupported";

/** The primitives that are checked: every other member of the contract. */
export type CheckedPrimitive = Exclude<keyof Checkable, Unchecked>;

/** A primitive's check: the primitive's own arguments, throwing instead of computing. */
type Check<K extends CheckedPrimitive> = Checkable[K] extends (...args: infer A) => unknown
  ? (...args: A) => void
  : never;

/** Throws unless v is a non-negative integer (sizes may be 0: an empty batch). */
function size(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) {
    throw new Error(`${op}: ${name} must be a non-negative integer, got ${v}`);
  }
}

/** Throws unless v is a positive integer. */
function positive(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) {
    throw new Error(`${op}: ${name} must be a positive integer, got ${v}`);
  }
}

/**
 * Throws unless storage s holds exactly the elements of `shape`:
 * `binary: a has 10 elements, expected 12 for [12]`. `dims` names the shape's axes.
 */
function length(op: string, name: string, s: Sized, shape: number[], dims?: string[]): void {
  let n = 1;
  for (const d of shape) n *= d;
  if (s.length !== n) {
    const axes = dims ? shape.map((d, i) => `${dims[i]} ${d}`) : shape;
    throw new Error(
      `${op}: ${name} has ${s.length} elements, expected ${n} for [${axes.join(", ")}]`,
    );
  }
}

/** Throws when an in-place primitive is given one storage for two of its roles. */
function distinct(op: string, a: [string, Sized], b: [string, Sized]): void {
  if (a[1] === b[1]) {
    throw new Error(
      `${op}: expected ${a[0]} and ${b[0]} to be different storages, got the same one`,
    );
  }
}

/** The unary and binary ops (a Record, so that the compiler asks for a new op here). */
const UNARY_OPS: Record<UnaryOp, true> = {
  relu: true,
  gelu: true,
  tanh: true,
  sigmoid: true,
  exp: true,
  log: true,
  neg: true,
  sqrt: true,
  square: true,
  scale: true,
};
const BINARY_OPS: Record<BinaryOp, true> = { add: true, sub: true, mul: true, div: true };

function knownOp(op: string, known: Record<string, true>, where: string): void {
  if (!Object.hasOwn(known, op)) {
    throw new Error(`${where}: expected one of ${Object.keys(known).join(", ")}, got op "${op}"`);
  }
}

/**
 * Checks a matmul operand stored as `rows` x `cols` matrices: without a layout it holds
 * exactly the contiguous matrices; with one, the layout is whole and reaches no element past
 * the storage's end.
 */
function matmulOperand(
  name: string,
  s: Sized,
  layout: MatrixLayout | undefined,
  dims: { batch: number; rows: number; cols: number; broadcast: boolean; names: [string, string] },
): void {
  const { batch, rows, cols, broadcast } = dims;
  if (!layout) {
    if (broadcast) length("matmul", name, s, [rows, cols], dims.names);
    else length("matmul", name, s, [batch, rows, cols], ["batch", ...dims.names]);
    return;
  }
  const st = stridesOf(layout, dims);
  for (const [key, v] of Object.entries(st)) size("matmul", `${name}Layout.${key}`, v);
  if (st.heads < 1) throw new Error(`matmul: ${name}Layout.heads must be at least 1, got 0`);
  if (batch * rows * cols === 0) return;
  let last = 0;
  for (let g = 0; g < batch; g++) last = Math.max(last, baseOf(st, g));
  last += (rows - 1) * st.rowStride + cols - 1;
  if (last >= s.length) {
    throw new Error(
      `matmul: ${name}'s layout reaches element ${last}, but ${name} has ${s.length} elements`,
    );
  }
}

function axisWindow(op: string, p: AxisParams): void {
  for (const key of ["outer", "inner", "axisLen", "start", "len"] as const) size(op, key, p[key]);
  if (p.start + p.len > p.axisLen) {
    throw new Error(
      `${op}: expected start + len <= axisLen ${p.axisLen}, got start ${p.start} and len ${p.len}`,
    );
  }
}

/** Whole sizes, q, k and v columns inside their row strides, buffers of the layouts' lengths. */
function attentionSizes(
  op: string,
  p: AttentionParams,
  lengths: { q: number; kv: number; mask?: number; weights?: number; dOut?: number },
): void {
  const whole = [
    "batch",
    "heads",
    "tq",
    "tk",
    "dk",
    "qStride",
    "qOffset",
    "kvStride",
    "kOffset",
    "vOffset",
  ] as const;
  for (const key of whole) size(op, key, p[key]);
  if (typeof p.scale !== "number") {
    throw new Error(`${op}: expected a number scale, got ${p.scale}`);
  }
  integer(op, "causalOffset", p.causalOffset ?? 0);
  const d = p.heads * p.dk;
  if (p.qOffset + d > p.qStride || p.kOffset + d > p.kvStride || p.vOffset + d > p.kvStride) {
    throw new Error(
      `${op}: expected q, k and v columns (offset + heads * dk = offset + ${d}) within their row strides, got qStride ${p.qStride} (offset ${p.qOffset}), kvStride ${p.kvStride} (offsets ${p.kOffset}, ${p.vOffset})`,
    );
  }
  const need = (name: string, got: number, n: number) => {
    if (got !== n) throw new Error(`${op}: ${name} has ${got} elements, expected ${n}`);
  };
  need("q", lengths.q, p.batch * p.tq * p.qStride);
  need("kv", lengths.kv, p.batch * p.tk * p.kvStride);
  if (lengths.mask !== undefined) {
    const groups = p.maskGroups ?? 1;
    const rows = p.maskRows ?? 1;
    if (!(groups === 1 || groups === p.batch) || !(rows === 1 || rows === p.tq)) {
      throw new Error(
        `${op}: expected maskGroups in {1, ${p.batch}} and maskRows in {1, ${p.tq}}, got ${groups} and ${rows}`,
      );
    }
    need("mask", lengths.mask, groups * rows * p.tk);
  }
  if (lengths.weights !== undefined) {
    need("weights", lengths.weights, p.batch * p.heads * p.tq * p.tk);
  }
  if (lengths.dOut !== undefined) need("dOut", lengths.dOut, p.batch * p.tq * d);
}

/** Throws unless v is an integer (a signed offset). */
function integer(op: string, name: string, v: number): void {
  if (!Number.isInteger(v)) throw new Error(`${op}: ${name} must be an integer, got ${v}`);
}

/**
 * The real length of each row of a recurrent sequence: p.lengths, or every row running all
 * steps (the backends' kernels read them this way; the checks below make sure they are sane).
 */
export function sequenceLengths(p: SequenceParams): number[] {
  return p.lengths ? [...p.lengths] : new Array<number>(p.batch).fill(p.steps);
}

/** Whole sizes, one length per row in 0..steps, and storages of the shapes `sizes` names. */
function sequenceSizes(
  op: string,
  p: SequenceParams,
  sizes: Record<string, [Sized, number[]]>,
): void {
  for (const key of ["batch", "steps", "hidden"] as const) size(op, key, p[key]);
  const lengths = sequenceLengths(p);
  if (lengths.length !== p.batch) {
    throw new Error(`${op}: expected ${p.batch} lengths (one per row), got ${lengths.length}`);
  }
  if (lengths.some((n) => !Number.isInteger(n) || n < 0 || n > p.steps)) {
    throw new Error(`${op}: expected lengths in 0..${p.steps}, got [${lengths.join(", ")}]`);
  }
  for (const [name, [s, shape]] of Object.entries(sizes)) length(op, name, s, shape);
}

/** The GRU cell's sizes and xp's stride (rows of 3H at xpStride apart, from xpOffset). */
function gruCellSizes(
  op: string,
  xp: Sized,
  p: { batch: number; hidden: number } & GruStride,
): void {
  const { batch, hidden } = p;
  size(op, "batch", batch);
  size(op, "hidden", hidden);
  const stride = p.xpStride ?? 3 * hidden;
  const offset = p.xpOffset ?? 0;
  if (!Number.isInteger(stride) || stride < 3 * hidden || !Number.isInteger(offset) || offset < 0) {
    throw new Error(
      `${op}: expected xpStride >= 3 * hidden = ${
        3 * hidden
      } and xpOffset >= 0, got ${stride} and ${offset}`,
    );
  }
  if (batch > 0 && xp.length < (batch - 1) * stride + offset + 3 * hidden) {
    throw new Error(
      `${op}: xp has ${xp.length} elements, too few for ${batch} rows of stride ${stride} from ${offset}`,
    );
  }
}

interface GruStride {
  xpStride?: number;
  xpOffset?: number;
}

function rowMatrix(op: string, p: { rows: number; cols: number }, x: Sized, minCols = 0): void {
  size(op, "rows", p.rows);
  if (minCols > 0) positive(op, "cols", p.cols);
  else size(op, "cols", p.cols);
  length(op, "x", x, [p.rows, p.cols]);
}

function crossEntropySizes(
  op: string,
  logits: Sized,
  targets: Sized,
  p: { rows: number; cols: number; ignoreIndex: number; labelSmoothing?: number },
): void {
  size(op, "rows", p.rows);
  positive(op, "cols", p.cols);
  length(op, "logits", logits, [p.rows, p.cols]);
  length(op, "targets", targets, [p.rows]);
  if (typeof p.ignoreIndex !== "number") {
    throw new Error(`${op}: expected a number ignoreIndex, got ${p.ignoreIndex}`);
  }
  const eps = p.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) {
    throw new Error(`${op}: expected labelSmoothing in [0, 1], got ${eps}`);
  }
}

function embeddingSizes(op: string, p: { n: number; dim: number; vocab: number }): void {
  size(op, "n", p.n);
  size(op, "dim", p.dim);
  size(op, "vocab", p.vocab);
}

/**
 * Checks a strided view (rank 1..6, whole sizes and strides) lies inside `storage`; returns
 * its element count.
 */
function stridedView(op: string, storage: Sized, p: StridedParams): number {
  const rank = p.shape.length;
  if (rank < 1 || rank > 6 || p.strides.length !== rank) {
    throw new Error(`${op}: expected a view of rank 1..6 with a stride per dim, got rank ${rank}`);
  }
  p.shape.forEach((d, i) => size(op, `shape[${i}]`, d));
  p.strides.forEach((t, i) => size(op, `strides[${i}]`, t));
  size(op, "offset", p.offset);
  const n = p.shape.reduce((a, d) => a * d, 1);
  const last = p.offset + p.shape.reduce((a, d, i) => a + (d - 1) * p.strides[i], 0);
  if (n > 0 && last >= storage.length) {
    throw new Error(
      `${op}: the view reaches element ${last} of a storage of ${storage.length} elements`,
    );
  }
  return n;
}

/** One check per checked primitive, named like it and taking its arguments. */
export const checks: { readonly [K in CheckedPrimitive]: Check<K> } = {
  full(n) {
    size("full", "n", n);
  },
  alloc(n) {
    size("alloc", "n", n);
  },

  matmul(a, b, p, e = {}) {
    const { batch, m, k, n } = p;
    for (const [name, v] of Object.entries({ batch, m, k, n })) size("matmul", name, v);
    matmulOperand("a", a, e.aLayout, {
      batch,
      rows: p.transA ? k : m,
      cols: p.transA ? m : k,
      broadcast: !!p.broadcastA,
      names: p.transA ? ["k", "m"] : ["m", "k"],
    });
    matmulOperand("b", b, e.bLayout, {
      batch,
      rows: p.transB ? n : k,
      cols: p.transB ? k : n,
      broadcast: !!p.broadcastB,
      names: p.transB ? ["n", "k"] : ["k", "n"],
    });
    const out = e.into ?? { length: batch * m * n };
    matmulOperand("out", out, e.outLayout, {
      batch,
      rows: m,
      cols: n,
      broadcast: false,
      names: ["m", "n"],
    });
    const biasOffset = e.biasOffset ?? 0;
    size("matmul", "biasOffset", biasOffset);
    if (e.bias && e.bias.length < biasOffset + n) {
      throw new Error(
        `matmul: expected a bias of at least ${
          biasOffset + n
        } elements (offset ${biasOffset} + n ${n}), got ${e.bias.length}`,
      );
    }
    for (const [name, s] of [["reluMask", e.reluMask], ["residual", e.residual]] as const) {
      if (s && s.length !== out.length) {
        throw new Error(
          `matmul: ${name} has ${s.length} elements, expected the output's ${out.length}`,
        );
      }
    }
    if (e.rowSums) {
      if (batch !== 1) throw new Error(`matmul: rowSums needs batch 1, got ${batch}`);
      length("matmul", "rowSums", e.rowSums, [m]);
      if (e.into) distinct("matmul", ["rowSums", e.rowSums], ["into", e.into]);
    }
  },

  biasAdd(x, bias, p) {
    size("biasAdd", "rows", p.rows);
    size("biasAdd", "cols", p.cols);
    length("biasAdd", "x", x, [p.rows, p.cols]);
    length("biasAdd", "bias", bias, [p.cols]);
  },
  unary(op, x, p) {
    knownOp(op, UNARY_OPS, "unary");
    size("unary", "n", p.n);
    length("unary", "x", x, [p.n]);
  },
  unaryBackward(op, x, y, dy, p) {
    knownOp(op, UNARY_OPS, "unaryBackward");
    size("unaryBackward", "n", p.n);
    length("unaryBackward", "x", x, [p.n]);
    length("unaryBackward", "y", y, [p.n]);
    length("unaryBackward", "dy", dy, [p.n]);
  },
  binary(op, a, b, p) {
    knownOp(op, BINARY_OPS, "binary");
    positive("binary", "na", p.na);
    positive("binary", "nb", p.nb);
    length("binary", "a", a, [p.na]);
    length("binary", "b", b, [p.nb]);
    if (Math.max(p.na, p.nb) % Math.min(p.na, p.nb) !== 0) {
      throw new Error(
        `binary: the smaller size must divide the larger, got na ${p.na} and nb ${p.nb}`,
      );
    }
  },
  accumulate(target, x, p) {
    size("accumulate", "n", p.n);
    length("accumulate", "target", target, [p.n]);
    length("accumulate", "x", x, [p.n]);
  },

  softmax(x, mask, p) {
    const { rows, cols } = p;
    size("softmax", "rows", rows);
    size("softmax", "cols", cols);
    length("softmax", "x", x, [rows, cols]);
    const heads = p.heads ?? 1;
    const tq = p.tq ?? (rows === 0 ? 1 : rows / heads);
    positive("softmax", "heads", heads);
    positive("softmax", "tq", tq);
    integer("softmax", "causalOffset", p.causalOffset ?? 0);
    if (rows % (heads * tq) !== 0) {
      throw new Error(
        `softmax: rows must be a multiple of heads * tq = ${heads * tq}, got ${rows} rows`,
      );
    }
    if (!mask) return;
    const groups = rows / (heads * tq);
    const maskGroups = p.maskGroups ?? 1;
    const maskRows = p.maskRows ?? 1;
    if (maskGroups !== 1 && maskGroups !== groups) {
      throw new Error(`softmax: maskGroups must be 1 or groups = ${groups}, got ${maskGroups}`);
    }
    if (maskRows !== 1 && maskRows !== tq) {
      throw new Error(`softmax: maskRows must be 1 or tq = ${tq}, got ${maskRows}`);
    }
    length("softmax", "mask", mask, [maskGroups, maskRows, cols]);
  },
  softmaxBackward(y, dy, p) {
    size("softmaxBackward", "rows", p.rows);
    size("softmaxBackward", "cols", p.cols);
    length("softmaxBackward", "y", y, [p.rows, p.cols]);
    length("softmaxBackward", "dy", dy, [p.rows, p.cols]);
  },
  logSoftmax(x, p) {
    rowMatrix("logSoftmax", p, x);
  },
  crossEntropy(logits, targets, p) {
    crossEntropySizes("crossEntropy", logits, targets, p);
  },
  crossEntropyBackward(logits, targets, dLoss, p) {
    crossEntropySizes("crossEntropyBackward", logits, targets, p);
    length("crossEntropyBackward", "dLoss", dLoss, [1]);
  },

  layerNorm(x, gamma, beta, p) {
    size("layerNorm", "rows", p.rows);
    positive("layerNorm", "cols", p.cols);
    length("layerNorm", "x", x, [p.rows, p.cols]);
    length("layerNorm", "gamma", gamma, [p.cols]);
    length("layerNorm", "beta", beta, [p.cols]);
    if (!(p.eps >= 0)) throw new Error(`layerNorm: expected eps >= 0, got ${p.eps}`);
  },
  layerNormBackward(x, gamma, mean, rstd, dy, p) {
    const op = "layerNormBackward";
    size(op, "rows", p.rows);
    positive(op, "cols", p.cols);
    length(op, "x", x, [p.rows, p.cols]);
    length(op, "gamma", gamma, [p.cols]);
    length(op, "mean", mean, [p.rows]);
    length(op, "rstd", rstd, [p.rows]);
    length(op, "dy", dy, [p.rows, p.cols]);
  },

  embedding(table, ids, p) {
    embeddingSizes("embedding", p);
    length("embedding", "table", table, [p.vocab, p.dim]);
    length("embedding", "ids", ids, [p.n]);
  },
  embeddingBackward(ids, dy, p) {
    embeddingSizes("embeddingBackward", p);
    length("embeddingBackward", "ids", ids, [p.n]);
    length("embeddingBackward", "dy", dy, [p.n, p.dim]);
  },

  sliceAxis(x, p) {
    axisWindow("sliceAxis", p);
    length("sliceAxis", "x", x, [p.outer, p.axisLen, p.inner]);
  },
  writeAxis(dst, src, p) {
    axisWindow("writeAxis", p);
    length("writeAxis", "dst", dst, [p.outer, p.axisLen, p.inner]);
    length("writeAxis", "src", src, [p.outer, p.len, p.inner]);
    distinct("writeAxis", ["src", src], ["dst", dst]);
  },
  accumulateAxis(dst, src, p) {
    axisWindow("accumulateAxis", p);
    length("accumulateAxis", "dst", dst, [p.outer, p.axisLen, p.inner]);
    length("accumulateAxis", "src", src, [p.outer, p.len, p.inner]);
    distinct("accumulateAxis", ["src", src], ["dst", dst]);
  },
  permute(x, p) {
    const { shape, perm } = p;
    const rank = shape.length;
    if (rank < 1 || rank > 6) throw new Error(`permute: expected rank 1..6, got rank ${rank}`);
    for (const [i, d] of shape.entries()) size("permute", `shape[${i}]`, d);
    const sorted = [...perm].sort((a, b) => a - b);
    if (perm.length !== rank || sorted.some((v, i) => v !== i)) {
      throw new Error(
        `permute: expected a permutation of 0..${rank - 1}, got [${perm.join(", ")}]`,
      );
    }
    length("permute", "x", x, shape);
  },

  gather(x, p) {
    stridedView("gather", x, p);
  },
  scatterAdd(dst, src, p) {
    const n = stridedView("scatterAdd", dst, p);
    if (src.length !== n) {
      throw new Error(`scatterAdd: src has ${src.length} elements, expected the view's ${n}`);
    }
    if (dst === src) throw new Error("scatterAdd: expected src and dst to be different storages");
  },

  sumRows(x, p) {
    rowMatrix("sumRows", p, x);
  },
  sumCols(x, p) {
    rowMatrix("sumCols", p, x);
  },
  argmax(x, p) {
    rowMatrix("argmax", p, x, 1);
  },
  sumSquares(x, p) {
    size("sumSquares", "n", p.n);
    length("sumSquares", "x", x, [p.n]);
  },
  sumSquaresInto(target, x, p) {
    size("sumSquaresInto", "n", p.n);
    size("sumSquaresInto", "index", p.index);
    length("sumSquaresInto", "x", x, [p.n]);
    if (p.index >= target.length) {
      throw new Error(
        `sumSquaresInto: expected an index below the target's ${target.length} elements, got ${p.index}`,
      );
    }
    distinct("sumSquaresInto", ["x", x], ["target", target]);
  },
  sumSquaresIntoMany(target, xs, p) {
    const op = "sumSquaresIntoMany";
    if (xs.length !== p.ns.length) {
      throw new Error(`${op}: expected one length per tensor, got ${p.ns.length} for ${xs.length}`);
    }
    size(op, "index", p.index);
    xs.forEach((x, j) => {
      size(op, `ns[${j}]`, p.ns[j]);
      length(op, `xs[${j}]`, x, [p.ns[j]]);
      distinct(op, [`xs[${j}]`, x], ["target", target]);
    });
    if (p.index + xs.length > target.length) {
      throw new Error(
        `${op}: expected ${xs.length} partials from index ${p.index} to fit the ` +
          `target's ${target.length} elements`,
      );
    }
  },

  dropout(x, p) {
    size("dropout", "n", p.n);
    length("dropout", "x", x, [p.n]);
    if (!(p.rate >= 0 && p.rate < 1)) {
      throw new Error(`dropout: expected a rate in [0, 1), got ${p.rate}`);
    }
  },
  rope(x, p) {
    for (const key of ["rows", "t", "dim"] as const) size("rope", key, p[key]);
    if (p.dim % 2 !== 0) throw new Error(`rope: expected an even dim, got ${p.dim}`);
    length("rope", "x", x, [p.rows, p.t, p.dim]);
    size("rope", "offset", p.offset ?? 0);
  },

  attention(q, kv, mask, p) {
    attentionSizes("attention", p, { q: q.length, kv: kv.length, mask: mask?.length });
  },
  attentionBackward(q, kv, weights, dOut, p) {
    attentionSizes("attentionBackward", p, {
      q: q.length,
      kv: kv.length,
      weights: weights.length,
      dOut: dOut.length,
    });
  },
  flashAttention(q, kv, mask, p) {
    attentionSizes("flashAttention", p, { q: q.length, kv: kv.length, mask: mask?.length });
  },

  gruCell(xp, hp, h, p) {
    gruCellSizes("gruCell", xp, p);
    length("gruCell", "hp", hp, [p.batch, 3 * p.hidden]);
    length("gruCell", "h", h, [p.batch, p.hidden]);
  },
  gruCellBackward(xp, hp, h, dhNext, p) {
    gruCellSizes("gruCellBackward", xp, p);
    length("gruCellBackward", "hp", hp, [p.batch, 3 * p.hidden]);
    length("gruCellBackward", "h", h, [p.batch, p.hidden]);
    length("gruCellBackward", "dhNext", dhNext, [p.batch, p.hidden]);
  },
  gruSequence(xp, weightHh, biasHh, h0, p) {
    const { batch: B, steps: S, hidden: H } = p;
    sequenceSizes("gruSequence", p, {
      xp: [xp, [B, S, 3 * H]],
      weightHh: [weightHh, [3 * H, H]],
      biasHh: [biasHh, [3 * H]],
      h0: [h0, [B, H]],
    });
  },
  gruSequenceBackward(saved, weightHh, out, h0, dOut, p) {
    const { batch: B, steps: S, hidden: H } = p;
    sequenceSizes("gruSequenceBackward", p, {
      saved: [saved, [B, S, 4 * H]],
      weightHh: [weightHh, [3 * H, H]],
      out: [out, [B, S, H]],
      h0: [h0, [B, H]],
      dOut: [dOut, [B, S, H]],
    });
  },
  lstmSequence(xp, weightHh, biasHh, h0, c0, p) {
    const { batch: B, steps: S, hidden: H } = p;
    sequenceSizes("lstmSequence", p, {
      xp: [xp, [B, S, 4 * H]],
      weightHh: [weightHh, [4 * H, H]],
      biasHh: [biasHh, [4 * H]],
      h0: [h0, [B, H]],
      c0: [c0, [B, H]],
    });
  },
  lstmSequenceBackward(saved, weightHh, out, h0, c0, dOut, p) {
    const { batch: B, steps: S, hidden: H } = p;
    sequenceSizes("lstmSequenceBackward", p, {
      saved: [saved, [B, S, 4 * H]],
      weightHh: [weightHh, [4 * H, H]],
      out: [out, [B, S, 2 * H]],
      h0: [h0, [B, H]],
      c0: [c0, [B, H]],
      dOut: [dOut, [B, S, 2 * H]],
    });
  },

  adam(param, grad, m, v, normSq, p) {
    size("adam", "n", p.n);
    if (!Number.isInteger(p.step) || p.step < 1) {
      throw new Error(`adam: expected a 1-based integer step, got ${p.step}`);
    }
    for (const [name, s] of [["param", param], ["grad", grad], ["m", m], ["v", v]] as const) {
      length("adam", name, s, [p.n]);
    }
    if (p.clip) {
      if (!normSq) throw new Error("adam: clip is set, expected a normSq storage, got null");
      length("adam", "normSq", normSq, [1]);
    }
  },
};

/**
 * Class decorator of a backend: every checked primitive of the class first runs its check
 * from `checks` (with the same arguments), then the backend's own method. Applied to the
 * prototype once, so `new CpuBackend()` is always validated and costs one more call per
 * primitive.
 */
export function validated<S extends Sized, C extends abstract new (...args: never[]) => Backend<S>>(
  backend: C,
  _context: ClassDecoratorContext<C>,
): void {
  const prototype = backend.prototype as Record<CheckedPrimitive, (...args: unknown[]) => unknown>;
  for (const name of Object.keys(checks) as CheckedPrimitive[]) {
    const run = prototype[name];
    const check = checks[name] as (...args: unknown[]) => void;
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      check(...args);
      return run.apply(this, args);
    };
  }
}
