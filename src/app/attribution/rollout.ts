/**
 * Attention rollout (Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers", §3):
 * how much of each input position reaches each position at the top of a stack of
 * self-attention layers, when attention is the only thing that mixes positions.
 *
 *   A_l  = mean over heads of layer l's attention                      [T, T], rows sum to 1
 *   Â_l  = renormalise_rows(0.5 A_l + 0.5 I)                            the residual connection
 *   R    = Â_L Â_{L-1} ... Â_1                                          R[i][j]: input j -> top i
 *
 * The identity term stands for the residual stream: a layer's output is its input plus what
 * attention brought, so half of each position's information stays where it was. The paper
 * weighs the two halves equally (0.5 A + 0.5 I), and so does attn. The rows of every Â_l sum
 * to 1, hence so do the rows of their product: R is a distribution over inputs for each
 * position, comparable cell for cell with the last layer's raw attention.
 *
 * Plain host arithmetic on small matrices (a sentence is tens of tokens).
 */

/** A square or rectangular matrix, rows first. */
export type Matrix = number[][];

/** The mean of equally shaped matrices (the heads of one layer). */
export function meanOfHeads(heads: readonly (readonly (readonly number[])[])[]): Matrix {
  if (heads.length === 0) throw new Error("expected at least one head, got none");
  const [rows, cols] = [heads[0].length, heads[0][0]?.length ?? 0];
  for (const h of heads) {
    if (h.length !== rows || h.some((r) => r.length !== cols)) {
      throw new Error(
        `expected every head ${rows} x ${cols}, got one ${h.length} x ${h[0]?.length}`,
      );
    }
  }
  return Array.from(
    { length: rows },
    (_, i) =>
      Array.from({ length: cols }, (_, j) => heads.reduce((s, h) => s + h[i][j], 0) / heads.length),
  );
}

/** Each row divided by its sum (a row summing to 0 is left as it is). */
export function normaliseRows(m: readonly (readonly number[])[]): Matrix {
  return m.map((row) => {
    const sum = row.reduce((s, v) => s + v, 0);
    return sum > 0 ? row.map((v) => v / sum) : [...row];
  });
}

/** Â = renormalise_rows(0.5 A + 0.5 I): attention with the residual stream (square A). */
export function withResidual(a: readonly (readonly number[])[]): Matrix {
  return normaliseRows(a.map((row, i) => row.map((v, j) => 0.5 * v + (i === j ? 0.5 : 0))));
}

/** a [n, k] x b [k, m]. */
export function matmul(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
): Matrix {
  const m = b[0]?.length ?? 0;
  return a.map((row) => {
    const out = new Array<number>(m).fill(0);
    row.forEach((v, k) => {
      if (v !== 0) { for (let j = 0; j < m; j++) out[j] += v * b[k][j]; }
    });
    return out;
  });
}

/**
 * The rollout R = Â_L ... Â_1 of layers given first to last, each the mean of its heads'
 * attention (square, rows summing to 1).
 */
export function attentionRollout(layers: readonly (readonly (readonly number[])[])[]): Matrix {
  if (layers.length === 0) throw new Error("expected at least one attention layer, got none");
  let rollout = withResidual(layers[0]);
  for (const layer of layers.slice(1)) rollout = matmul(withResidual(layer), rollout);
  return rollout;
}
