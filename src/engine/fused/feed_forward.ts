/**
 * The position-wise feed-forward network of a Transformer layer with a relu (Vaswani et al.
 * 2017, eq. 2), FFN(x) = max(0, x W1^T + b1) W2^T + b2, as one differentiable op of two
 * matmuls: bias and relu ride in the first one's store, bias and an optional residual add in
 * the second's. Recorded as one node, its backward masks dH by the relu inside the dH = dY W2
 * product (a relu's output is positive exactly where its input was), so the relu costs no
 * dispatch in either direction.
 */
import { shapeText, type Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, sameShape, wrap } from "../ops/checks.ts";
import { residualFolded, takeResidual } from "../ops/residual.ts";

/** The two layers of {@link feedForwardRelu}, as torch.nn.Linear's parameters. */
export interface FeedForwardWeights {
  w1: Tensor; // [ffn, d]
  b1: Tensor; // [ffn]
  w2: Tensor; // [d, ffn]
  b2: Tensor; // [d]
}

/**
 * max(0, x W1^T + b1) W2^T + b2 over the last axis: x [..., d] -> [..., d], inside
 * ops.residual also + the residual (its add folded into the second matmul's store). 2
 * dispatches forward, 4 backward (dH, dW2 and db2, dW1 and db1, dX).
 */
export function feedForwardRelu(x: Tensor, weights: FeedForwardWeights): Tensor {
  const { w1, b1, w2, b2 } = weights;
  const residual = takeResidual(x.shape, null) ?? undefined; // folded into the 2nd matmul
  const operands = [x, w1, b1, w2, b2, ...(residual ? [residual] : [])];
  const backend = backendOf("feedForwardRelu", ...operands);
  const d = x.shape[x.rank - 1];
  const ffn = w1.shape[0];
  const expect = (name: string, t: Tensor, shape: number[]) => {
    if (!sameShape(t.shape, shape)) {
      throw new Error(
        `feedForwardRelu: expected ${name} of shape ${shapeText(shape)}, got ${shapeText(t.shape)}`,
      );
    }
  };
  expect("w1", w1, [ffn, d]);
  expect("b1", b1, [ffn]);
  expect("w2", w2, [d, ffn]);
  expect("b2", b2, [d]);
  if (residual) expect("residual", residual, [...x.shape]);
  const rows = x.size / d;
  // h = max(0, x W1^T + b1) [rows, ffn]; y = h W2^T + b2 (+ residual) [rows, d].
  const h = backend.matmul(x.data, w1.data, { batch: 1, m: rows, k: d, n: ffn, transB: true }, {
    bias: b1.data,
    relu: true,
  });
  const y = backend.matmul(h, w2.data, { batch: 1, m: rows, k: ffn, n: d, transB: true }, {
    bias: b2.data,
    residual: residual?.data,
  });
  const hidden = wrap(backend, h, [rows, ffn]); // saved for backward, in the caller's scope
  const out = wrap(backend, y, x.shape);
  if (residual) residualFolded(out);
  return recordOp("feedForwardRelu", out, operands, (dy) => {
    const residualIsX = residual === x;
    // dPre = (dY W2) masked where the relu was off [rows, ffn].
    const dPre = backend.matmul(dy.data, w2.data, { batch: 1, m: rows, k: d, n: ffn }, {
      reluMask: hidden.data,
    });
    // dW = dG^T input, and db = dG's column sums from the same product (or alone).
    const gradsOf = (g: unknown, input: unknown, [w, b]: Tensor[]): (Tensor | null)[] => {
      const [m, n] = w.shape;
      const db = b.needsGrad
        ? (w.needsGrad ? backend.alloc(m) : backend.sumCols(g, { rows, cols: m }))
        : undefined;
      const dw = w.needsGrad
        ? backend.matmul(g, input, { batch: 1, m, k: rows, n, transA: true }, { rowSums: db })
        : null;
      return [
        dw === null ? null : wrap(backend, dw, w.shape),
        db === undefined ? null : wrap(backend, db, [m]),
      ];
    };
    const [dw1, db1] = gradsOf(dPre, x.data, [w1, b1]); // dW1 = dPre^T X
    const [dw2, db2] = gradsOf(dy.data, hidden.data, [w2, b2]); // dW2 = dY^T H
    const grads = [
      x.needsGrad
        ? wrap(
          backend,
          backend.matmul(dPre, w1.data, { batch: 1, m: rows, k: ffn, n: d }, {
            residual: residualIsX ? dy.data : undefined,
          }),
          x.shape,
        ) // dX = dPre W1 (+ dY when x is also the residual)
        : null,
      dw1,
      db1,
      dw2,
      db2,
    ];
    backend.release(dPre);
    if (residual) grads.push(residual.needsGrad && !residualIsX ? dy : null);
    return grads;
  });
}
