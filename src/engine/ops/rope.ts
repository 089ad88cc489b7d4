/** Rotary position embedding (Su et al. 2021, RoFormer). */
import { shapeText, Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, wrap } from "./checks.ts";

/** Options of {@link rope}. */
export interface RopeOptions {
  /** Position of the first row (a decoder step at position p uses offset p). Default 0. */
  offset?: number;
  /** Angle base: pair i turns by position * base^(-2i/dk). Default 10000. */
  base?: number;
}

/**
 * Rotates each pair (2i, 2i+1) of x [B, h, T, dk] (or [rows, T, dk]) by an
 * angle proportional to its position, so that q . k depends on positions only
 * through their difference. Backward is the inverse rotation.
 */
export function rope(x: Tensor, options: RopeOptions = {}): Tensor {
  const backend = backendOf("rope", x);
  if (x.rank < 3 || x.shape[x.rank - 1] % 2 !== 0) {
    throw new Error(`rope: expected x [B, h, T, dk] with an even dk, got ${shapeText(x.shape)}`);
  }
  const dim = x.shape[x.rank - 1];
  const t = x.shape[x.rank - 2];
  const p = {
    rows: x.size / (t * dim),
    t,
    dim,
    offset: options.offset ?? 0,
    base: options.base ?? 10000,
  };
  const out = wrap(backend, backend.rope(x.data, p), x.shape);
  return recordOp("rope", out, [x], (dy) => [
    wrap(backend, backend.rope(dy.data, { ...p, inverse: true }), x.shape),
  ]);
}
