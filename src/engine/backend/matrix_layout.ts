/**
 * A matmul operand's MatrixLayout with its defaults filled in, the same on every backend (the
 * validation checks it, the kernels read their operands by it).
 */
import type { MatrixLayout } from "./contract.ts";

/** A MatrixLayout with every default filled in. */
export interface Strides {
  offset: number;
  rowStride: number;
  heads: number;
  headStride: number;
  batchStride: number;
}

/**
 * The strides of an operand stored as `rows` x `cols` matrices: the contiguous ones without a
 * layout (one matrix for all batch entries when broadcast), else the layout's, defaulted.
 */
export function stridesOf(
  layout: MatrixLayout | undefined,
  dims: { rows: number; cols: number; broadcast: boolean },
): Strides {
  const contiguous = dims.broadcast ? 0 : dims.rows * dims.cols;
  return {
    offset: layout?.offset ?? 0,
    rowStride: layout?.rowStride ?? dims.cols,
    heads: layout?.heads ?? 1,
    headStride: layout?.headStride ?? 0,
    batchStride: layout?.batchStride ?? contiguous,
  };
}

/** Where batch entry g's matrix starts. */
export function baseOf(st: Strides, g: number): number {
  return st.offset + Math.floor(g / st.heads) * st.batchStride + (g % st.heads) * st.headStride;
}
