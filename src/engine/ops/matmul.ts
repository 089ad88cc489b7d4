/**
 * Matrix products with their backward: `matmul` (batched, with transposed
 * operands and a broadcast matrix) and `linear` (a PyTorch nn.Linear layer).
 */
import type { MatmulParams } from "../backend/contract.ts";
import { shapeText, sizeOf, Tensor } from "../tensor.ts";
import { AxisGradient, recordOp } from "../tape.ts";
import { backendOf, reduceTo, sameShape, wrap } from "./checks.ts";

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
  if (sameShape(batchA, batchB)) {
    batchShape = batchA;
    p = { batch: sizeOf(batchA), m, k, n, transA, transB };
  } else if (b.rank === 2) {
    batchShape = batchA;
    const batch = sizeOf(batchA);
    p = transA
      ? { batch, m, k, n, transA, transB, broadcastB: true }
      : { batch: 1, m: batch * m, k, n, transB }; // fold the batch into rows
  } else if (a.rank === 2) {
    batchShape = batchB;
    p = { batch: sizeOf(batchB), m, k, n, transA, transB, broadcastA: true };
  } else {
    throw new Error(
      `matmul: batch dimensions differ: a is ${shapeText(a.shape)}, b is ${shapeText(b.shape)}; ` +
        `they must be equal, or one operand must be a matrix`,
    );
  }
  return wrap(backend, backend.matmul(a.data, b.data, p), [...batchShape, m, n]);
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
  /**
   * Added to the output in the same store, y = x W^T + b + residual (a residual connection,
   * He et al. 2016), residual [..., out] shaped like y. Its gradient is dy, passed through.
   */
  residual?: Tensor;
  /**
   * Use only rows start .. start + count - 1 of weight [total, in] and of bias [total]: one
   * projection of a packed weight (W^Q of torch's in_proj_weight) read in place, no slice copy.
   */
  rows?: { start: number; count: number };
}

/**
 * A fully connected layer as torch.nn.Linear: y = x W^T + bias, with
 * x [..., in], weight [out, in], bias [out] -> [..., out]. The leading dims
 * are flattened so that the whole layer is one 2-D matmul; the bias, a relu and a residual
 * add ride in its store (MatmulExtras), so the layer is one dispatch whatever it includes.
 */
export function linear(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor,
  options: LinearOptions = {},
): Tensor {
  const { residual, rows: window } = options;
  const operands = [x, weight, ...(bias ? [bias] : []), ...(residual ? [residual] : [])];
  const backend = backendOf("linear", ...operands);
  if (weight.rank !== 2) {
    throw new Error(`linear: expected a weight of shape [out, in], got ${shapeText(weight.shape)}`);
  }
  const [totalOut, inFeatures] = weight.shape;
  const start = window?.start ?? 0;
  const outFeatures = window?.count ?? totalOut;
  if (
    !Number.isInteger(start) || !Number.isInteger(outFeatures) || start < 0 ||
    outFeatures < 1 || start + outFeatures > totalOut
  ) {
    throw new Error(
      `linear: expected weight rows within [0, ${totalOut}), ` +
        `got start ${start} and count ${outFeatures}`,
    );
  }
  if (x.rank < 1 || x.shape[x.rank - 1] !== inFeatures) {
    throw new Error(
      `linear: expected x of shape [..., ${inFeatures}] for weight ${shapeText(weight.shape)}, ` +
        `got ${shapeText(x.shape)}`,
    );
  }
  if (bias && (bias.rank !== 1 || bias.shape[0] !== totalOut)) {
    throw new Error(
      `linear: expected a bias of shape [${totalOut}], got ${shapeText(bias.shape)}`,
    );
  }
  const rows = x.size / inFeatures;
  const outShape = [...x.shape.slice(0, -1), outFeatures];
  if (residual && !sameShape(residual.shape, outShape)) {
    throw new Error(
      `linear: expected a residual of shape ${shapeText(outShape)}, got ${
        shapeText(residual.shape)
      }`,
    );
  }
  const relu = options.activation === "relu";
  // A window of the weight is read in place (the default layout would expect the whole matrix).
  const weightRows = outFeatures < totalOut ? { offset: start * inFeatures } : undefined;
  const y = backend.matmul(x.data, weight.data, {
    batch: 1,
    m: rows,
    k: inFeatures,
    n: outFeatures,
    transB: true,
  }, {
    bLayout: weightRows,
    bias: bias?.data,
    biasOffset: start,
    relu,
    residual: residual?.data,
  }); // [rows, out]
  const out = wrap(backend, y, outShape);
  return recordOp("linear", out, operands, (dy) => {
    // Through the relu first: its output is zero exactly where its input was <= 0.
    const dPre = relu
      ? wrap(backend, backend.unaryBackward("relu", y, y, dy.data, { n: dy.size }), outShape)
      : dy;
    // x is also the residual (post-norm around a single linear): dX = dY W + dY in one store.
    const residualIsX = residual === x;
    const dx = x.needsGrad
      ? wrap(
        backend,
        backend.matmul(dPre.data, weight.data, {
          batch: 1,
          m: rows,
          k: outFeatures,
          n: inFeatures,
        }, { bLayout: weightRows, residual: residualIsX ? dy.data : undefined }),
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
      ? windowed(
        wrap(
          backend,
          backend.matmul(dPre.data, x.data, {
            batch: 1,
            m: outFeatures,
            k: rows,
            n: inFeatures,
            transA: true,
          }, { rowSums: db }),
          [outFeatures, inFeatures],
        ),
        totalOut,
        start,
      )
      : null;
    const dbias = db === undefined
      ? null
      : windowed(wrap(backend, db, [outFeatures]), totalOut, start);
    if (dPre !== dy) dPre.dispose();
    const dResidual = residual?.needsGrad && !residualIsX ? dy : null;
    return [dx, dw, ...(bias ? [dbias] : []), ...(residual ? [dResidual] : [])];
  });
}

/** A gradient of rows start .. start + rows of a [total, ...] parameter (whole when it is all). */
function windowed(part: Tensor, total: number, start: number): Tensor | AxisGradient {
  const rows = part.shape[0];
  if (rows === total) return part;
  const inner = part.size / rows;
  return new AxisGradient(part, { outer: 1, axisLen: total, inner, start, len: rows });
}
