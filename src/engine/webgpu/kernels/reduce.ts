/**
 * Reductions on WebGPU (kernels/reduce.wgsl): row and column sums, the sum of squares of a
 * whole buffer (two stages, no readback) and the row argmax. No workgroup barriers: each
 * invocation loops over its row, column or strided chunk.
 */

import type { RowParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, type ParamValues, workgroupGrid } from "../runtime.ts";

/** Invocations per workgroup (the kernels' default `WG`). */
const WG = 64;
/** Up to this many elements, sumSquares is one invocation's loop (one dispatch). */
const SINGLE_PASS_MAX = 4096;
/** Elements each first-stage invocation of sumSquares aims to sum. */
const CHUNK = 256;
/** At most this many partial sums, so the second stage stays one short loop. */
const MAX_PARTS = 4096;

/** ReduceParams of the row kernels (sum_rows, sum_cols, argmax): n, parts and square unused. */
function rowParams(p: RowParams): ParamValues {
  return { rows: p.rows, cols: p.cols, n: 0, parts: 0, square: 0 };
}

/** ReduceParams of sum_chunks: `parts` partial sums of n elements (squared or not). */
function chunkParams(n: number, parts: number, square: boolean): ParamValues {
  return { rows: 0, cols: 0, n, parts, square: square ? 1 : 0 };
}

/** Sum over the last axis: x [rows, cols] -> [rows]. */
export function sumRows(rt: GpuRuntime, x: GpuBuffer, p: RowParams): GpuBuffer {
  const out = rt.alloc(p.rows); // [rows]
  if (p.rows === 0) return out;
  rt.dispatch({ file: "reduce", entry: "sum_rows", inputs: 1, outputs: 1 }, {
    params: rowParams(p),
    inputs: [x],
    outputs: [out],
    workgroups: workgroupGrid(Math.ceil(p.rows / WG)),
  });
  return out;
}

/** Sum over the leading axis: x [rows, cols] -> [cols]. */
export function sumCols(rt: GpuRuntime, x: GpuBuffer, p: RowParams): GpuBuffer {
  const out = rt.alloc(p.cols); // [cols]
  if (p.cols === 0) return out;
  rt.dispatch({ file: "reduce", entry: "sum_cols", inputs: 1, outputs: 1 }, {
    params: rowParams(p),
    inputs: [x],
    outputs: [out],
    workgroups: workgroupGrid(Math.ceil(p.cols / WG)),
  });
  return out;
}

/**
 * Sum of squares of all n elements of x, as a 1-element buffer. Large n takes two dispatches in
 * the same submit: strided partial sums of squares, then one invocation adding the partials.
 */
export function sumSquares(rt: GpuRuntime, x: GpuBuffer, p: { n: number }): GpuBuffer {
  const { n } = p;
  const spec = { file: "reduce", entry: "sum_chunks", inputs: 1, outputs: 1 };
  const out = rt.alloc(1);
  const parts = n <= SINGLE_PASS_MAX ? 1 : Math.min(MAX_PARTS, Math.ceil(n / CHUNK));
  if (parts === 1) {
    rt.dispatch(spec, {
      params: chunkParams(n, 1, true),
      inputs: [x],
      outputs: [out],
      workgroups: [1],
    });
    return out;
  }
  const partials = rt.alloc(parts); // [parts]
  rt.dispatch(spec, {
    params: chunkParams(n, parts, true),
    inputs: [x],
    outputs: [partials],
    workgroups: workgroupGrid(Math.ceil(parts / WG)),
  });
  rt.dispatch(spec, {
    params: chunkParams(parts, 1, false),
    inputs: [partials],
    outputs: [out],
    workgroups: [1],
  });
  rt.release(partials);
  return out;
}

/**
 * Index of the largest value in each row of x [rows, cols] as f32 [rows]: the first one on
 * ties, NaN smaller than everything (a row of NaN gives 0).
 */
export function argmax(rt: GpuRuntime, x: GpuBuffer, p: RowParams): GpuBuffer {
  const out = rt.alloc(p.rows); // [rows]
  if (p.rows === 0) return out;
  rt.dispatch({ file: "reduce", entry: "argmax", inputs: 1, outputs: 1 }, {
    params: rowParams(p),
    inputs: [x],
    outputs: [out],
    workgroups: workgroupGrid(Math.ceil(p.rows / WG)),
  });
  return out;
}
