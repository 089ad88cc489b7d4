/**
 * The checks of the matrix product: sizes, each operand's layout inside its storage, and the
 * epilogue's storages (bias, relu mask, residual, row sums) of the output's size.
 */
import type { MatrixLayout } from "../contract.ts";
import { baseOf, stridesOf } from "../matrix_layout.ts";
import { distinct, length, size } from "./assert.ts";
import type { CheckGroup, Sized } from "./types.ts";

/**
 * Checks a matmul operand stored as `rows` x `cols` matrices: without a layout it holds
 * exactly the contiguous matrices; with one, the layout is whole and reaches no element past
 * the storage's end.
 */
function matmulOperand(
  name: string,
  s: Sized,
  layout: MatrixLayout | undefined,
  dims: { batch: number; rows: number; cols: number; broadcast: boolean; names: [string, string] },
): void {
  const { batch, rows, cols, broadcast } = dims;
  if (!layout) {
    if (broadcast) length("matmul", name, s, [rows, cols], dims.names);
    else length("matmul", name, s, [batch, rows, cols], ["batch", ...dims.names]);
    return;
  }
  const st = stridesOf(layout, dims);
  for (const [key, v] of Object.entries(st)) size("matmul", `${name}Layout.${key}`, v);
  if (st.heads < 1) throw new Error(`matmul: ${name}Layout.heads must be at least 1, got 0`);
  if (batch * rows * cols === 0) return;
  let last = 0;
  for (let g = 0; g < batch; g++) last = Math.max(last, baseOf(st, g));
  last += (rows - 1) * st.rowStride + cols - 1;
  if (last >= s.length) {
    throw new Error(
      `matmul: ${name}'s layout reaches element ${last}, but ${name} has ${s.length} elements`,
    );
  }
}

/** The checks of matmul (with its layouts and epilogues) and biasAdd. */
export const matmulChecks = {
  matmul(a, b, p, e = {}) {
    const { batch, m, k, n } = p;
    for (const [name, v] of Object.entries({ batch, m, k, n })) size("matmul", name, v);
    matmulOperand("a", a, e.aLayout, {
      batch,
      rows: p.transA ? k : m,
      cols: p.transA ? m : k,
      broadcast: !!p.broadcastA,
      names: p.transA ? ["k", "m"] : ["m", "k"],
    });
    matmulOperand("b", b, e.bLayout, {
      batch,
      rows: p.transB ? n : k,
      cols: p.transB ? k : n,
      broadcast: !!p.broadcastB,
      names: p.transB ? ["n", "k"] : ["k", "n"],
    });
    const out = e.into ?? { length: batch * m * n };
    matmulOperand("out", out, e.outLayout, {
      batch,
      rows: m,
      cols: n,
      broadcast: false,
      names: ["m", "n"],
    });
    const biasOffset = e.biasOffset ?? 0;
    size("matmul", "biasOffset", biasOffset);
    if (e.bias && e.bias.length < biasOffset + n) {
      throw new Error(
        `matmul: expected a bias of at least ${
          biasOffset + n
        } elements (offset ${biasOffset} + n ${n}), got ${e.bias.length}`,
      );
    }
    for (const [name, s] of [["reluMask", e.reluMask], ["residual", e.residual]] as const) {
      if (s && s.length !== out.length) {
        throw new Error(
          `matmul: ${name} has ${s.length} elements, expected the output's ${out.length}`,
        );
      }
    }
    if (e.rowSums) {
      if (batch !== 1) throw new Error(`matmul: rowSums needs batch 1, got ${batch}`);
      length("matmul", "rowSums", e.rowSums, [m]);
      if (e.into) distinct("matmul", ["rowSums", e.rowSums], ["into", e.into]);
    }
  },

  biasAdd(x, bias, p) {
    size("biasAdd", "rows", p.rows);
    size("biasAdd", "cols", p.cols);
    length("biasAdd", "x", x, [p.rows, p.cols]);
    length("biasAdd", "bias", bias, [p.cols]);
  },
} satisfies CheckGroup;
