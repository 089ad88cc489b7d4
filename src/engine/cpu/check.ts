/**
 * Cheap parameter checks shared by the cpu kernels, so a wrong size fails at
 * the call that got it wrong with a message naming what was expected and got.
 */

/** Throws unless v is a non-negative integer (sizes may be 0: an empty batch). */
export function checkSize(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) {
    throw new Error(`${op}: ${name} must be a non-negative integer, got ${v}`);
  }
}

/** Throws unless v is a positive integer. */
export function checkPositive(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) {
    throw new Error(`${op}: ${name} must be a positive integer, got ${v}`);
  }
}

/**
 * Throws unless storage s holds exactly the elements of `shape`:
 * `matmul: a has 10 elements, expected 12 for [1, 3, 4]`.
 */
export function checkLength(op: string, name: string, s: Float32Array, shape: number[]): void {
  let n = 1;
  for (const d of shape) n *= d;
  if (s.length !== n) {
    throw new Error(
      `${op}: ${name} has ${s.length} elements, expected ${n} for [${shape.join(", ")}]`,
    );
  }
}
