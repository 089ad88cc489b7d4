import assert from "node:assert/strict";
import { geometricMean, mean, median } from "../../src/measure/average.ts";

Deno.test("median() of odd and even lists, and none of an empty one", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.throws(() => median([]), /median: expected one or more values, got none/);
});

Deno.test("mean() and geometricMean(): ratios 2 and 0.5 average to 1 geometrically", () => {
  assert.equal(mean([1, 2, 6]), 3);
  assert.equal(mean([]), 0);
  assert.ok(Math.abs(geometricMean([2, 0.5]) - 1) < 1e-12);
  assert.ok(Math.abs(geometricMean([1, 4, 16]) - 4) < 1e-12);
});
