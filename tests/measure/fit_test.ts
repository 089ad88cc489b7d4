import assert from "node:assert/strict";
import { crossover, fitLine, logLogSlope } from "../../src/measure/fit.ts";

Deno.test("logLogSlope() recovers the exponent of a power law", () => {
  const n = [64, 128, 256, 512, 1024];
  assert.ok(Math.abs(logLogSlope(n, n.map((v) => 3e-4 * v ** 2)) - 2) < 1e-9);
  assert.ok(Math.abs(logLogSlope(n, n.map((v) => 0.5 * v)) - 1) < 1e-9);
  assert.throws(() => logLogSlope([1, 2], [0, 1]), /positive/);
});

Deno.test("fitLine() refuses fewer than two distinct x", () => {
  assert.throws(() => fitLine([1], [1]), /two or more/);
  assert.throws(() => fitLine([2, 2], [1, 3]), /distinct/);
  assert.deepEqual(fitLine([0, 1, 2], [1, 3, 5]), { slope: 2, intercept: 1 });
});

Deno.test("crossover() finds where one curve overtakes the other, on a log x scale", () => {
  const x = [8, 16, 32, 64];
  const hit = crossover(x, [1, 2, 4, 8], [3, 3, 3, 3]);
  assert.equal(hit?.from, "below");
  assert.ok(hit!.x > 16 && hit!.x < 32, `crossed between 16 and 32, got ${hit?.x}`);
  // Interpolated in log x: a - b goes -1 -> +1, so the midpoint in log space: sqrt(16 * 32).
  assert.ok(Math.abs(hit!.x - Math.sqrt(16 * 32)) < 1e-9);
  assert.equal(crossover(x, [1, 1, 1, 1], [2, 2, 2, 2]), null);
  assert.equal(crossover(x, [5, 4, 2, 1], [3, 3, 3, 3])?.from, "above");
});
