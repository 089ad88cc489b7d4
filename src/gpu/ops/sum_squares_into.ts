/**
 * target[index] = sum(x^2) in one single-workgroup dispatch (kernels/sum_squares_into.wgsl):
 * the per-parameter partials of Adam's global grad-norm clip.
 */

import { checkSize } from "../check.ts";
import { type GpuBuffer, type GpuRuntime, Params } from "../runtime.ts";

/** Writes the sum of squares of x's n elements into target[index], in place. */
export function sumSquaresInto(
  rt: GpuRuntime,
  target: GpuBuffer,
  x: GpuBuffer,
  p: { n: number; index: number },
): void {
  checkSize("sumSquaresInto", "n", p.n);
  checkSize("sumSquaresInto", "index", p.index);
  if (x.length !== p.n) {
    throw new Error(`sumSquaresInto: x has ${x.length} elements, expected ${p.n}`);
  }
  if (p.index >= target.length) {
    throw new Error(
      `sumSquaresInto: expected an index below the target's ${target.length} elements, got ${p.index}`,
    );
  }
  if (x === target) {
    throw new Error(
      "sumSquaresInto: expected x and target to be different buffers, got the same one",
    );
  }
  rt.dispatch({ file: "sum_squares_into", entry: "sum_squares_into", inputs: 1, outputs: 1 }, {
    params: new Params().u32(p.n).u32(p.index),
    inputs: [x],
    outputs: [target],
    workgroups: [1],
  });
}
