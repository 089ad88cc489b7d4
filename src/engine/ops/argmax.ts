/** The index of the largest value: greedy decoding's pick. */
import { shapeText, Tensor } from "../tensor.ts";
import { backendOf, wrap } from "./checks.ts";

/**
 * Index of the largest value along the last axis (the first one on ties),
 * as float32: x [..., V] -> [...]. Not differentiable; it stays on the
 * device, so a decoder can feed it back without a readback.
 */
export function argmax(x: Tensor): Tensor {
  const backend = backendOf("argmax", x);
  if (x.rank < 1 || x.shape[x.rank - 1] < 1) {
    throw new Error(`argmax: expected x [..., V] with V >= 1, got ${shapeText(x.shape)}`);
  }
  const cols = x.shape[x.rank - 1];
  const rows = x.size / cols;
  return wrap(backend, backend.argmax(x.data, { rows, cols }), x.shape.slice(0, -1));
}
