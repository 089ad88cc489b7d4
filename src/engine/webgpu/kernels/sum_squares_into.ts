/**
 * target[index] = sum(x^2) in one single-workgroup dispatch (kernels/sum_squares_into.wgsl), or
 * many such partials in one dispatch (kernels/sum_squares_many.wgsl): the per-parameter partials
 * of Adam's global grad-norm clip.
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

/** Tensors per sum_squares_many dispatch (kernels/sum_squares_many.wgsl declares 16). */
const MANY_SLOTS = 16;

/**
 * target[index + j] = sum of squares of xs[j] (ns[j] elements) for every j, in place: up to 16
 * tensors per dispatch (kernels/sum_squares_many.wgsl), or one per dispatch when the device has
 * fewer than 17 storage bindings per stage.
 */
export function sumSquaresIntoMany(
  rt: GpuRuntime,
  target: GpuBuffer,
  xs: readonly GpuBuffer[],
  p: { ns: readonly number[]; index: number },
): void {
  if (xs.length !== p.ns.length) {
    throw new Error(
      `sumSquaresIntoMany: expected one length per tensor, got ${p.ns.length} for ${xs.length}`,
    );
  }
  checkSize("sumSquaresIntoMany", "index", p.index);
  xs.forEach((x, j) => {
    checkSize("sumSquaresIntoMany", `ns[${j}]`, p.ns[j]);
    if (x.length !== p.ns[j]) {
      throw new Error(`sumSquaresIntoMany: xs[${j}] has ${x.length} elements, expected ${p.ns[j]}`);
    }
    if (x === target) {
      throw new Error("sumSquaresIntoMany: expected xs and target to be different buffers");
    }
  });
  if (p.index + xs.length > target.length) {
    throw new Error(
      `sumSquaresIntoMany: expected ${xs.length} partials from index ${p.index} to fit the ` +
        `target's ${target.length} elements`,
    );
  }
  if (rt.device.limits.maxStorageBuffersPerShaderStage < MANY_SLOTS + 1) {
    xs.forEach((x, j) => sumSquaresInto(rt, target, x, { n: p.ns[j], index: p.index + j }));
    return;
  }
  for (let start = 0; start < xs.length; start += MANY_SLOTS) {
    const chunk = xs.slice(start, start + MANY_SLOTS);
    const params = new Params().u32(chunk.length).u32(p.index + start);
    for (let j = 0; j < MANY_SLOTS; j++) params.u32(j < chunk.length ? p.ns[start + j] : 0);
    rt.dispatch({
      file: "sum_squares_many",
      entry: "sum_squares_many",
      inputs: MANY_SLOTS,
      outputs: 1,
    }, {
      params,
      // Unused slots read chunk[0] (never: their workgroups do not exist).
      inputs: [...chunk, ...Array(MANY_SLOTS - chunk.length).fill(chunk[0])],
      outputs: [target],
      workgroups: [chunk.length],
    });
  }
}
