/** Token embedding: a table lookup whose gradient scatters back into the table. */
import { shapeText, Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, wrap } from "./checks.ts";

/**
 * Rows of table [V, d] named by ids [...] (float32 integers) -> [..., d].
 * Ids outside [0, V) give zero rows. The gradient flows to the table only;
 * repeated ids add up.
 */
export function embedding(table: Tensor, ids: Tensor): Tensor {
  const backend = backendOf("embedding", table, ids);
  if (table.rank !== 2) {
    throw new Error(`embedding: expected a table of shape [V, d], got ${shapeText(table.shape)}`);
  }
  const [vocab, dim] = table.shape;
  const p = { n: ids.size, dim, vocab };
  const out = wrap(backend, backend.embedding(table.data, ids.data, p), [...ids.shape, dim]);
  return recordOp("embedding", out, [table], (dy) => [
    wrap(backend, backend.embeddingBackward(ids.data, dy.data, p), table.shape),
  ]);
}
