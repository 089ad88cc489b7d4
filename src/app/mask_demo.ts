/**
 * Attention masks as numbers: the use case behind `mask`. The additive mask (0 or -inf) and
 * the softmax of uniform scores under it, computed by the same softmax (and key padding mask)
 * the models use, so the exact zeros are the model's own.
 */
import { openBackend } from "../engine/open_backend.ts";
import { ops, tidy } from "../engine/mod.ts";
import { Tensor } from "../engine/tensor.ts";
import { keyPaddingMask } from "../models/attention.ts";
import { explainMask } from "./explain.ts";

/** Longest sequence `mask` draws. */
export const MAX_MASK_LENGTH = 256;

/** One mask of `mask --json`: rows are query positions, cols key positions. */
export interface MaskMatrix {
  /** e.g. "causal" or "sequence 2 (length 3)". */
  label: string;
  rows: string[];
  cols: string[];
  /** The additive mask: 0 (may attend) or "-inf" (JSON has no -Infinity). */
  additive: (0 | "-inf")[][];
  /** softmax(0 + mask) row by row: uniform scores, so 1/count on allowed keys and exactly 0 elsewhere. */
  weights: number[][];
}

/** The result of `mask` (printed as is with --json). */
export interface MaskResult {
  kind: "causal" | "padding";
  n: number;
  /** padding: the real length of each sequence in the batch. */
  lengths?: number[];
  masks: MaskMatrix[];
  explanation: string;
}

/**
 * The causal mask of `n` positions, or the key padding masks of a batch padded to `n` whose
 * sequences have the real `lengths` (default: n and n/2).
 */
export async function maskDemo(
  kind: "causal" | "padding",
  n: number,
  lengths?: number[],
): Promise<MaskResult> {
  // The masks are the same on every device: the process's cpu backend shows them.
  const { backend } = await openBackend("cpu");
  const positions = Array.from({ length: n }, (_, i) => String(i + 1));
  if (kind === "causal") {
    // 1. Uniform scores [1, n, n] through the attention softmax with its causal mask.
    const weights = await readAndFree(tidy(() => {
      const scores = Tensor.from(backend, new Float32Array(n * n), [1, n, n]);
      return ops.softmax(scores, { causal: true }); // [1, n, n]
    }));
    const additive = positions.map((_, q) =>
      positions.map((_, k) => (k > q ? "-inf" as const : 0 as const))
    );
    return {
      kind,
      n,
      masks: [{
        label: "causal",
        rows: positions,
        cols: positions,
        additive,
        weights: square(weights, 0, n),
      }],
      explanation: explainMask("causal").en,
    };
  }
  // 2. Key padding: uniform scores [B, n, n] through the softmax with the models' key padding mask [B, 1, n].
  const real = lengths ?? [...new Set([n, Math.ceil(n / 2)])];
  const b = real.length;
  const weights = await readAndFree(tidy(() => {
    const mask = keyPaddingMask(backend, real, n); // [B, 1, n]
    const scores = Tensor.from(backend, new Float32Array(b * n * n), [b, n, n]);
    return ops.softmax(scores, { mask }); // [B, n, n]
  }));
  const masks = real.map((len, s) => {
    const labels = positions.map((p, i) => (i < len ? p : "pad"));
    return {
      label: `sequence ${s + 1} (length ${len} of ${n})`,
      rows: labels,
      cols: labels,
      additive: labels.map(() => labels.map((_, k) => (k >= len ? "-inf" as const : 0 as const))),
      weights: square(weights, s, n),
    };
  });
  return {
    kind,
    n,
    lengths: real,
    masks,
    explanation: explainMask("padding").en,
  };
}

function square(flat: Float32Array, b: number, n: number): number[][] {
  return Array.from(
    { length: n },
    (_, q) => Array.from(flat.subarray((b * n + q) * n, (b * n + q + 1) * n)),
  );
}

/** A tensor's values; the tensor is freed (the cpu backend outlives the command). */
async function readAndFree(t: Tensor): Promise<Float32Array> {
  try {
    return await t.toArray();
  } finally {
    t.dispose();
  }
}
