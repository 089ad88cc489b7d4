/** Sums and means, over everything or along one axis. */
import type { Backend } from "../backend/contract.ts";
import { Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, normalizeAxis, wrap } from "./checks.ts";
import { permute } from "./shape.ts";

/** Options of {@link sum} and {@link mean}. */
export interface ReduceOptions {
  /** Reduce only this axis (negative counts from the end); the axis is dropped. */
  axis?: number;
}

/** s * factor as a fresh storage (s itself is released), or s when factor is 1. */
function scaled(backend: Backend, s: unknown, n: number, factor: number): unknown {
  if (factor === 1) return s;
  const out = backend.unary("scale", s, { n, alpha: factor });
  backend.release(s);
  return out;
}

/** factor * (sum of every element): a scalar of shape []. */
function sumAll(op: string, x: Tensor, factor: number): Tensor {
  const backend = backendOf(op, x);
  const n = x.size;
  const out = wrap(
    backend,
    scaled(backend, backend.sumRows(x.data, { rows: 1, cols: n }), 1, factor),
    [],
  );
  return recordOp(op, out, [x], (dy) => {
    // dx = factor * dy, repeated n times (a 1-element operand repeats under binary()).
    const filled = backend.full(n, factor);
    const dx = backend.binary("mul", filled, dy.data, { na: n, nb: 1 });
    backend.release(filled);
    return [wrap(backend, dx, x.shape)];
  });
}

/** factor * (sum over the last axis): [..., cols] -> [...]. */
function sumLast(op: string, x: Tensor, factor: number): Tensor {
  const backend = backendOf(op, x);
  const cols = x.shape[x.rank - 1];
  const rows = x.size / cols;
  const summed = scaled(backend, backend.sumRows(x.data, { rows, cols }), rows, factor);
  const out = wrap(backend, summed, x.shape.slice(0, -1));
  return recordOp(op, out, [x], (dy) => {
    // dx[r, j] = factor * dy[r]: the outer product of dy [rows, 1] with [1, cols] of factor.
    const filled = backend.full(cols, factor);
    const dx = backend.matmul(dy.data, filled, { batch: 1, m: rows, k: 1, n: cols });
    backend.release(filled);
    return [wrap(backend, dx, x.shape)];
  });
}

/** factor * (sum over the first axis): [rows, ...] -> [...]. */
function sumFirst(op: string, x: Tensor, factor: number): Tensor {
  const backend = backendOf(op, x);
  const rows = x.shape[0];
  const cols = x.size / rows;
  const summed = scaled(backend, backend.sumCols(x.data, { rows, cols }), cols, factor);
  const out = wrap(backend, summed, x.shape.slice(1));
  return recordOp(op, out, [x], (dy) => {
    const filled = backend.full(x.size, factor);
    const dx = backend.binary("mul", filled, dy.data, { na: x.size, nb: cols }); // dy repeated
    backend.release(filled);
    return [wrap(backend, dx, x.shape)];
  });
}

function reduce(op: string, x: Tensor, options: ReduceOptions, isMean: boolean): Tensor {
  if (options.axis === undefined) return sumAll(op, x, isMean ? 1 / x.size : 1);
  const axis = normalizeAxis(op, options.axis, x.rank);
  const factor = isMean ? 1 / x.shape[axis] : 1;
  if (axis === x.rank - 1) return sumLast(op, x, factor);
  if (axis === 0) return sumFirst(op, x, factor);
  // A middle axis: move it last first (the moved copy is an intermediate of the scope).
  const perm = x.shape.map((_, i) => i).filter((i) => i !== axis);
  return sumLast(op, permute(x, [...perm, axis]), factor);
}

/**
 * Sum of all elements (a scalar of shape []), or along `options.axis`
 * (the axis is dropped: sum(x [B, T, C], { axis: -1 }) is [B, T]).
 */
export function sum(x: Tensor, options: ReduceOptions = {}): Tensor {
  return reduce("sum", x, options, false);
}

/** Mean of all elements (a scalar of shape []), or along `options.axis` (dropped). */
export function mean(x: Tensor, options: ReduceOptions = {}): Tensor {
  return reduce("mean", x, options, true);
}
