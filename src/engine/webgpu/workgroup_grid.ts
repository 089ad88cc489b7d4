/** Grids of workgroups within the dimension every WebGPU device supports. */

/** The largest grid dimension every WebGPU device supports. */
const MAX_GRID_DIM = 65535;

/**
 * Splits a number of workgroups into a 2-D grid with x, y <= 65535 and
 * x * y >= count. Kernels compute the flat workgroup index as
 * wid.x + wid.y * nwg.x and return early past the end.
 */
export function workgroupGrid(count: number): [number, number, number] {
  if (count <= MAX_GRID_DIM) return [Math.max(0, Math.ceil(count)), 1, 1];
  const y = Math.ceil(count / MAX_GRID_DIM);
  if (y > MAX_GRID_DIM) {
    throw new Error(`expected at most ${MAX_GRID_DIM ** 2} workgroups, got ${count}`);
  }
  return [Math.ceil(count / y), y, 1];
}
