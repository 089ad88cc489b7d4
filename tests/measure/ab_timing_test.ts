import assert from "node:assert/strict";
import { measureAB } from "../../src/measure/ab_timing.ts";
import { measureOpWithDispatches } from "../../src/measure/measure_op.ts";
import { ops, Tensor, tidy } from "../../src/engine/mod.ts";
import { cpuBackend } from "../support/backends.ts";

Deno.test("measureAB() warms each up, then alternates AB, BA, AB so load falls on both", async () => {
  const calls: string[] = [];
  const times = await measureAB(
    cpuBackend,
    { a: () => calls.push("a"), b: () => calls.push("b") },
    { reps: 4, targetMs: 1, maxBatch: 1 },
  );
  // Per operation: a warm-up, the probe that sets the batch, and the first sample (batch 1).
  assert.deepEqual(calls.slice(0, 6), ["a", "a", "a", "b", "b", "b"]);
  // Samples 2-4 alternate the order, so neither always runs first.
  assert.deepEqual(calls.slice(6), ["b", "a", "a", "b", "b", "a"]);
  assert.ok(Number.isFinite(times.a) && times.a >= 0 && Number.isFinite(times.b));
  assert.equal(times.timing, "wall");
});

Deno.test("measureAB() stops with the signal's reason when aborted", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stop here"));
  await assert.rejects(
    measureAB(cpuBackend, { a: () => {}, b: () => {} }, {
      reps: 2,
      targetMs: 1,
      maxBatch: 1,
      signal: controller.signal,
    }),
    /stop here/,
  );
});

Deno.test("measureOpWithDispatches() counts the kernels one call dispatches", async () => {
  const x = Tensor.from(cpuBackend, new Float32Array([1, 2, 3, 4]), [2, 2]); // [2, 2]
  try {
    const before = cpuBackend.stats.dispatches;
    tidy(() => ops.sum(ops.mul(x, x))); // []
    const perCall = cpuBackend.stats.dispatches - before;
    const m = await measureOpWithDispatches(
      cpuBackend,
      () => tidy(() => void ops.sum(ops.mul(x, x))),
      { reps: 2, batch: 1 },
    );
    assert.equal(m.dispatches, perCall);
    assert.equal(m.reps, 2);
  } finally {
    x.dispose();
  }
});
