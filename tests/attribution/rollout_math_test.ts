/**
 * The arithmetic behind `rollout` and `saliency` (src/app/attribution/): attention rollout
 * against a product worked by hand, rows summing to 1 on random causal stacks, the
 * Jensen-Shannon divergence and argmax disagreement of two grids, and Spearman's rho with ties.
 */
import assert from "node:assert/strict";
import { attentionRollout, meanOfHeads, withResidual } from "../../src/app/attribution/rollout.ts";
import { jensenShannon, rowDistance } from "../../src/app/attribution/row_distance.ts";
import { ranks, spearman } from "../../src/measure/rank_correlation.ts";
import { randomArray } from "../support/backends.ts";

const close = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} is not ${b}`);

Deno.test("rollout of a 2-layer, 2-head case equals the product worked by hand", () => {
  // Layer 1: heads [[1, 0], [.5, .5]] and [[.5, .5], [0, 1]] average to [[.75, .25], [.25, .75]];
  // with the residual, 0.5 A + 0.5 I = [[.875, .125], [.125, .875]].
  const layer1 = meanOfHeads([[[1, 0], [0.5, 0.5]], [[0.5, 0.5], [0, 1]]]);
  assert.deepEqual(layer1, [[0.75, 0.25], [0.25, 0.75]]);
  assert.deepEqual(withResidual(layer1), [[0.875, 0.125], [0.125, 0.875]]);
  // Layer 2: both positions read position 0: Â_2 = [[1, 0], [.5, .5]].
  const layer2 = [[1, 0], [1, 0]];
  // R = Â_2 Â_1: row 0 = Â_1's row 0; row 1 = half of each row of Â_1.
  const r = attentionRollout([layer1, layer2]);
  [[0.875, 0.125], [0.5, 0.5]].forEach((row, i) => row.forEach((v, j) => close(r[i][j], v)));
});

Deno.test("rollout rows sum to 1 and stay causal on random causal 3-layer stacks", () => {
  const t = 6;
  const layers = [0, 1, 2].map((l) => {
    const heads = [0, 1, 2, 3].map((h) => {
      const noise = randomArray(t * t, 100 * l + h, 0, 1);
      const rows = Array.from(
        { length: t },
        (_, i) => Array.from({ length: t }, (_, j) => (j <= i ? noise[i * t + j] : 0)),
      );
      return rows.map((row) => row.map((v) => v / row.reduce((s, x) => s + x, 0)));
    });
    return meanOfHeads(heads);
  });
  const r = attentionRollout(layers);
  r.forEach((row, i) => {
    close(row.reduce((s, v) => s + v, 0), 1, 1e-12);
    row.forEach((v, j) => (j > i ? assert.equal(v, 0) : assert.ok(v >= 0)));
  });
});

Deno.test("Jensen-Shannon: 0 for the same row, 1 bit for disjoint rows, symmetric", () => {
  close(jensenShannon([0.2, 0.8], [0.2, 0.8]), 0);
  close(jensenShannon([1, 0], [0, 1]), 1);
  close(jensenShannon([0.3, 0.7], [0.6, 0.4]), jensenShannon([0.6, 0.4], [0.3, 0.7]));
  const d = rowDistance([[1, 0], [0.5, 0.5], [0.9, 0.1]], [[0, 1], [0.5, 0.5], [0.8, 0.2]]);
  close(d.js[0], 1);
  close(d.js[1], 0);
  close(d.argmaxDiffers, 1 / 3);
});

Deno.test("Spearman: ties take their mean rank; 1, -1, and null for a constant row", () => {
  assert.deepEqual(ranks([10, 30, 20, 30]), [1, 3.5, 2, 3.5]);
  close(spearman([1, 2, 3, 4], [10, 20, 30, 40])!, 1);
  close(spearman([1, 2, 3, 4], [4, 3, 2, 1])!, -1);
  // By hand: ranks a = [1, 2, 3], b = [2, 1, 3]; rho = 1 - 6 * (1 + 1 + 0) / (3 * 8) = 0.5.
  close(spearman([0.1, 0.5, 0.9], [2, 1, 3])!, 0.5);
  assert.equal(spearman([1, 1, 1], [1, 2, 3]), null);
  assert.equal(spearman([1], [2]), null);
});
