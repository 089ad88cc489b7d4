/**
 * target[index] = sum(x^2) in one single-workgroup dispatch (kernels/sum_squares_into.wgsl), or
 * many such partials in one dispatch (kernels/sum_squares_many.wgsl): the per-parameter partials
 * of Adam's global grad-norm clip.
 */

import type { GpuBuffer, GpuRuntime } from "../runtime.ts";

/** Writes the sum of squares of x's n elements into target[index], in place. */
export function sumSquaresInto(
  rt: GpuRuntime,
  target: GpuBuffer,
  x: GpuBuffer,
  p: { n: number; index: number },
): void {
  rt.dispatch({ file: "sum_squares_into", entry: "sum_squares_into", inputs: 1, outputs: 1 }, {
    params: { n: p.n, index: p.index },
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
  if (rt.device.limits.maxStorageBuffersPerShaderStage < MANY_SLOTS + 1) {
    xs.forEach((x, j) => sumSquaresInto(rt, target, x, { n: p.ns[j], index: p.index + j }));
    return;
  }
  for (let start = 0; start < xs.length; start += MANY_SLOTS) {
    const chunk = xs.slice(start, start + MANY_SLOTS);
    // SumSquaresManyParams spells the slots out (n0..n15): uniform fields cannot be indexed.
    const params: Record<string, number> = { count: chunk.length, index: p.index + start };
    for (let j = 0; j < MANY_SLOTS; j++) params[`n${j}`] = j < chunk.length ? p.ns[start + j] : 0;
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
