/**
 * `assign(dst, src)`: copies one tensor's values into another of the same shape, in place, on
 * the device (no readback). The trainer keeps its best parameters this way, and an experiment
 * moves trained weights into a second model. It is the one op that writes an existing tensor,
 * so it is not differentiable: a tape cannot undo the overwrite.
 */
import { shapeText, type Tensor } from "../tensor.ts";
import { Tape } from "../tape.ts";
import { backendOf, sameShape } from "./checks.ts";

/**
 * Copies `src`'s values into `dst` (same shape, same backend). On webgpu this records one
 * dispatch and waits for nothing. Refused while a tape records a tensor that carries
 * gradients, since overwriting it would leave the backward pass reading other values.
 */
export function assign(dst: Tensor, src: Tensor): void {
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
