/**
 * Small fits the experiments draw conclusions from: a least-squares line through log-log
 * points (the exponent k of a cost ~ n^k) and where two measured curves cross.
 */

/** Least-squares slope and intercept of y against x. Needs two or more distinct x. */
export function fitLine(x: readonly number[], y: readonly number[]): {
  slope: number;
  intercept: number;
} {
  if (x.length !== y.length || x.length < 2) {
    throw new Error(
      `fitLine: expected two or more (x, y) pairs, got ${x.length} x and ${y.length} y`,
    );
  }
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  if (sxx === 0) throw new Error("fitLine: expected at least two distinct x values");
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * The exponent k of y ~ c * x^k: the slope of log(y) against log(x). Every x and y must be
 * positive. A quadratic cost gives about 2, a linear one about 1.
 */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  if (x.some((v) => !(v > 0)) || y.some((v) => !(v > 0))) {
    throw new Error("logLogSlope: expected positive x and y");
  }
  return fitLine(x.map(Math.log), y.map(Math.log)).slope;
}

/**
 * The first x at which curve `a` stops being below curve `b` (both measured at the same x,
 * ascending), interpolated on log(x) between the two measurements around the sign change of
 * a - b. null when a stays below b (or above it) everywhere.
 * `from` says which side a starts on: "below" (a < b at the first x) or "above".
 */
export function crossover(
  x: readonly number[],
  a: readonly number[],
  b: readonly number[],
): { x: number; from: "below" | "above" } | null {
  if (x.length !== a.length || x.length !== b.length) {
    throw new Error(`crossover: expected equal lengths, got ${x.length}, ${a.length}, ${b.length}`);
  }
  if (x.length < 2) return null;
  const diff = a.map((v, i) => v - b[i]);
  const from = diff[0] < 0 ? "below" : "above";
  for (let i = 1; i < x.length; i++) {
    const before = diff[i - 1];
    const after = diff[i];
    const crossed = from === "below" ? after >= 0 : after < 0;
    if (!crossed) continue;
    const t = before === after ? 0 : before / (before - after); // where the line through them is 0
    const logX = Math.log(x[i - 1]) + t * (Math.log(x[i]) - Math.log(x[i - 1]));
    return { x: Math.exp(logX), from };
  }
  return null;
}

/**
 * Every x where curve a crosses curve b, ascending (fit.ts crossover on each pair of neighbouring
 * measurements): noisy or non-monotonic curves can cross more than once.
 */
export function crossings(
  x: readonly number[],
  a: readonly number[],
  b: readonly number[],
): { x: number; from: "below" | "above" }[] {
  const found: { x: number; from: "below" | "above" }[] = [];
  for (let i = 1; i < x.length; i++) {
    // Each pair of neighbouring measurements: crossover() interpolates within it.
    const cross = crossover([x[i - 1], x[i]], [a[i - 1], a[i]], [b[i - 1], b[i]]);
    if (cross) found.push(cross);
  }
  return found;
}
