import type { MatmulExtras, MatmulParams } from "../backend/contract.ts";
import { baseOf, type Strides, stridesOf } from "../backend/matrix_layout.ts";

/** The stored rows x cols matrix of batch entry g as a contiguous row-major copy. */
function gather(s: Float32Array, st: Strides, g: number, rows: number, cols: number): Float32Array {
  const base = baseOf(st, g);
  if (st.rowStride === cols) return s.subarray(base, base + rows * cols);
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    out.set(s.subarray(base + r * st.rowStride, base + r * st.rowStride + cols), r * cols);
  }
  return out;
}

/**
 * Batched matrix product out[b] = op(a[b]) @ op(b[b]), out [batch, m, n], with the strided
 * layouts and the epilogue of MatmulExtras (bias, relu, relu mask, residual, writing into an
 * existing storage, the row sums of op(a)). Returns the output: `extras.into` when given.
 *
 * Transposed or strided operands are first copied into row-major [m, k] / [k, n] form
 * (O(mk + kn), small next to the O(mkn) product), so one i-k-j loop serves
 * every case: the inner loop walks a row of b and a row of out contiguously,
 * which is what keeps plain TypeScript cache-friendly.
 */
export function matmul(
  a: Float32Array,
  b: Float32Array,
  p: MatmulParams,
  extras: MatmulExtras<Float32Array> = {},
): Float32Array {
  const { batch, m, k, n } = p;
  const aSt = stridesOf(extras.aLayout, {
    rows: p.transA ? k : m,
    cols: p.transA ? m : k,
    broadcast: !!p.broadcastA,
  });
  const bSt = stridesOf(extras.bLayout, {
    rows: p.transB ? n : k,
    cols: p.transB ? k : n,
    broadcast: !!p.broadcastB,
  });
  const out = extras.into ?? new Float32Array(batch * m * n); // [batch, m, n]
  const outSt = stridesOf(extras.outLayout, { rows: m, cols: n, broadcast: false });
  const { bias, reluMask, residual, rowSums } = extras;
  const biasOffset = extras.biasOffset ?? 0;

  const row = new Float64Array(n); // one output row, accumulated in float64
  // Row-major op(a) and op(b) of a batch entry, reused while the entry's matrix is the same one
  // (a broadcast operand).
  let aMat: Float32Array = new Float32Array(0);
  let bMat: Float32Array = new Float32Array(0);
  for (let bi = 0; bi < batch; bi++) {
    if (bi === 0 || baseOf(aSt, bi) !== baseOf(aSt, bi - 1)) {
      aMat = rowMajor(gather(a, aSt, bi, p.transA ? k : m, p.transA ? m : k), m, k, !!p.transA);
    }
    if (bi === 0 || baseOf(bSt, bi) !== baseOf(bSt, bi - 1)) {
      bMat = rowMajor(gather(b, bSt, bi, p.transB ? n : k, p.transB ? k : n), k, n, !!p.transB);
    }
    const outBase = baseOf(outSt, bi);
    if (rowSums) {
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let kk = 0; kk < k; kk++) s += aMat[i * k + kk];
        rowSums[i] = s;
      }
    }
    for (let i = 0; i < m; i++) {
      row.fill(0);
      const aRow = i * k;
      for (let kk = 0; kk < k; kk++) {
        const aik = aMat[aRow + kk];
        const bRow = kk * n;
        for (let j = 0; j < n; j++) row[j] += aik * bMat[bRow + j];
      }
      const at = outBase + i * outSt.rowStride;
      for (let j = 0; j < n; j++) {
        // Rounded to float32 first, as the GPU kernels hold it, then the epilogue in float32.
        let v = Math.fround(row[j]);
        if (bias) v = Math.fround(v + bias[biasOffset + j]);
        if (extras.relu) v = Math.max(v, 0);
        if (reluMask && !(reluMask[at + j] > 0)) v = 0;
        if (residual) v = Math.fround(v + residual[at + j]);
        out[at + j] = v;
      }
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
