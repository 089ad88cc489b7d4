/**
 * How view ops move a layout: each takes where a tensor's elements sit (its shape and
 * Layout over some storage) and returns where the view's elements sit in the same storage.
 * Applied to a tensor's real layout they place the view in the storage; applied to the dense
 * layout of the tensor's shape they place the view in the tensor's own index space, which is
 * where the view's gradient goes back to (tape.ts StridedGradient).
 */
import { denseStrides, type Layout, shapeText, sizeOf } from "./tensor.ts";

/** A shape with where its elements are. */
export interface Placed {
  shape: number[];
  layout: Layout;
}

/** The dense layout of a shape: the index space a tensor's gradient lives in. */
export function densePlaced(shape: readonly number[]): Placed {
  return { shape: [...shape], layout: { offset: 0, strides: denseStrides(shape) } };
}

/** Elements start .. start + len - 1 along `axis`. */
export function sliceLayout(x: Placed, axis: number, start: number, len: number): Placed {
  const shape = [...x.shape];
  shape[axis] = len;
  return {
    shape,
    layout: { offset: x.layout.offset + start * x.layout.strides[axis], strides: x.layout.strides },
  };
}

/** Output axis i is input axis perm[i]. */
export function permuteLayout(x: Placed, perm: readonly number[]): Placed {
  return {
    shape: perm.map((a) => x.shape[a]),
    layout: { offset: x.layout.offset, strides: perm.map((a) => x.layout.strides[a]) },
  };
}

/** One axis seen as several, row-major within it: [.., d, ..] -> [.., sizes..., ..]. */
export function splitAxisLayout(x: Placed, axis: number, sizes: readonly number[]): Placed {
  if (sizeOf(sizes) !== x.shape[axis]) {
    throw new Error(
      `cannot see axis ${axis} of ${shapeText(x.shape)} as [${sizes.join(", ")}]`,
    );
  }
  const step = x.layout.strides[axis];
  const inner = denseStrides(sizes).map((s) => s * step);
  return {
    shape: [...x.shape.slice(0, axis), ...sizes, ...x.shape.slice(axis + 1)],
    layout: {
      offset: x.layout.offset,
      strides: [...x.layout.strides.slice(0, axis), ...inner, ...x.layout.strides.slice(axis + 1)],
    },
  };
}

/**
 * Axes axis and axis + 1 seen as one, when the layout allows it without a copy (the first
 * steps over whole runs of the second); null otherwise.
 */
export function mergeAxesLayout(x: Placed, axis: number): Placed | null {
  const [outer, inner] = [x.layout.strides[axis], x.layout.strides[axis + 1]];
  if (x.shape[axis] !== 1 && x.shape[axis + 1] !== 1 && outer !== inner * x.shape[axis + 1]) {
    return null;
  }
  const stride = x.shape[axis + 1] === 1 ? outer : inner;
  return {
    shape: [
      ...x.shape.slice(0, axis),
      x.shape[axis] * x.shape[axis + 1],
      ...x.shape.slice(axis + 2),
    ],
    layout: {
      offset: x.layout.offset,
      strides: [...x.layout.strides.slice(0, axis), stride, ...x.layout.strides.slice(axis + 2)],
    },
  };
}
