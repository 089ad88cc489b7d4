/**
 * Residual connections (He et al. 2016) with the add folded into the sublayer's last matmul.
 *
 * A Transformer sublayer ends in a linear layer (W^O for attention, W_2 for the FFN), and its
 * output is immediately added to the residual stream: y = x + Sublayer(h). Adding in the
 * matmul's store saves one full pass over [B, T, d] per sublayer. The model writes the add
 * (`ops.residual(x, sublayer, h)`, once, in its Sublayer class); the engine decides whether to
 * fold it: the first op inside the sublayer that ends in a matmul of x's shape, reading
 * something other than h itself (so not a projection of the sublayer's input, like a
 * cross-attention's queries), takes the residual into its store (ops.linear, the fused
 * feed-forward). If that op turns out not to have been the sublayer's last, the sublayer runs
 * again without folding (correct, slower), so no sublayer is ever computed wrong.
 */
import { kernelPolicy } from "../policy.ts";
import type { Tensor } from "../tensor.ts";
import { add } from "./arithmetic.ts";
import { sameShape } from "./checks.ts";

interface Slot {
  residual: Tensor;
  input: Tensor;
  takenBy: Tensor | null;
}

/** The innermost residual() being computed, if its add may still be folded. */
let open: Slot | null = null;

/**
 * x + sublayer(h) (a residual connection), where the engine may fold the add into the
 * sublayer's last matmul. `sublayer` must depend on nothing but h and its closure (it may run
 * twice).
 */
export function residual(x: Tensor, sublayer: (h: Tensor) => Tensor, h: Tensor): Tensor {
  if (kernelPolicy() === "reference") return add(x, sublayer(h));
  const outer = open;
  const slot: Slot = { residual: x, input: h, takenBy: null };
  open = slot;
  let y: Tensor;
  try {
    y = sublayer(h);
  } finally {
    open = outer;
  }
  if (slot.takenBy === null) return add(x, y); // nothing could fold it: the plain add
  if (slot.takenBy === y) return y; // y = x + the sublayer, computed in one store
  // An earlier op took it: run the sublayer again with no slot open.
  open = null;
  try {
    return add(x, sublayer(h));
  } finally {
    open = outer;
  }
}

/**
 * For an op ending in a matmul whose output has `shape` and which reads `input` (null: an
 * input of the op's own making): the residual to add in its store, if a residual() is open,
 * has not been folded yet, has that shape, and `input` is not the sublayer's input; null
 * otherwise. The op then calls {@link residualFolded} with its output.
 */
export function takeResidual(shape: readonly number[], input: Tensor | null): Tensor | null {
  if (open === null || open.takenBy !== null || !sameShape(open.residual.shape, shape)) return null;
  if (input !== null && input === open.input) return null;
  return open.residual;
}

/** Marks the open residual as folded into `output` (see {@link takeResidual}). */
export function residualFolded(output: Tensor): void {
  if (open === null) throw new Error("residualFolded() without an open residual()");
  open.takenBy = output;
}
