import type { MatmulParams } from "../backend.ts";
import { checkLength, checkSize } from "./check.ts";

/**
 * Batched matrix product out[b] = op(a[b]) @ op(b[b]), out [batch, m, n].
 *
 * Transposed operands are first copied into row-major [m, k] / [k, n] form
 * (O(mk + kn), small next to the O(mkn) product), so one i-k-j loop serves
 * every case: the inner loop walks a row of b and a row of out contiguously,
 * which is what keeps plain TypeScript cache-friendly.
 */
export function matmul(a: Float32Array, b: Float32Array, p: MatmulParams): Float32Array {
  const { batch, m, k, n } = p;
  for (const [name, v] of Object.entries({ batch, m, k, n })) checkSize("matmul", name, v);
  const aBatch = p.broadcastA ? 1 : batch;
  const bBatch = p.broadcastB ? 1 : batch;
  checkLength("matmul", "a", a, p.transA ? [aBatch, k, m] : [aBatch, m, k]);
  checkLength("matmul", "b", b, p.transB ? [bBatch, n, k] : [bBatch, k, n]);

  const out = new Float32Array(batch * m * n); // [batch, m, n]
  const row = new Float64Array(n); // one output row, accumulated in float64
  let aMat: Float32Array = new Float32Array(0);
  let bMat: Float32Array = new Float32Array(0);
  for (let bi = 0; bi < batch; bi++) {
    // Row-major copies of this batch entry's operands (reused when broadcast).
    if (bi < aBatch) aMat = rowMajor(a.subarray(bi * m * k, (bi + 1) * m * k), m, k, !!p.transA);
    if (bi < bBatch) bMat = rowMajor(b.subarray(bi * k * n, (bi + 1) * k * n), k, n, !!p.transB);
    const outOffset = bi * m * n;
    for (let i = 0; i < m; i++) {
      row.fill(0);
      const aRow = i * k;
      for (let kk = 0; kk < k; kk++) {
        const aik = aMat[aRow + kk];
        const bRow = kk * n;
        for (let j = 0; j < n; j++) row[j] += aik * bMat[bRow + j];
      }
      for (let j = 0; j < n; j++) out[outOffset + i * n + j] = row[j];
    }
  }
  return out;
}

/** The [rows, cols] matrix in `src` as row-major; `transposed`: src is stored [cols, rows]. */
function rowMajor(
  src: Float32Array,
  rows: number,
  cols: number,
  transposed: boolean,
): Float32Array {
  if (!transposed) return src;
  const out = new Float32Array(rows * cols);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) out[r * cols + c] = src[c * rows + r];
  }
  return out;
}
