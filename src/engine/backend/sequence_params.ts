/**
 * Argument checks shared by the whole-sequence recurrent primitives (gruSequence, lstmSequence)
 * on both backends, so a wrong size fails the same way wherever it runs.
 */
import type { SequenceParams } from "./contract.ts";

/**
 * Throws unless the sizes are whole, the lengths are one per row in 0..steps, and every
 * storage has the elements its shape needs (`sizes` maps a name to [got, expected shape]).
 * Returns the lengths, every row running all steps when p.lengths is not given.
 */
export function checkSequence(
  op: string,
  p: SequenceParams,
  sizes: Record<string, [number, number[]]>,
): number[] {
  for (const key of ["batch", "steps", "hidden"] as const) {
    if (!Number.isInteger(p[key]) || p[key] < 0) {
      throw new Error(`${op}: ${key} must be a non-negative integer, got ${p[key]}`);
    }
  }
  const lengths = p.lengths ? [...p.lengths] : new Array<number>(p.batch).fill(p.steps);
  if (lengths.length !== p.batch) {
    throw new Error(`${op}: expected ${p.batch} lengths (one per row), got ${lengths.length}`);
  }
  if (lengths.some((n) => !Number.isInteger(n) || n < 0 || n > p.steps)) {
    throw new Error(`${op}: expected lengths in 0..${p.steps}, got [${lengths.join(", ")}]`);
  }
  for (const [name, [got, shape]] of Object.entries(sizes)) {
    const n = shape.reduce((a, d) => a * d, 1);
    if (got !== n) {
      throw new Error(
        `${op}: ${name} has ${got} elements, expected ${n} for [${shape.join(", ")}]`,
      );
    }
  }
  return lengths;
}
