/**
 * Matrix products with their backward: `matmul` (batched, with transposed
 * operands and a broadcast matrix) and `linear` (a PyTorch nn.Linear layer).
 */
import type { MatmulParams } from "../backend.ts";
import { shapeText, sizeOf, Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
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

/**
 * A fully connected layer as torch.nn.Linear: y = x W^T + bias, with
 * x [..., in], weight [out, in], bias [out] -> [..., out]. The leading dims
 * are flattened so that the whole layer is one 2-D matmul.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  const backend = bias ? backendOf("linear", x, weight, bias) : backendOf("linear", x, weight);
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
  const rows = x.size / inFeatures;
  const outShape = [...x.shape.slice(0, -1), outFeatures];
  let y = backend.matmul(x.data, weight.data, {
    batch: 1,
    m: rows,
    k: inFeatures,
    n: outFeatures,
    transB: true,
  }); // [rows, out]
  if (bias) {
    const withBias = backend.biasAdd(y, bias.data, { rows, cols: outFeatures });
    backend.release(y);
    y = withBias;
  }
  const out = wrap(backend, y, outShape);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return recordOp("linear", out, inputs, (dy) => {
    const dx = x.needsGrad
      ? wrap(
        backend,
        backend.matmul(dy.data, weight.data, { batch: 1, m: rows, k: outFeatures, n: inFeatures }),
        x.shape,
      ) // dX = dY W
      : null;
    const dw = weight.needsGrad
      ? wrap(
        backend,
        backend.matmul(dy.data, x.data, {
          batch: 1,
          m: outFeatures,
          k: rows,
          n: inFeatures,
          transA: true,
        }),
        weight.shape,
      ) // dW = dY^T X
      : null;
    const dbias = bias?.needsGrad
      ? wrap(backend, backend.sumCols(dy.data, { rows, cols: outFeatures }), bias.shape)
      : null;
    return bias ? [dx, dw, dbias] : [dx, dw];
  });
}
