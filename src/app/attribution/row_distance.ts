/**
 * How far two attention-like matrices are apart, row by row (each row a distribution over the
 * same columns): the Jensen-Shannon divergence (Lin 1991) in bits, which is symmetric, finite
 * when one row puts zero where the other does not, and lies in [0, 1] (0: the same row,
 * 1: no column in common); and whether the rows' largest cells fall on different columns.
 */

/** Both matrices' per-row divergence, its mean and the share of rows whose argmax differs. */
export interface RowDistance {
  /** JS divergence (bits, in [0, 1]) of each row pair. */
  js: number[];
  meanJs: number;
  /** Share of rows (0..1) whose largest cell is in a different column. */
  argmaxDiffers: number;
}

/** KL(p || m) in bits, over the cells where p > 0. */
function klBits(p: readonly number[], m: readonly number[]): number {
  let sum = 0;
  p.forEach((v, j) => {
    if (v > 0 && m[j] > 0) sum += v * Math.log2(v / m[j]);
  });
  return sum;
}

/** Jensen-Shannon divergence of two distributions in bits: KL to their midpoint, averaged. */
export function jensenShannon(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) {
    throw new Error(`expected two rows of one length, got ${p.length} and ${q.length}`);
  }
  const m = p.map((v, j) => (v + q[j]) / 2);
  const js = (klBits(p, m) + klBits(q, m)) / 2;
  return Math.min(1, Math.max(0, js)); // rounding may step a hair outside [0, 1]
}

/** Index of a row's largest value (the first on ties). */
export function argmax(row: readonly number[]): number {
  let best = 0;
  row.forEach((v, j) => {
    if (v > row[best]) best = j;
  });
  return best;
}

/** Row-by-row distance of two matrices of one shape. */
export function rowDistance(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
): RowDistance {
  if (a.length !== b.length || a.length === 0) {
    throw new Error(
      `expected two matrices with the same rows (at least one), got ${a.length} and ${b.length}`,
    );
  }
  const js = a.map((row, i) => jensenShannon(row, b[i]));
  const differs = a.filter((row, i) => argmax(row) !== argmax(b[i])).length;
  return {
    js,
    meanJs: js.reduce((s, v) => s + v, 0) / js.length,
    argmaxDiffers: differs / a.length,
  };
}
