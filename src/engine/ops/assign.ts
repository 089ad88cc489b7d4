/**
 * `assign(dst, src)`: copies one tensor's values into another of the same shape, in place, on
 * the device (no readback). The trainer keeps its best parameters this way, and an experiment
 * moves trained weights into a second model, and a KV cache writes each new position into its
 * preallocated keys and values (`at`). It is the one op that writes an existing tensor, so it
 * is not differentiable: a tape cannot undo the overwrite.
 */
import { shapeText, sizeOf, type Tensor } from "../tensor.ts";
import { Tape } from "../tape.ts";
import { backendOf, sameShape } from "./checks.ts";

/**
 * Copies `src`'s values into `dst` (same shape, same backend). On webgpu this records one
 * dispatch and waits for nothing. Refused while a tape records a tensor that carries
 * gradients, since overwriting it would leave the backward pass reading other values.
 */
export function assign(dst: Tensor, src: Tensor, at?: { axis: number; start: number }): void {
  if (at) return assignAt(dst, src, at.axis, at.start);
  const backend = backendOf("assign", dst, src);
  if (!sameShape(dst.shape, src.shape)) {
    throw new Error(
      `assign: expected a source of the destination's shape ${shapeText(dst.shape)}, got ${
        shapeText(src.shape)
      }`,
    );
  }
  if (Tape.current !== null && (dst.needsGrad || src.needsGrad)) {
    throw new Error(
      "assign: not differentiable; copy parameters outside tape.record (between steps)",
    );
  }
  if (dst.data === src.data) return; // two views of one storage: already equal
  // The whole storage as one span of a single axis: writeAxis with outer = inner = 1 is a copy.
  const n = src.size;
  backend.writeAxis(dst.data, src.data, { outer: 1, axisLen: n, inner: 1, start: 0, len: n });
}

/**
 * Writes src into the window [start, start + len) of dense dst along `axis` (len = src's size
 * on that axis; every other dim equal): one dispatch, whatever dst's length.
 */
function assignAt(dst: Tensor, src: Tensor, axis: number, start: number): void {
  const backend = backendOf("assign", dst, src);
  const len = src.shape[axis];
  const fits = dst.isDense && src.rank === dst.rank && axis >= 0 && axis < dst.rank &&
    src.shape.every((d, i) => i === axis || d === dst.shape[i]) &&
    Number.isInteger(start) && start >= 0 && start + len <= dst.shape[axis];
  if (!fits) {
    throw new Error(
      `assign: expected a source fitting the dense destination ${
        shapeText(dst.shape)
      } at ${start} on axis ${axis}, got ${shapeText(src.shape)}`,
    );
  }
  if (Tape.current !== null && (dst.needsGrad || src.needsGrad)) {
    throw new Error("assign: not differentiable; write caches outside tape.record");
  }
  backend.writeAxis(dst.data, src.data, {
    outer: sizeOf(dst.shape.slice(0, axis)),
    axisLen: dst.shape[axis],
    inner: sizeOf(dst.shape.slice(axis + 1)),
    start,
    len,
  });
}
