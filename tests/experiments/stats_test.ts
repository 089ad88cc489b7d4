import assert from "node:assert/strict";
import {
  cosineSimilarities,
  entropy,
  jensenShannon,
  meanOfDefined,
} from "../../src/experiments/stats.ts";

Deno.test("jensenShannon() is 0 for equal rows, 1 bit for disjoint ones, and symmetric", () => {
  assert.equal(jensenShannon([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]), 0);
  assert.ok(Math.abs(jensenShannon([1, 0], [0, 1]) - 1) < 1e-12);
  const p = [0.7, 0.2, 0.1];
  const q = [0.1, 0.3, 0.6];
  assert.ok(Math.abs(jensenShannon(p, q) - jensenShannon(q, p)) < 1e-12);
  // By hand: m = [0.75, 0.25]; KL([1, 0] || m) = log2(4/3), KL([0.5, 0.5] || m) =
  // 0.5 log2(2/3) + 0.5 log2(2); JSD is their mean, 0.311 bits.
  const byHand = 0.5 * Math.log2(4 / 3) + 0.25 * (Math.log2(2 / 3) + 1);
  assert.ok(Math.abs(jensenShannon([1, 0], [0.5, 0.5]) - byHand) < 1e-12);
  assert.throws(() => jensenShannon([1], [0.5, 0.5]), /same keys, got 1 and 2/);
});

Deno.test("entropy() is ln(n) for a uniform row and 0 for a one-hot one, in nats", () => {
  assert.ok(Math.abs(entropy([0.25, 0.25, 0.25, 0.25]) - Math.log(4)) < 1e-12);
  assert.equal(entropy([0, 1, 0]), 0);
  // By hand: -(0.5 ln 0.5 + 2 * 0.25 ln 0.25) = 1.5 ln 2.
  assert.ok(Math.abs(entropy(new Float32Array([0.5, 0.25, 0.25])) - 1.5 * Math.log(2)) < 1e-7);
});

Deno.test("meanOfDefined() skips nulls and is null when nothing is defined", () => {
  assert.equal(meanOfDefined([0.5, null, 1]), 0.75);
  assert.equal(meanOfDefined([null, null]), null);
  assert.equal(meanOfDefined([]), null);
});

Deno.test("cosineSimilarities() of a table's rows: 1 on the diagonal, -1 for opposite rows", () => {
  // Rows [1, 0], [0, 2], [-3, 0] and a zero row (similarity 0 with everything).
  const grid = cosineSimilarities(new Float32Array([1, 0, 0, 2, -3, 0, 0, 0]), 4, 2);
  assert.deepEqual(grid[0], [1, 0, -1, 0]);
  assert.deepEqual(grid[1], [0, 1, 0, 0]);
  assert.deepEqual(grid[3], [0, 0, 0, 0]);
});
