/**
 * The checks of one dispatch before anything is recorded: the kernel's binding counts, whole
 * workgroup counts within the device's limit, live buffers of this runtime, and no buffer
 * bound both as an input and an output.
 */
import { type GpuBuffer, ownBuffer, type RuntimeBuffer } from "./gpu_buffer.ts";
import type { KernelSpec } from "./pipeline_cache.ts";

/** A dispatch's buffers and grid, as `GpuRuntime.dispatch` takes them. */
export interface DispatchRequest {
  inputs: GpuBuffer[];
  outputs: GpuBuffer[];
  workgroups: [number, number?, number?];
}

/** Throws unless the dispatch is well formed; returns its grid and its bound buffers in order. */
export function checkDispatch(
  spec: KernelSpec,
  p: DispatchRequest,
  where: string,
  maxWorkgroupsPerDim: number,
): { grid: [number, number, number]; buffers: RuntimeBuffer[] } {
  if (p.inputs.length !== spec.inputs || p.outputs.length !== spec.outputs) {
    throw new Error(
      `${where}: expected ${spec.inputs} inputs and ${spec.outputs} outputs, ` +
        `got ${p.inputs.length} and ${p.outputs.length}`,
    );
  }
  const [x, y = 1, z = 1] = p.workgroups;
  for (const d of [x, y, z]) {
    if (!Number.isInteger(d) || d < 0 || d > maxWorkgroupsPerDim) {
      throw new Error(
        `${where}: expected workgroup counts that are integers in ` +
          `[0, ${maxWorkgroupsPerDim}], got [${x}, ${y}, ${z}]`,
      );
    }
  }
  const buffers = [...p.inputs, ...p.outputs].map(ownBuffer);
  for (const b of buffers) {
    if (b.released) throw new Error(`${where}: buffer #${b.id} is used after release`);
  }
  for (const out of p.outputs) {
    if (p.inputs.includes(out)) {
      throw new Error(`${where}: buffer #${out.id} is bound both as an input and an output`);
    }
  }
  return { grid: [x, y, z], buffers };
}
