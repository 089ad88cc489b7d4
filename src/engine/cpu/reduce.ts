import type { RowParams } from "../backend/contract.ts";

/** Sum over the last axis: [rows, cols] -> [rows], accumulated in float64. */
export function sumRows(x: Float32Array, p: RowParams): Float32Array {
  const out = new Float32Array(p.rows);
  for (let r = 0; r < p.rows; r++) {
    let sum = 0;
    for (let j = 0; j < p.cols; j++) sum += x[r * p.cols + j];
    out[r] = sum;
  }
  return out;
}

/** Sum over the leading axis: [rows, cols] -> [cols], accumulated in float64. */
export function sumCols(x: Float32Array, p: RowParams): Float32Array {
  const sums = new Float64Array(p.cols);
  for (let r = 0; r < p.rows; r++) {
    for (let j = 0; j < p.cols; j++) sums[j] += x[r * p.cols + j];
  }
  return Float32Array.from(sums);
}

/** Sum of squares of all n elements, as a 1-element array. */
export function sumSquares(x: Float32Array, p: { n: number }): Float32Array {
  let sum = 0;
  for (let i = 0; i < p.n; i++) sum += x[i] * x[i];
  return Float32Array.of(sum);
}

/**
 * Index of the largest value of each row, first one on ties, as float32
 * [rows]. NaN counts as smaller than everything (a row of NaN gives 0).
 */
export function argmax(x: Float32Array, p: RowParams): Float32Array {
  const out = new Float32Array(p.rows);
  for (let r = 0; r < p.rows; r++) {
    let best = 0;
    let bestValue = x[r * p.cols];
    for (let j = 1; j < p.cols; j++) {
      const v = x[r * p.cols + j];
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(bestValue) || v > bestValue) {
        best = j;
        bestValue = v;
      }
    }
    out[r] = best;
  }
  return out;
}
