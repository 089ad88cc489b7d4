/**
 * Rounding measured numbers for a table, a JSON result or a sentence: to decimal places, to
 * significant digits, and fractions as percentages.
 */

/**
 * `value` rounded to `decimals` places, as a number: round(0.12345) = 0.123. Rounds the exact
 * decimal value of the double (toFixed), so 1.005 (stored as 1.00499...) gives 1.
 */
export function round(value: number, decimals = 3): number {
  return Number(value.toFixed(decimals));
}

/** `value` rounded to `digits` significant digits, as a number: significant(1234.5) = 1230. */
export function significant(value: number, digits = 3): number {
  return Number(value.toPrecision(digits));
}

/**
 * A fraction as a percentage with `decimals` places: percent(0.973) = "97%",
 * percent(0.9734, 1) = "97.3%". Halves round up (Math.round), also below zero: -0.025 -> "-2%".
 */
export function percent(fraction: number, decimals = 0): string {
  const scale = 10 ** decimals;
  return `${(Math.round(fraction * 100 * scale) / scale).toFixed(decimals)}%`;
}
