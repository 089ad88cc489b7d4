/**
 * Layout kernels: slices along an axis (and in-place writes into one),
 * general transposes, and rotary position embedding.
 * kernels/{slice,permute,rope}.wgsl, one invocation per element (or pair).
 */

import type { AxisParams, RopeParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, type ParamValues, workgroupGrid } from "../runtime.ts";

/** Invocations per workgroup (the WGSL default). */
const WG = 64;
/** The rank kernels/permute.wgsl is written for. */
const MAX_RANK = 6;

function elementGrid(n: number): [number, number, number] {
  return workgroupGrid(Math.ceil(n / WG));
}

/** The AxisParams struct of kernels/slice.wgsl and kernels/accumulate_axis.wgsl. */
export function axisParams(p: AxisParams): ParamValues {
  const { inner, len, start } = p;
  return { n: p.outer * len * inner, inner, len, axis_len: p.axisLen, start };
}

/** x viewed as [outer, axisLen, inner] -> [outer, len, inner], taken from index start. */
export function sliceAxis(rt: GpuRuntime, x: GpuBuffer, p: AxisParams): GpuBuffer {
  const n = p.outer * p.len * p.inner;
  const out = rt.alloc(n); // [outer, len, inner]
  rt.dispatch({ file: "slice", entry: "slice_axis", inputs: 1, outputs: 1 }, {
    params: axisParams(p),
    inputs: [x],
    outputs: [out],
    workgroups: elementGrid(n),
  });
  return out;
}

/** In place: dst [outer, axisLen, inner] receives src [outer, len, inner] at index start. */
export function writeAxis(rt: GpuRuntime, dst: GpuBuffer, src: GpuBuffer, p: AxisParams): void {
  const n = p.outer * p.len * p.inner;
  rt.dispatch({ file: "slice", entry: "write_axis", inputs: 1, outputs: 1 }, {
    params: axisParams(p),
    inputs: [src],
    outputs: [dst],
    workgroups: elementGrid(n),
  });
}

/**
 * The same permutation on fewer dims: size-1 dims are dropped and runs of
 * input dims that stay adjacent and in order are merged. [B, T, H, D] with
 * perm [0, 2, 1, 3] stays rank 4, but [B, T, C] -> [B, T, C] becomes rank 1.
 */
export function simplifyPermutation(
  shape: readonly number[],
  perm: readonly number[],
): { shape: number[]; perm: number[] } {
  const kept = shape.map((_, d) => d).filter((d) => shape[d] !== 1);
  // Output dims (as input dim numbers) without size-1 dims, then merged runs.
  const outDims = perm.filter((d) => shape[d] !== 1);
  const groups: number[][] = [];
  for (const d of outDims) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1] + nextKept(kept, last[last.length - 1]) === d) last.push(d);
    else groups.push([d]);
  }
  // Each group becomes one dim; number groups by input order.
  const byInput = [...groups].sort((a, b) => a[0] - b[0]);
  const newShape = byInput.map((g) => g.reduce((n, d) => n * shape[d], 1));
  const newPerm = groups.map((g) => byInput.indexOf(g));
  return newShape.length ? { shape: newShape, perm: newPerm } : { shape: [1], perm: [0] };
}

/** Distance from input dim d to the next kept (size > 1) input dim. */
function nextKept(kept: number[], d: number): number {
  const i = kept.indexOf(d);
  return i >= 0 && i + 1 < kept.length ? kept[i + 1] - d : Infinity;
}

/** General transpose of a contiguous tensor of rank 1..6: out dim i is input dim perm[i]. */
export function permute(
  rt: GpuRuntime,
  x: GpuBuffer,
  p: { shape: number[]; perm: number[] },
): GpuBuffer {
  const { shape, perm } = p;
  const n = x.length;
  const out = rt.alloc(n);
  if (n === 0) return out;

  const simple = simplifyPermutation(shape, perm);
  const inStrides: number[] = new Array(simple.shape.length);
  let stride = 1;
  for (let d = simple.shape.length - 1; d >= 0; d--) {
    inStrides[d] = stride;
    stride *= simple.shape[d];
  }
  // Pad to rank 6 with leading size-1 dims (stride 0).
  const pad = MAX_RANK - simple.shape.length;
  const outShape = [...new Array(pad).fill(1), ...simple.perm.map((d) => simple.shape[d])];
  const step = [...new Array(pad).fill(0), ...simple.perm.map((d) => inStrides[d])];
  // Rows of >= 4 contiguous elements (the last dim stays last): one invocation per row.
  const rowLength = outShape[MAX_RANK - 1];
  const byRows = step[MAX_RANK - 1] === 1 && rowLength >= 4;
  const count = byRows ? n / rowLength : n;
  // PermuteParams spells the dims out (s0..s5, t0..t5): uniform fields cannot be indexed.
  const params: Record<string, number> = { n: count };
  outShape.forEach((s, d) => params[`s${d}`] = s);
  step.forEach((t, d) => params[`t${d}`] = t);
  rt.dispatch({
    file: "permute",
    entry: byRows ? "permute_rows" : "permute",
    inputs: 1,
    outputs: 1,
  }, {
    params,
    inputs: [x],
    outputs: [out],
    workgroups: elementGrid(count),
  });
  return out;
}

/** cos/sin tables per runtime, keyed by dim and base, grown to cover positions. */
const ropeTables = new WeakMap<GpuRuntime, Map<string, { table: GpuBuffer; positions: number }>>();

/**
 * The table [positions, dim/2, 2] of cos and sin of pos * base^(-2k/dim),
 * computed in float64 exactly as the cpu reference computes theta.
 */
function ropeTable(rt: GpuRuntime, dim: number, base: number, needed: number): GpuBuffer {
  let tables = ropeTables.get(rt);
  if (!tables) ropeTables.set(rt, tables = new Map());
  const key = `${dim}:${base}`;
  const hit = tables.get(key);
  if (hit && hit.positions >= needed) return hit.table;
  const positions = Math.max(64, 2 ** Math.ceil(Math.log2(needed)));
  const half = dim / 2;
  const data = new Float32Array(positions * half * 2);
  for (let pos = 0; pos < positions; pos++) {
    for (let k = 0; k < half; k++) {
      const theta = pos * Math.pow(base, (-2 * k) / dim);
      data[(pos * half + k) * 2] = Math.cos(theta);
      data[(pos * half + k) * 2 + 1] = Math.sin(theta);
    }
  }
  // Releasing the old table is safe: later work is ordered after work that reads it.
  if (hit) rt.release(hit.table);
  const table = rt.upload(data);
  tables.set(key, { table, positions });
  return table;
}

/** Rotary position embedding of x [rows, t, dim] (see RopeParams); inverse rotates back. */
export function rope(rt: GpuRuntime, x: GpuBuffer, p: RopeParams): GpuBuffer {
  const { rows, t, dim } = p;
  const offset = p.offset ?? 0;
  const n = rows * t * dim;
  const out = rt.alloc(n); // [rows, t, dim]
  if (n === 0) return out;
  const table = ropeTable(rt, dim, p.base ?? 10000, offset + t);
  rt.dispatch({ file: "rope", entry: "rope", inputs: 2, outputs: 1 }, {
    params: { n: n / 2, t, half_dim: dim / 2, offset, sign: p.inverse ? -1 : 1 },
    inputs: [x, table],
    outputs: [out],
    workgroups: elementGrid(n / 2),
  });
  return out;
}
