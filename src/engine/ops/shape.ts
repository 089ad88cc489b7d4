/**
 * Ops that move data around without arithmetic. Most are views that copy nothing: reshape,
 * permute and transpose, slice and split, and the attention head split and merge (a view's
 * gradient is added back at its positions by the tape). concat copies, and `contiguous`
 * makes a view dense when an op needs its elements in a row. Negative axes count from the end.
 */
import type { AxisParams } from "../backend/contract.ts";
import { type Layout, shapeText, sizeOf, Tensor } from "../tensor.ts";
import { AxisGradient, recordOp, StridedGradient } from "../tape.ts";
import {
  densePlaced,
  mergeAxesLayout,
  permuteLayout,
  type Placed,
  sliceLayout,
  splitAxisLayout,
} from "../layout.ts";
import { backendOf, normalizeAxis, sameShape, wrap } from "./checks.ts";

/** The largest rank a strided view may have (the gather and scatter kernels' limit). */
const MAX_VIEW_RANK = 6;

/**
 * A recorded view of x: `move` maps a layout of x to the view's. Applied to where x's
 * elements are it places the view in the storage; applied to x's own index space it says
 * where the view's gradient belongs.
 */
function viewOf(op: string, x: Tensor, move: (p: Placed) => Placed): Tensor {
  backendOf(op, x);
  const inStorage = move({ shape: [...x.shape], layout: x.layout });
  const inX = move(densePlaced(x.shape));
  const out = x.strided(inStorage.shape, inStorage.layout);
  if (out === x.root) return out; // the view undone (mergeHeads of splitHeads): the root itself
  return recordOp(op, out, [x], (dy) => [
    new StridedGradient(dy, {
      shape: inX.shape,
      strides: [...inX.layout.strides],
      offset: inX.layout.offset,
    }),
  ]);
}

/**
 * x itself when it is dense, else its elements copied into a contiguous tensor (the copy a
 * view makes for ops that need one; its gradient is dy, handed to the view).
 */
export function contiguous(x: Tensor): Tensor {
  const backend = backendOf("contiguous", x);
  if (x.isDense) return x;
  return recordOp("contiguous", new Tensor(backend, x.data, x.shape), [x], (dy) => [dy]);
}

/**
 * The same data under another shape of equal size: a view sharing x's storage
 * (x itself when the shape is unchanged). One dimension may be -1: it is
 * inferred from the others.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  backendOf("reshape", x);
  const unknown = shape.filter((d) => d === -1).length;
  const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
  const bad = shape.some((d) => !Number.isInteger(d) || d < -1) || unknown > 1;
  const inferred = unknown === 1 && known > 0 ? x.size / known : NaN;
  const target = shape.map((d) => (d === -1 ? inferred : d));
  if (bad || target.some((d) => !Number.isInteger(d)) || sizeOf(target) !== x.size) {
    throw new Error(
      `reshape: cannot view ${shapeText(x.shape)} (${x.size} elements) as ${shapeText(shape)}`,
    );
  }
  if (sameShape(target, x.shape)) return x;
  // A view stays a view when only size-1 dims come or go; otherwise its elements are copied
  // into a row first (x.view does it). Either way the gradient is dy in x's shape (a view of
  // dy: the tape disposes dy itself, and the view keeps the storage).
  const squeezed = x.isDense ? null : squeezeLayout(x, target);
  const out = squeezed ? x.strided(target, squeezed) : x.view(target);
  if (out === x.root) return out;
  return recordOp("reshape", out, [x], (dy) => [dy.view(x.shape)]);
}

/**
 * x's layout under `target` when the two shapes differ only in size-1 dims (their other dims
 * in the same order): each kept dim keeps its stride. Null otherwise.
 */
function squeezeLayout(x: Tensor, target: readonly number[]): Layout | null {
  const kept = x.shape.map((d, i) => [d, x.layout.strides[i]]).filter(([d]) => d !== 1);
  const wanted = target.filter((d) => d !== 1);
  if (kept.length !== wanted.length || kept.some(([d], i) => d !== wanted[i])) return null;
  let next = 0;
  const strides = target.map((d) => (d === 1 ? 0 : kept[next++][1]));
  return { offset: x.layout.offset, strides };
}

/**
 * Reorders the axes: output axis i is input axis perm[i] (a view, no copy; x itself for the
 * identity). Its gradient is dy put back in x's order.
 */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  backendOf("permute", x);
  const rank = x.rank;
  const axes = perm.map((a) => (a < 0 ? a + rank : a));
  const isPermutation = axes.length === rank &&
    [...axes].sort((a, b) => a - b).every((a, i) => a === i);
  if (!isPermutation) {
    throw new Error(
      `permute: expected a permutation of the ${rank} axes of ${shapeText(x.shape)}, got [${
        perm.join(", ")
      }]`,
    );
  }
  if (axes.every((a, i) => a === i)) return x;
  if (rank > MAX_VIEW_RANK) return permuteCopy(x, axes);
  return viewOf("permute", x, (p) => permuteLayout(p, axes));
}

/** permute of a tensor of rank > 6 (no strided view that large): a recorded copy. */
function permuteCopy(x: Tensor, axes: number[]): Tensor {
  const backend = x.backend;
  const outShape = axes.map((a) => x.shape[a]);
  const out = wrap(backend, backend.permute(x.data, { shape: [...x.shape], perm: axes }), outShape);
  const inverse = new Array<number>(x.rank);
  axes.forEach((a, i) => (inverse[a] = i));
  return recordOp("permute", out, [x], (dy) => [
    wrap(backend, backend.permute(dy.data, { shape: [...outShape], perm: inverse }), x.shape),
  ]);
}

/** Swaps the last two axes: [..., m, n] -> [..., n, m]. */
export function transpose(x: Tensor): Tensor {
  if (x.rank < 2) throw new Error(`transpose: expected rank 2 or more, got ${shapeText(x.shape)}`);
  const perm = x.shape.map((_, i) => i);
  [perm[x.rank - 2], perm[x.rank - 1]] = [x.rank - 1, x.rank - 2];
  return permute(x, perm);
}

/** x viewed as [outer, axisLen, inner] around one axis. */
function axisView(shape: readonly number[], axis: number): { outer: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), inner: sizeOf(shape.slice(axis + 1)) };
}

/** Joins tensors of equal shape except along `axis`. */
export function concat(tensors: readonly Tensor[], axis: number): Tensor {
  if (tensors.length === 0) throw new Error(`concat: expected at least one tensor, got none`);
  const backend = backendOf("concat", ...tensors);
  const first = tensors[0];
  const ax = normalizeAxis("concat", axis, first.rank);
  for (const t of tensors) {
    const fits = t.rank === first.rank && t.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!fits) {
      throw new Error(
        `concat: expected shapes equal to ${shapeText(first.shape)} except on axis ${ax}, got ${
          shapeText(t.shape)
        }`,
      );
    }
  }
  const axisLen = tensors.reduce((s, t) => s + t.shape[ax], 0);
  const outShape = first.shape.map((d, i) => (i === ax ? axisLen : d));
  const { outer, inner } = axisView(first.shape, ax);
  const spans: AxisParams[] = [];
  let start = 0;
  for (const t of tensors) {
    spans.push({ outer, inner, axisLen, start, len: t.shape[ax] });
    start += t.shape[ax];
  }
  const data = backend.full(sizeOf(outShape), 0);
  tensors.forEach((t, i) => backend.writeAxis(data, t.data, spans[i]));
  const out = wrap(backend, data, outShape);
  return recordOp(
    "concat",
    out,
    tensors,
    (dy) =>
      tensors.map((t, i) =>
        t.needsGrad ? wrap(backend, backend.sliceAxis(dy.data, spans[i]), t.shape) : null
      ),
  );
}

/** The part [start, start + len) of x along `axis` (a view; x itself when that is all of it). */
export function slice(x: Tensor, axis: number, start: number, len: number): Tensor {
  backendOf("slice", x);
  const ax = normalizeAxis("slice", axis, x.rank);
  const axisLen = x.shape[ax];
  if (
    !Number.isInteger(start) || !Number.isInteger(len) || start < 0 || len < 0 ||
    start + len > axisLen
  ) {
    throw new Error(
      `slice: expected 0 <= start and start + len <= ${axisLen} on axis ${ax} of ${
        shapeText(x.shape)
      }, got start ${start}, len ${len}`,
    );
  }
  if (start === 0 && len === axisLen) return x;
  const p: AxisParams = { ...axisView(x.shape, ax), axisLen, start, len };
  const placed = sliceLayout({ shape: [...x.shape], layout: x.layout }, ax, start, len);
  const out = x.strided(placed.shape, placed.layout);
  // The gradient is dy in the window and zero elsewhere: the tape adds it in place.
  return recordOp("slice", out, [x], (dy) => [new AxisGradient(dy, p)]);
}

/** Cuts x along `axis` into consecutive parts of the given sizes (which must add up). */
export function split(x: Tensor, axis: number, sizes: readonly number[]): Tensor[] {
  const ax = normalizeAxis("split", axis, x.rank);
  const total = sizes.reduce((s, d) => s + d, 0);
  if (total !== x.shape[ax]) {
    throw new Error(
      `split: expected sizes adding up to ${x.shape[ax]} (axis ${ax} of ${
        shapeText(x.shape)
      }), got [${sizes.join(", ")}]`,
    );
  }
  let start = 0;
  return sizes.map((len) => {
    const part = slice(x, ax, start, len);
    start += len;
    return part;
  });
}

/** [B, T, h * dk] -> [B, h, T, dk]: one matrix per attention head. */
export function splitHeads(x: Tensor, heads: number): Tensor {
  if (x.rank !== 3 || !Number.isInteger(heads) || heads < 1 || x.shape[2] % heads !== 0) {
    throw new Error(
      `splitHeads: expected x [B, T, C] with C divisible by ${heads} heads, got ${
        shapeText(x.shape)
      }`,
    );
  }
  const dk = x.shape[2] / heads;
  // [B, T, h * dk] seen as [B, T, h, dk], then heads before time: a view, no copy.
  return viewOf(
    "splitHeads",
    x,
    (p) => permuteLayout(splitAxisLayout(p, 2, [heads, dk]), [0, 2, 1, 3]),
  );
}

/** [B, h, T, dk] -> [B, T, h * dk]: the heads side by side again. */
export function mergeHeads(x: Tensor): Tensor {
  if (x.rank !== 4) {
    throw new Error(`mergeHeads: expected x [B, h, T, dk], got ${shapeText(x.shape)}`);
  }
  // Time before heads, then each position's heads side by side: a view when x's heads already
  // sit side by side in its storage (attention writes them so), else one copy.
  const move = (p: Placed) => mergeAxesLayout(permuteLayout(p, [0, 2, 1, 3]), 2);
  const inStorage = move({ shape: [...x.shape], layout: x.layout });
  if (inStorage !== null) {
    const out = x.strided(inStorage.shape, inStorage.layout);
    if (out === x.root) return out; // the heads attention wrote side by side: no copy, no node
    out.dispose();
  }
  return reshape(contiguous(permute(x, [0, 2, 1, 3])), [x.shape[0], x.shape[2], -1]);
}
