/**
 * Small helpers every op file shares: the backend check, axis normalization,
 * and wrapping a fresh storage in a Tensor. Not exported from mod.ts.
 */
import type { Backend } from "../backend/contract.ts";
import { shapeText, sizeOf, Tensor } from "../tensor.ts";
import { Tape } from "../tape.ts";

/**
 * The backend all operands live on. Throws when a tensor was disposed or
 * when operands live on different backends.
 */
export function backendOf(op: string, ...tensors: Tensor[]): Backend {
  const backend = tensors[0].backend;
  for (const t of tensors) {
    t.assertLive();
    if (t.backend !== backend) {
      throw new Error(
        `${op}: operands live on different backends (${backend.name} and ${t.backend.name}); ` +
          `move them to one backend first`,
      );
    }
  }
  return backend;
}

/** A negative axis counts from the end; out-of-range axes throw. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) {
    throw new Error(`${op}: expected an axis in [${-rank}, ${rank - 1}], got ${axis}`);
  }
  return a;
}

/** A Tensor around a storage the caller just received from the backend. */
export function wrap(backend: Backend, data: unknown, shape: readonly number[]): Tensor {
  return new Tensor(backend, data, shape);
}

/**
 * True when a tape is recording and some input needs a gradient: ops that
 * save extra state for backward (layerNorm's mean and rstd) keep it only then.
 */
export function recording(inputs: readonly Tensor[]): boolean {
  return Tape.current !== null && inputs.some((t) => t.needsGrad);
}

/** True when both shapes have the same dimensions. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A copy of t's values under another shape of equal size (fresh storage). */
export function copyAs(t: Tensor, shape: readonly number[]): Tensor {
  return wrap(t.backend, t.backend.unary("scale", t.data, { n: t.size, alpha: 1 }), shape);
}

/**
 * Sums a gradient g over the leading dimensions it has beyond `shape` (the
 * inverse of broadcasting over leading dims). `owned` says g is a temporary
 * of the caller, which is then disposed or reused; otherwise g (dy) is left alone.
 */
export function reduceTo(g: Tensor, shape: readonly number[], owned: boolean): Tensor {
  const n = sizeOf(shape);
  if (g.size === n) {
    if (sameShape(g.shape, shape)) return g;
    if (!owned) return copyAs(g, shape);
    const v = g.view(shape);
    g.dispose();
    return v;
  }
  if (n === 0 || g.size % n !== 0) {
    throw new Error(
      `cannot reduce a gradient of shape ${shapeText(g.shape)} to ${shapeText(shape)}`,
    );
  }
  const summed = g.backend.sumCols(g.data, { rows: g.size / n, cols: n });
  if (owned) g.dispose();
  return wrap(g.backend, summed, shape);
}
