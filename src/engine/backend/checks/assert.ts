/**
 * The assertions every check is made of: whole sizes, storages of the expected length, distinct
 * storages for in-place roles. Each throws with the primitive's name and what was expected.
 */
import type { Sized } from "./types.ts";

/** Throws unless v is a non-negative integer (sizes may be 0: an empty batch). */
export function size(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) {
    throw new Error(`${op}: ${name} must be a non-negative integer, got ${v}`);
  }
}

/** Throws unless v is a positive integer. */
export function positive(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) {
    throw new Error(`${op}: ${name} must be a positive integer, got ${v}`);
  }
}

/**
 * Throws unless storage s holds exactly the elements of `shape`:
 * `binary: a has 10 elements, expected 12 for [12]`. `dims` names the shape's axes.
 */
export function length(op: string, name: string, s: Sized, shape: number[], dims?: string[]): void {
  let n = 1;
  for (const d of shape) n *= d;
  if (s.length !== n) {
    const axes = dims ? shape.map((d, i) => `${dims[i]} ${d}`) : shape;
    throw new Error(
      `${op}: ${name} has ${s.length} elements, expected ${n} for [${axes.join(", ")}]`,
    );
  }
}

/** Throws when an in-place primitive is given one storage for two of its roles. */
export function distinct(op: string, a: [string, Sized], b: [string, Sized]): void {
  if (a[1] === b[1]) {
    throw new Error(
      `${op}: expected ${a[0]} and ${b[0]} to be different storages, got the same one`,
    );
  }
}

/** Throws unless v is an integer (a signed offset). */
export function integer(op: string, name: string, v: number): void {
  if (!Number.isInteger(v)) throw new Error(`${op}: ${name} must be an integer, got ${v}`);
}

/** Throws unless x holds a rows x cols matrix (cols at least 1 when minCols is set). */
export function rowMatrix(
  op: string,
  p: { rows: number; cols: number },
  x: Sized,
  minCols = 0,
): void {
  size(op, "rows", p.rows);
  if (minCols > 0) positive(op, "cols", p.cols);
  else size(op, "cols", p.cols);
  length(op, "x", x, [p.rows, p.cols]);
}
