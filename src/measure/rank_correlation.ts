/**
 * Spearman's rank correlation (Spearman 1904): the Pearson correlation of two rows' ranks, ties
 * given their average rank. 1: the two orderings agree exactly, -1: reversed, 0: unrelated. It
 * compares orderings only, so a saliency row and an attention row (on different scales) are
 * comparable: "does the token attention looks at most also matter most to the output?".
 */

/** Ranks 1..n of `xs`, tied values sharing the mean of their ranks. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(xs.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && order[end].v === order[start].v) end++;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 .. end
    for (let k = start; k < end; k++) out[order[k].i] = rank;
    start = end;
  }
  return out;
}

/**
 * Spearman's rho of two rows of one length, or null when it is undefined: fewer than two
 * values, or a row whose values are all equal (no ordering to compare).
 */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) {
    throw new Error(`expected two rows of one length, got ${a.length} and ${b.length}`);
  }
  if (a.length < 2) return null;
  const [ra, rb] = [ranks(a), ranks(b)];
  const mean = (a.length + 1) / 2;
  let cov = 0, va = 0, vb = 0;
  ra.forEach((x, i) => {
    cov += (x - mean) * (rb[i] - mean);
    va += (x - mean) ** 2;
    vb += (rb[i] - mean) ** 2;
  });
  if (va === 0 || vb === 0) return null;
  return cov / Math.sqrt(va * vb);
}
