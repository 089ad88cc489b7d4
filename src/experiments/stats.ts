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

/** Ranks from 1 (smallest) with ties sharing their mean rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].v === order[start].v) end++;
    for (let k = start; k <= end; k++) out[order[k].i] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return out;
}

/**
 * Spearman's rank correlation of two paired lists (Pearson's correlation of their ranks, ties
 * at mean rank): 1 when they order the items the same way, -1 when reversed; null when either
 * list is constant or there are fewer than 3 pairs.
 */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) {
    throw new Error(`expected two lists of the same length, got ${a.length} and ${b.length}`);
  }
  if (a.length < 3) return null;
  const [ra, rb] = [ranks(a), ranks(b)];
  const mean = (a.length + 1) / 2;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) ** 2;
    sbb += (rb[i] - mean) ** 2;
  }
  return saa === 0 || sbb === 0 ? null : sab / Math.sqrt(saa * sbb);
}
