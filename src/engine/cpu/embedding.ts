/** Sizes of an embedding lookup: n ids into a table [vocab, dim]. */
export interface EmbeddingParams {
  n: number;
  dim: number;
  vocab: number;
}

/** The row an id names, or -1 for an id that is negative, >= vocab or not an integer. */
function rowOf(id: number, vocab: number): number {
  return Number.isInteger(id) && id >= 0 && id < vocab ? id : -1;
}

/** out[i] = table[ids[i]] ([n, dim]); ids outside [0, vocab) give zero rows. */
export function embedding(
  table: Float32Array,
  ids: Float32Array,
  p: EmbeddingParams,
): Float32Array {
  const out = new Float32Array(p.n * p.dim);
  for (let i = 0; i < p.n; i++) {
    const row = rowOf(ids[i], p.vocab);
    if (row < 0) continue;
    out.set(table.subarray(row * p.dim, (row + 1) * p.dim), i * p.dim);
  }
  return out;
}

/** dTable [vocab, dim]: each row of dy [n, dim] summed into the row its id names. */
export function embeddingBackward(
  ids: Float32Array,
  dy: Float32Array,
  p: EmbeddingParams,
): Float32Array {
  const dTable = new Float32Array(p.vocab * p.dim);
  for (let i = 0; i < p.n; i++) {
    const row = rowOf(ids[i], p.vocab);
    if (row < 0) continue;
    for (let j = 0; j < p.dim; j++) dTable[row * p.dim + j] += dy[i * p.dim + j];
  }
  return dTable;
}
