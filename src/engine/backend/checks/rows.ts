/**
 * The checks of the row-wise primitives: softmax (with its masks), log-softmax, cross-entropy,
 * layer norm, row and column sums, argmax and the sums of squares.
 */
import { distinct, integer, length, positive, rowMatrix, size } from "./assert.ts";
import type { CheckGroup, Sized } from "./types.ts";

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

/** The checks of the row-wise primitives. */
export const rowChecks = {
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
} satisfies CheckGroup;
