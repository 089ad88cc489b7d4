import { AssertionError } from "node:assert/strict";

/** Tolerances for comparing float32 results: |a - e| <= atol + rtol * |e|. */
export interface CloseOptions {
  rtol?: number;
  atol?: number;
  /** Prefix for the failure message. */
  what?: string;
}

/**
 * Asserts two arrays of numbers agree element-wise within tolerance, and have
 * the same length. NaN only matches NaN; infinities must match exactly.
 */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  options: CloseOptions = {},
): void {
  const { rtol = 1e-4, atol = 1e-5, what = "values" } = options;
  if (actual.length !== expected.length) {
    throw new AssertionError({
      message: `${what}: expected ${expected.length} elements, got ${actual.length}`,
    });
  }
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) && Number.isNaN(a)) continue;
      worst = i;
      worstExcess = Infinity;
      break;
    }
    if (!Number.isFinite(e) || !Number.isFinite(a)) {
      if (a === e) continue;
      worst = i;
      worstExcess = Infinity;
      break;
    }
    const excess = Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (excess > worstExcess) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    throw new AssertionError({
      message: `${what}: element ${worst} is ${actual[worst]}, expected ${
        expected[worst]
      } (rtol ${rtol}, atol ${atol}, ${actual.length} elements)`,
    });
  }
}
