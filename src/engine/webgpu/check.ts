/**
 * Argument checks for the webgpu ops, worded like the cpu backend's so both
 * backends fail the same way: `binary: a has 10 elements, expected 12 for [12]`.
 */

import type { GpuBuffer } from "./runtime.ts";

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

/** Throws unless buffer b holds exactly the elements of `shape`. */
export function checkLength(op: string, name: string, b: GpuBuffer, shape: number[]): void {
  let n = 1;
  for (const d of shape) n *= d;
  if (b.length !== n) {
    throw new Error(
      `${op}: ${name} has ${b.length} elements, expected ${n} for [${shape.join(", ")}]`,
    );
  }
}
