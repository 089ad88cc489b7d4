/**
 * Strided views on webgpu: gather (a view as a contiguous copy) and scatterAdd (a view's
 * gradient added back at the view's positions), strided.wgsl, one invocation per element or,
 * when the last dim is contiguous, per row.
 */
import type { StridedParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, workgroupGrid } from "../runtime.ts";

/** Invocations per workgroup (the WGSL default). */
const WG = 64;
/** The rank strided.wgsl is written for. */
const MAX_RANK = 6;

/** Elements of the view (the backend validated it: engine/backend/validate.ts). */
function count(p: StridedParams): number {
  return p.shape.reduce((a, d) => a * d, 1);
}

/** The dispatch of one strided kernel: rows of a contiguous last dim, or single elements. */
function stridedDispatch(
  rt: GpuRuntime,
  entry: "gather" | "scatter_add",
  p: StridedParams,
  n: number,
  buffers: { src: GpuBuffer; dst: GpuBuffer },
): void {
  const pad = MAX_RANK - p.shape.length;
  const sizes = [...new Array(pad).fill(1), ...p.shape];
  const steps = [...new Array(pad).fill(0), ...p.strides];
  const rowLength = sizes[MAX_RANK - 1];
  const byRows = steps[MAX_RANK - 1] === 1 && rowLength >= 4;
  const invocations = byRows ? n / rowLength : n;
  // StridedParams spells the dims out (s0..s5, t0..t5): uniform fields cannot be indexed.
  const params: Record<string, number> = { n: invocations, offset: p.offset };
  sizes.forEach((s, d) => params[`s${d}`] = s);
  steps.forEach((t, d) => params[`t${d}`] = t);
  rt.dispatch({ file: "strided", entry: byRows ? `${entry}_rows` : entry, inputs: 1, outputs: 1 }, {
    params,
    inputs: [buffers.src],
    outputs: [buffers.dst],
    workgroups: workgroupGrid(Math.ceil(invocations / WG)),
  });
}

/** The view of x described by p, as a fresh contiguous buffer. */
export function gather(rt: GpuRuntime, x: GpuBuffer, p: StridedParams): GpuBuffer {
  const n = count(p);
  const out = rt.alloc(n);
  if (n > 0) stridedDispatch(rt, "gather", p, n, { src: x, dst: out });
  return out;
}

/** In place: dst at the view's positions += src (contiguous over p.shape). */
export function scatterAdd(rt: GpuRuntime, dst: GpuBuffer, src: GpuBuffer, p: StridedParams): void {
  const n = count(p);
  if (n > 0) stridedDispatch(rt, "scatter_add", p, n, { src, dst });
}
