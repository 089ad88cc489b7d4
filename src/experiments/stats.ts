/**
 * The statistics experiments draw their conclusions from: entropy and Jensen-Shannon divergence
 * of attention rows, cosine similarity of position vectors, and means over partly undefined
 * values. Plain functions of plain arrays (the averages of timings are in src/measure/).
 */

/** Entropy of a distribution in nats (terms with p = 0 add nothing). */
export function entropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
  return h;
}

/** Jensen-Shannon divergence of two distributions over the same keys, in bits (0..1). */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) {
    throw new Error(
      `expected two distributions over the same keys, got ${p.length} and ${q.length}`,
    );
  }
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    if (p[i] > 0) js += 0.5 * p[i] * Math.log2(p[i] / m);
    if (q[i] > 0) js += 0.5 * q[i] * Math.log2(q[i] / m);
  }
  return Math.max(0, js);
}

/** Mean of the values that are defined, or null when none is. */
export function meanOfDefined(values: readonly (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
}

/**
 * Cosine similarity of every pair of rows of a [rows, d] table: values[i][j] (a zero row counts
 * as having norm 1, so its similarities are 0).
 */
export function cosineSimilarities(table: Float32Array, rows: number, d: number): number[][] {
  const norms = Array.from({ length: rows }, (_, i) => {
    let s = 0;
    for (let c = 0; c < d; c++) s += table[i * d + c] ** 2;
    return Math.sqrt(s) || 1;
  });
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: rows }, (_, j) => {
      let s = 0;
      for (let c = 0; c < d; c++) s += table[i * d + c] * table[j * d + c];
      return s / (norms[i] * norms[j]);
    }));
}
