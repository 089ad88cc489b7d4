/**
 * Averages of repeated measurements. The median is what timings report (a burst of load from
 * other processes moves the mean, not the median); the geometric mean is what ratios are averaged
 * with (2x and 0.5x average to 1x, not 1.25x).
 */

/** The arithmetic mean; 0 for an empty list (nothing measured adds nothing). */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The median: the middle value, or the mean of the two middle ones. Needs one or more values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median: expected one or more values, got none");
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** exp(mean(log v)): the average of ratios. Every value must be positive; 1 for an empty list. */
export function geometricMean(values: readonly number[]): number {
  return Math.exp(mean(values.map(Math.log)));
}
