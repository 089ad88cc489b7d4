/**
 * How a matmul reads a tensor in place: its storage and a MatrixLayout (offset, row stride,
 * batch and head strides), so that a view (one head of a packed projection, a slice of a
 * weight, the last step of a sequence) costs no copy. A tensor whose layout a MatrixLayout
 * cannot express (a last dim that is not contiguous, leading dims that do not collapse)
 * falls back to its dense copy.
 */
import type { MatrixLayout } from "../backend/contract.ts";
import type { Tensor } from "../tensor.ts";

/** A matmul operand: the storage to read and, for a view, where its matrices are. */
export interface MatrixOperand {
  data: unknown;
  layout?: MatrixLayout;
}

/**
 * `t` (rank >= 2, matrices in its last two dims) as a matmul operand. `batchDims` is how the
 * product sees t's leading dims: "batch" (one matrix per leading index, as [B, m, k] or
 * [B, h, m, k]), "shared" (a rank-2 matrix used by every batch entry) or "rows" (the leading
 * dims folded into the matrix's rows: [B, m, k] read as [B*m, k]).
 */
export function matrixOperand(t: Tensor, batchDims: "batch" | "shared" | "rows"): MatrixOperand {
  if (t.isDense) return { data: t.data };
  const { strides, offset } = t.layout;
  const r = t.rank;
  if (strides[r - 1] !== 1 && t.shape[r - 1] !== 1) return { data: t.data };
  const rowStride = t.shape[r - 2] === 1 ? t.shape[r - 1] : strides[r - 2];
  if (batchDims === "shared") {
    return r === 2 ? { data: t.storage, layout: { offset, rowStride } } : { data: t.data };
  }
  if (batchDims === "rows") {
    // Every leading dim must step over whole runs of the one below, down to the rows.
    for (let d = r - 3; d >= 0; d--) {
      const inner = strides[d + 1] * t.shape[d + 1];
      if (t.shape[d] !== 1 && strides[d] !== (d === r - 3 ? rowStride * t.shape[r - 2] : inner)) {
        return { data: t.data };
      }
    }
    return { data: t.storage, layout: { offset, rowStride } };
  }
  if (r === 3) {
    return { data: t.storage, layout: { offset, rowStride, batchStride: strides[0] } };
  }
  if (r === 4) {
    return {
      data: t.storage,
      layout: {
        offset,
        rowStride,
        heads: t.shape[1],
        headStride: strides[1],
        batchStride: strides[0],
      },
    };
  }
  return { data: t.data };
}
