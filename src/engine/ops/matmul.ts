/**
 * Matrix products with their backward: `matmul` (batched, with transposed
 * operands and a broadcast matrix) and `linear` (a PyTorch nn.Linear layer).
 */
import type { Backend, MatmulParams } from "../backend/contract.ts";
import { shapeText, sizeOf, Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, reduceTo, sameShape, wrap } from "./checks.ts";
import { type MatrixOperand, matrixOperand } from "./matrix_operand.ts";
import { residualFolded, takeResidual } from "./residual.ts";

/** Which operands are stored transposed. */
export interface MatmulOptions {
  /** a is stored [..., k, m]. */
  transA?: boolean;
  /** b is stored [..., n, k]. */
  transB?: boolean;
}

/**
 * The product op(a) @ op(b) without recording: a [..., m, k], b [..., k, n]
 * (as stored with the flags) -> [..., m, n]. Batch dims must be equal, or one
 * operand is a matrix shared by every batch entry. A shared right operand with
 * an untransposed left one folds the batch into rows: one [B*m, k] @ [k, n].
 */
function product(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const backend = backendOf("matmul", a, b);
  if (a.rank < 2 || b.rank < 2) {
    throw new Error(
      `matmul: expected operands of rank 2 or more, got a ${shapeText(a.shape)}, b ${
        shapeText(b.shape)
      }`,
    );
  }
  const m = transA ? a.shape[a.rank - 1] : a.shape[a.rank - 2];
  const k = transA ? a.shape[a.rank - 2] : a.shape[a.rank - 1];
  const kb = transB ? b.shape[b.rank - 1] : b.shape[b.rank - 2];
  const n = transB ? b.shape[b.rank - 2] : b.shape[b.rank - 1];
  if (k !== kb) {
    throw new Error(
      `matmul: inner dimensions differ: a is ${shapeText(a.shape)}${transA ? " (transA)" : ""}, ` +
        `b is ${shapeText(b.shape)}${transB ? " (transB)" : ""}`,
    );
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  let batchShape: readonly number[];
  let p: MatmulParams;
  // How each operand's leading dims are read (views are read in place: matrix_operand.ts).
  let readA: "batch" | "shared" | "rows" = "batch";
  let readB: "batch" | "shared" | "rows" = "batch";
  if (sameShape(batchA, batchB)) {
    batchShape = batchA;
    p = { batch: sizeOf(batchA), m, k, n, transA, transB };
    if (a.rank === 2) [readA, readB] = ["shared", "shared"];
  } else if (b.rank === 2) {
    batchShape = batchA;
    const batch = sizeOf(batchA);
    readB = "shared";
    const foldable = !transA && matrixOperand(a, "rows").layout !== undefined;
    if (transA || (!a.isDense && !foldable)) {
      p = { batch, m, k, n, transA, transB, broadcastB: true };
    } else {
      p = { batch: 1, m: batch * m, k, n, transB }; // fold the batch into rows
      readA = "rows";
    }
  } else if (a.rank === 2) {
    batchShape = batchB;
    p = { batch: sizeOf(batchB), m, k, n, transA, transB, broadcastA: true };
    readA = "shared";
  } else {
    throw new Error(
      `matmul: batch dimensions differ: a is ${shapeText(a.shape)}, b is ${shapeText(b.shape)}; ` +
        `they must be equal, or one operand must be a matrix`,
    );
  }
  const ma = matrixOperand(a, readA);
  const mb = matrixOperand(b, readB);
  const out = backend.matmul(ma.data, mb.data, p, { aLayout: ma.layout, bLayout: mb.layout });
  return wrap(backend, out, [...batchShape, m, n]);
}

/**
 * Batched matrix product op(a) @ op(b): a [..., m, k] (stored [..., k, m] with
 * transA), b [..., k, n] (stored [..., n, k] with transB) -> [..., m, n].
 * The batch dims must be equal, or one operand is a matrix (rank 2) shared by
 * every batch entry; its gradient sums over the batch.
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const transA = options.transA ?? false;
  const transB = options.transB ?? false;
  const out = product(a, b, transA, transB); // [..., m, n]
  return recordOp("matmul", out, [a, b], (dy) => {
    // With A' = op(a), B' = op(b): dA' = dY B'^T and dB' = A'^T dY.
    let da: Tensor | null = null;
    let db: Tensor | null = null;
    if (a.needsGrad) {
      const full = transA ? product(b, dy, transB, true) : product(dy, b, false, !transB);
      da = reduceTo(full, a.shape, true); // sums over the batch when a is shared
    }
    if (b.needsGrad) {
      if (b.rank === 2 && a.rank > 2 && !transA) {
        // b shared over the batch: fold the batch into rows, one matmul sums it.
        const rows = a.size / a.shape[a.rank - 1];
        const aFlat = a.view([rows, a.shape[a.rank - 1]]); // [B*m, k]
        const dyFlat = dy.view([rows, dy.shape[dy.rank - 1]]); // [B*m, n]
        db = transB ? product(dyFlat, aFlat, true, false) : product(aFlat, dyFlat, true, false);
        aFlat.dispose();
        dyFlat.dispose();
      } else {
        const full = transB ? product(dy, a, true, transA) : product(a, dy, !transA, false);
        db = reduceTo(full, b.shape, true);
      }
    }
    return [da, db];
  });
}

/** Options of {@link linear}: work folded into the layer's one matmul. */
export interface LinearOptions {
  /** max(y, 0) in the matmul's store (a Transformer FFN's relu; Vaswani et al. 2017, eq. 2). */
  activation?: "relu";
}

/**
 * A fully connected layer as torch.nn.Linear: y = x W^T + bias, with
 * x [..., in], weight [out, in], bias [out] -> [..., out]. The leading dims
 * are flattened so that the whole layer is one 2-D matmul, and views are read in place (one
 * projection's rows of a packed weight, the last step of a sequence): the layer is one
 * dispatch whatever it includes. The bias, a relu and (inside ops.residual) the residual add
 * ride in its store.
 */
export function linear(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor,
  options: LinearOptions = {},
): Tensor {
  const backend = backendOf("linear", x, weight, ...(bias ? [bias] : []));
  const [outFeatures, inFeatures] = linearShapes(x, weight, bias);
  const rows = x.size / inFeatures;
  const outShape = [...x.shape.slice(0, -1), outFeatures];
  const residual = takeResidual(outShape, x);
  const relu = options.activation === "relu";
  const xs = x.rank >= 2 ? matrixOperand(x, "rows") : { data: x.data };
  const ws = matrixOperand(weight, "shared");
  const bs = bias ? vectorOperand(bias) : undefined;
  const y = backend.matmul(xs.data, ws.data, {
    batch: 1,
    m: rows,
    k: inFeatures,
    n: outFeatures,
    transB: true,
  }, {
    aLayout: xs.layout,
    bLayout: ws.layout,
    bias: bs?.data,
    biasOffset: bs?.offset,
    relu,
    residual: residual?.data,
  }); // [rows, out]
  const out = wrap(backend, y, outShape);
  if (residual) residualFolded(out);
  const operands = [x, weight, ...(bias ? [bias] : []), ...(residual ? [residual] : [])];
  const saved = { backend, x, weight, bias, residual, xs, ws, y, relu };
  return recordOp("linear", out, operands, (dy) => linearBackward(saved, dy));
}

/** Throws unless weight is [out, in], x is [..., in] and bias is [out]; returns [out, in]. */
function linearShapes(x: Tensor, weight: Tensor, bias?: Tensor): [number, number] {
  if (weight.rank !== 2) {
    throw new Error(`linear: expected a weight of shape [out, in], got ${shapeText(weight.shape)}`);
  }
  const [outFeatures, inFeatures] = weight.shape;
  if (x.rank < 1 || x.shape[x.rank - 1] !== inFeatures) {
    throw new Error(
      `linear: expected x of shape [..., ${inFeatures}] for weight ${shapeText(weight.shape)}, ` +
        `got ${shapeText(x.shape)}`,
    );
  }
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outFeatures)) {
    throw new Error(
      `linear: expected a bias of shape [${outFeatures}], got ${shapeText(bias.shape)}`,
    );
  }
  return [outFeatures, inFeatures];
}

/** What {@link linearBackward} needs of the forward. */
interface LinearSaved {
  backend: Backend;
  x: Tensor;
  weight: Tensor;
  bias?: Tensor;
  residual: Tensor | null;
  /** x and the weight as the forward's matmul read them. */
  xs: MatrixOperand;
  ws: MatrixOperand;
  /** The forward's output storage [rows, out] (after the relu, when there is one). */
  y: unknown;
  relu: boolean;
}

/**
 * The gradients of x, the weight, the bias and the residual: dX = dY W, dW = dY^T X with the
 * bias gradient (dY's column sums) from the same product, all through the relu first.
 */
function linearBackward(saved: LinearSaved, dy: Tensor): (Tensor | null)[] {
  const { backend, x, weight, bias, residual, xs, ws, y, relu } = saved;
  const [outFeatures, inFeatures] = weight.shape;
  const rows = x.size / inFeatures;
  const outShape = [...x.shape.slice(0, -1), outFeatures];
  // Through the relu first: its output is zero exactly where its input was <= 0.
  const dPre = relu
    ? wrap(backend, backend.unaryBackward("relu", y, y, dy.data, { n: dy.size }), outShape)
    : dy;
  // x is also the residual (post-norm around a single linear): dX = dY W + dY in one store.
  const residualIsX = residual === x;
  const dx = x.needsGrad
    ? wrap(
      backend,
      backend.matmul(dPre.data, ws.data, {
        batch: 1,
        m: rows,
        k: outFeatures,
        n: inFeatures,
      }, { bLayout: ws.layout, residual: residualIsX ? dy.data : undefined }),
      x.shape,
    ) // dX = dY W
    : null;
  // dW = dY^T X; the bias gradient, dY's column sums, comes out of the same product.
  const db = bias?.needsGrad
    ? weight.needsGrad
      ? backend.alloc(outFeatures)
      : backend.sumCols(dPre.data, { rows, cols: outFeatures })
    : undefined;
  const dw = weight.needsGrad
    ? wrap(
      backend,
      backend.matmul(dPre.data, xs.data, {
        batch: 1,
        m: outFeatures,
        k: rows,
        n: inFeatures,
        transA: true,
      }, { bLayout: xs.layout, rowSums: db }),
      [outFeatures, inFeatures],
    )
    : null;
  const dbias = db === undefined ? null : wrap(backend, db, [outFeatures]);
  if (dPre !== dy) dPre.dispose();
  const dResidual = residual?.needsGrad && !residualIsX ? dy : null;
  return [dx, dw, ...(bias ? [dbias] : []), ...(residual ? [dResidual] : [])];
}

/** A vector read in place: its storage and offset (a contiguous view), else its dense copy. */
function vectorOperand(v: Tensor): { data: unknown; offset: number } {
  if (v.isDense) return { data: v.data, offset: 0 };
  if (v.layout.strides[0] === 1) return { data: v.storage, offset: v.layout.offset };
  return { data: v.data, offset: 0 };
}
