/**
 * Ratios as `bench` prints them (speedups against a baseline or an anchor): two significant
 * digits whatever the size, so a slow case reads 0.068x instead of 0.1x or 0.0x, and a fast one
 * 12x instead of 12.3x (the noise of a shared machine is larger than the third digit).
 */

/** 0.068 -> "0.068x", 0.07 -> "0.070x", 0.52 -> "0.52x", 1.94 -> "1.9x", 12.3 -> "12x", 123 -> "120x". */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return `${ratio}x`;
  // toPrecision keeps the trailing zero (0.070, 2.0) that says two digits were measured; above
  // 10 it would switch to exponent form (1.2e+2), so those go through Number first.
  const digits = Math.abs(ratio) >= 10
    ? String(Number(ratio.toPrecision(2)))
    : ratio.toPrecision(2);
  return `${digits}x`;
}
