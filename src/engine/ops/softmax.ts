/**
 * Softmax over the last axis, with the masks attention needs (Vaswani et al.
 * 2017, eq. 1: softmax(QK^T / sqrt(d_k))), and logSoftmax.
 */
import type { SoftmaxParams } from "../backend/contract.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, wrap } from "./checks.ts";

/** Options of {@link softmax}. */
export interface SoftmaxOptions {
  /** Multiplies x before the softmax (1 / sqrt(d_k) for attention scores). Default 1. */
  scale?: number;
  /** Masks column j for query position q when j > q + causalOffset (decoder self-attention). */
  causal?: boolean;
  /** Shifts the causal mask: a query at position p of a longer sequence sees 0..p. Default 0. */
  causalOffset?: number;
  /**
   * An additive mask (0 to keep, -Infinity to mask), constant (no gradient):
   * [cols] (one row for all), [tq, cols], [G, 1, cols] (key padding per batch
   * entry) or [G, tq, cols], where x is [G, heads, tq, cols] or [G, tq, cols].
   */
  mask?: Tensor;
  /**
   * Heads per batch entry when x packs them into its leading dim
   * (x [G * heads, tq, cols]); read from x's shape when x is [G, heads, tq, cols].
   */
  heads?: number;
}

/** Works out how x's rows split into [groups, heads, tq] and how the mask broadcasts. */
function plan(x: Tensor, options: SoftmaxOptions): SoftmaxParams {
  if (x.rank < 1) throw new Error(`softmax: expected x of rank 1 or more, got a scalar`);
  const cols = x.shape[x.rank - 1];
  const rows = x.size / cols;
  const tq = x.rank >= 2 ? x.shape[x.rank - 2] : 1;
  let heads: number;
  if (options.heads !== undefined) {
    heads = options.heads;
    if (!Number.isInteger(heads) || heads < 1 || rows % (heads * tq) !== 0) {
      throw new Error(
        `softmax: expected heads to divide the ${rows / tq} matrices of x ${
          shapeText(x.shape)
        }, got heads = ${heads}`,
      );
    }
    if (x.rank === 4 && x.shape[1] !== heads) {
      throw new Error(
        `softmax: x ${shapeText(x.shape)} has ${x.shape[1]} heads, but heads = ${heads}`,
      );
    }
  } else {
    heads = x.rank >= 4 ? x.shape.slice(1, -2).reduce((p, d) => p * d, 1) : 1;
  }
  const groups = rows / (heads * tq);
  const p: SoftmaxParams = {
    rows,
    cols,
    scale: options.scale ?? 1,
    tq,
    heads,
    causal: options.causal ?? false,
    causalOffset: options.causalOffset ?? 0,
  };
  const mask = options.mask;
  if (mask) {
    const s = mask.shape;
    const expected =
      `[${cols}], [${tq}, ${cols}], [${groups}, 1, ${cols}] or [${groups}, ${tq}, ${cols}]`;
    const bad = () =>
      new Error(
        `softmax: expected a mask of shape ${expected} for x ${shapeText(x.shape)}, got ${
          shapeText(s)
        }`,
      );
    if (s[s.length - 1] !== cols) throw bad();
    if (s.length === 1) {
      p.maskGroups = 1;
      p.maskRows = 1;
    } else if (s.length === 2 && (s[0] === tq || s[0] === 1)) {
      p.maskGroups = 1;
      p.maskRows = s[0];
    } else if (s.length === 3 && (s[0] === groups || s[0] === 1) && (s[1] === tq || s[1] === 1)) {
      p.maskGroups = s[0];
      p.maskRows = s[1];
    } else {
      throw bad();
    }
  }
  return p;
}

/**
 * softmax(x * scale + mask) over the last axis: x [..., tq, cols]. Masks
 * broadcast over heads (see {@link SoftmaxOptions}); a fully masked row gives
 * zeros. The gradient flows to x only.
 */
export function softmax(x: Tensor, options: SoftmaxOptions = {}): Tensor {
  const backend = options.mask ? backendOf("softmax", x, options.mask) : backendOf("softmax", x);
  const p = plan(x, options);
  const y = wrap(backend, backend.softmax(x.data, options.mask?.data ?? null, p), x.shape);
  return recordOp("softmax", y, [x], (dy) => [
    wrap(
      backend,
      backend.softmaxBackward(y.data, dy.data, { rows: p.rows, cols: p.cols, scale: p.scale }),
      x.shape,
    ),
  ]);
}

/** log(softmax(x)) over the last axis, computed stably. */
export function logSoftmax(x: Tensor): Tensor {
  const backend = backendOf("logSoftmax", x);
  if (x.rank < 1) throw new Error(`logSoftmax: expected x of rank 1 or more, got a scalar`);
  const cols = x.shape[x.rank - 1];
  const rows = x.size / cols;
  const y = wrap(backend, backend.logSoftmax(x.data, { rows, cols }), x.shape);
  return recordOp("logSoftmax", y, [x], (dy) => {
    // dx = dy - softmax(x) * sum(dy) row-wise; the row sums are spread over
    // the columns by an outer product with ones (the backend only repeats
    // along leading dims).
    const probs = backend.unary("exp", y.data, { n: x.size }); // [rows, cols]
    const rowSums = backend.sumRows(dy.data, { rows, cols }); // [rows]
    const ones = backend.full(cols, 1); // [1, cols]
    const spread = backend.matmul(rowSums, ones, { batch: 1, m: rows, k: 1, n: cols });
    const weighted = backend.binary("mul", probs, spread, { na: x.size, nb: x.size });
    const dx = backend.binary("sub", dy.data, weighted, { na: x.size, nb: x.size });
    for (const s of [probs, rowSums, ones, spread, weighted]) backend.release(s);
    return [wrap(backend, dx, x.shape)];
  });
}
