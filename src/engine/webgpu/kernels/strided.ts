/**
 * Strided views on webgpu: gather (a view as a contiguous copy) and scatterAdd (a view's
 * gradient added back at the view's positions), strided.wgsl, one invocation per element or,
 * when the last dim is contiguous, per row.
 */
import type { StridedParams } from "../../backend/contract.ts";
import { checkSize } from "../check.ts";
import { type GpuBuffer, type GpuRuntime, Params, workgroupGrid } from "../runtime.ts";

/** Invocations per workgroup (the WGSL default). */
const WG = 64;
/** The rank strided.wgsl is written for. */
const MAX_RANK = 6;

/** Checks the view fits the storage; returns its element count. */
function checkView(op: string, storage: GpuBuffer, p: StridedParams): number {
  const rank = p.shape.length;
  if (rank < 1 || rank > MAX_RANK || p.strides.length !== rank) {
    throw new Error(`${op}: expected a view of rank 1..${MAX_RANK} with a stride per dim`);
  }
  p.shape.forEach((d, i) => checkSize(op, `shape[${i}]`, d));
  p.strides.forEach((t, i) => checkSize(op, `strides[${i}]`, t));
  checkSize(op, "offset", p.offset);
  const n = p.shape.reduce((a, d) => a * d, 1);
  const last = p.offset + p.shape.reduce((a, d, i) => a + (d - 1) * p.strides[i], 0);
  if (n > 0 && last >= storage.length) {
    throw new Error(
      `${op}: the view reaches element ${last} of a storage of ${storage.length} elements`,
    );
  }
  return n;
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
  const count = byRows ? n / rowLength : n;
  const params = new Params().u32(count).u32(p.offset);
  for (const s of sizes) params.u32(s);
  for (const t of steps) params.u32(t);
  rt.dispatch({ file: "strided", entry: byRows ? `${entry}_rows` : entry, inputs: 1, outputs: 1 }, {
    params,
    inputs: [buffers.src],
    outputs: [buffers.dst],
    workgroups: workgroupGrid(Math.ceil(count / WG)),
  });
}

/** The view of x described by p, as a fresh contiguous buffer. */
export function gather(rt: GpuRuntime, x: GpuBuffer, p: StridedParams): GpuBuffer {
  const n = checkView("gather", x, p);
  const out = rt.alloc(n);
  if (n > 0) stridedDispatch(rt, "gather", p, n, { src: x, dst: out });
  return out;
}

/** In place: dst at the view's positions += src (contiguous over p.shape). */
export function scatterAdd(rt: GpuRuntime, dst: GpuBuffer, src: GpuBuffer, p: StridedParams): void {
  const n = checkView("scatterAdd", dst, p);
  if (src.length !== n) {
    throw new Error(`scatterAdd: src has ${src.length} elements, the view ${n}`);
  }
  if (dst === src) throw new Error("scatterAdd: expected src and dst to be different buffers");
  if (n > 0) stridedDispatch(rt, "scatter_add", p, n, { src, dst });
}
