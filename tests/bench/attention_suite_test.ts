import assert from "node:assert/strict";
import {
  type AttentionBenchResult,
  checkAttentionLengths,
  logLogSlope,
  measureAttentionCost,
  runAttentionSuite,
  squareBufferBytes,
} from "../../src/bench/attention_suite.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, testOnBackends, webgpuOrThrow } from "../support/gpu.ts";

Deno.test("logLogSlope() recovers the exponent of a power law", () => {
  const xs = [8, 16, 32, 64];
  assert.ok(Math.abs(logLogSlope(xs, xs.map((x) => 3 * x ** 2))! - 2) < 1e-12);
  assert.ok(Math.abs(logLogSlope(xs, xs.map((x) => 0.5 * x))! - 1) < 1e-12);
  assert.ok(Math.abs(logLogSlope(xs, xs.map(() => 7))!) < 1e-12);
  assert.equal(logLogSlope([8], [1]), undefined, "one point has no slope");
  assert.equal(logLogSlope([8, 8], [1, 2]), undefined, "one distinct length has no slope");
});

Deno.test("checkAttentionLengths() refuses an n x n buffer over the binding limit", () => {
  checkAttentionLengths(cpuBackend, [64, 4096], [1]); // 64 MiB per head: fits 128 MiB
  checkAttentionLengths(cpuBackend, [2048], [4]); // 4 x 16 MiB
  assert.throws(
    () => checkAttentionLengths(cpuBackend, [4096], [1, 4]),
    /expected n <= 2896 with 4 heads: n = 4096 with 4 heads needs a 256 MiB \[4, 4096, 4096\] score buffer, over the 128 MiB storage binding limit/,
  );
  assert.throws(() => checkAttentionLengths(cpuBackend, [8192], [1]), /n <= 5792 with 1 head:/);
  assert.throws(() => checkAttentionLengths(cpuBackend, [0], [1]), /positive integers, got 0/);
  assert.equal(squareBufferBytes(4096, 1), 64 * 2 ** 20);
});

Deno.test("runAttentionSuite() refuses given lengths over the limit before running", async () => {
  const dispatches = cpuBackend.stats.dispatches;
  await assert.rejects(
    runAttentionSuite(cpuBackend, { lengths: [8, 8192], heads: [1], reps: 1 }),
    /128 MiB storage binding limit/,
  );
  assert.equal(cpuBackend.stats.dispatches, dispatches, "nothing ran");
});

testOnBackends(
  "runAttentionSuite() times naive, fused and flash per length and head count, with equal outputs",
  async (backend) => {
    const live = backend.stats.liveBytes;
    const report = await runAttentionSuite(backend, {
      lengths: [8, 16, 32],
      heads: [1, 2],
      dk: 8,
      reps: 2,
    });
    assert.equal(report.suite, "attention");
    assert.equal(report.backend, backend.name);
    assert.deepEqual(report.skipped, []);
    const results = report.results as AttentionBenchResult[];
    assert.deepEqual(
      results.map((r) => r.name),
      [1, 2].flatMap((h) =>
        [8, 16, 32].flatMap((n) => ["naive", "fused", "flash"].map((p) => `${p} n=${n} h=${h}`))
      ),
    );
    for (const r of results) {
      const { n, heads, path } = r.params as { n: number; heads: number; path: string };
      assert.ok(
        r.minMs <= r.medianMs && r.medianMs <= r.maxMs,
        `${r.name}: min <= median <= max`,
      );
      assert.ok(r.maxAbsDiff! < 1e-5, `${r.name} on ${backend.name}: diff ${r.maxAbsDiff}`);
      assert.equal(r.series, `${path} h=${heads}`);
      assert.equal(
        r.sweep,
        `self-attention, ${heads} head${heads === 1 ? "" : "s"} of d_k 8, batch 1`,
      );
      const square = heads * n * n * 4;
      const output = n * heads * 8 * 4;
      assert.equal(r.scoreBufferBytes, { naive: 2, fused: 1, flash: 0 }[path]! * square);
      // Measured: flash keeps its output and one log-sum-exp per row, nothing n x n.
      const expected = { naive: 2 * square + output, fused: square + output }[path] ??
        output + heads * n * 4;
      assert.equal(r.allocatedBytes, expected, `${r.name} on ${backend.name}: live bytes`);
      assert.ok(Math.abs(r.msPerHead * heads - r.medianMs) < 1e-9);
      assert.equal(r.unit, "GFLOP/s");
      assert.ok(
        Math.abs(r.value! - (4 * heads * n * n * 8) / (r.medianMs * 1e6)) < 1e-9 * r.value!,
      );
      assert.ok(Number.isFinite(r.slope), `${r.name}: a slope over 3 lengths`);
    }
    // One slope per series, shared by its results.
    for (const series of new Set(results.map((r) => r.series))) {
      const slopes = new Set(results.filter((r) => r.series === series).map((r) => r.slope));
      assert.equal(slopes.size, 1, series);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
    assert.equal(backend.stats.liveBytes, live, "the suite releases what it allocates");
  },
);

Deno.test("measureAttentionCost() leaves out the n x n paths over the binding limit", async () => {
  const dispatches = cpuBackend.stats.dispatches;
  const cost = await measureAttentionCost({
    backend: cpuBackend,
    lengths: [5793], // [1, 5793, 5793] float32 is just over 128 MiB
    paths: ["naive", "fused"],
  });
  assert.deepEqual(cost.points, []);
  assert.deepEqual(cost.slopes, {});
  assert.equal(cost.skipped.length, 1);
  assert.match(cost.skipped[0], /n = 5793 with 1 head needs .* \(left out: naive and fused\)$/);
  assert.equal(cpuBackend.stats.dispatches, dispatches, "nothing ran");
});

Deno.test("measureAttentionCost() runs the paths asked for, flash alone without a diff", async () => {
  const cost = await measureAttentionCost({
    backend: cpuBackend,
    lengths: [4, 8],
    heads: 2,
    dk: 4,
    paths: ["flash"],
    reps: 1,
  });
  assert.deepEqual(cost.points.map((pt) => [pt.path, pt.n, pt.heads, pt.dk]), [
    ["flash", 4, 2, 4],
    ["flash", 8, 2, 4],
  ]);
  for (const pt of cost.points) {
    assert.equal(pt.maxAbsDiff, undefined, "no naive run to compare with");
    assert.equal(pt.scoreBufferBytes, 0);
  }
  assert.deepEqual(Object.keys(cost.slopes), ["flash"]);
  await assert.rejects(
    measureAttentionCost({ backend: cpuBackend, lengths: [8], heads: 0 }),
    /expected heads >= 1, got 0/,
  );
});

Deno.test("runAttentionSuite() stops with the signal's reason", async () => {
  const controller = new AbortController();
  controller.abort(new Error("interrupted"));
  await assert.rejects(
    runAttentionSuite(cpuBackend, { lengths: [8], heads: [1], signal: controller.signal }),
    /interrupted/,
  );
});

Deno.test("maxAbsDifference() is NaN when any element is NaN, wherever it is", async () => {
  const { maxAbsDifference } = await import("../../src/bench/attention_suite.ts");
  const a = new Float32Array([0, 1, 2]);
  assert.equal(maxAbsDifference(a, new Float32Array([0, 1.5, 2])), 0.5);
  assert.ok(Number.isNaN(maxAbsDifference(a, new Float32Array([NaN, 1, 2]))));
  assert.ok(Number.isNaN(maxAbsDifference(a, new Float32Array([0, NaN, 9]))));
});

// Peak device bytes come from the webgpu runtime's high-water mark: ignored without an adapter.
Deno.test("bench attention on webgpu: peak device bytes per case, naive's n x n buffers in it", {
  ...gpuTest,
}, async () => {
  const gpu = webgpuOrThrow();
  const report = await runAttentionSuite(gpu, { lengths: [128], heads: [2], reps: 1 });
  const byPath = new Map(
    (report.results as AttentionBenchResult[]).map((r) => [r.params.path as string, r]),
  );
  const inputs = 3 * 128 * 2 * 64 * 4; // q, k, v [128, 2 x 64] float32
  for (const r of byPath.values()) {
    assert.ok(r.peakDeviceBytes! >= r.allocatedBytes + inputs, `${r.name}: ${r.peakDeviceBytes}`);
    assert.ok(r.poolBytes! >= r.peakDeviceBytes!, `${r.name}: the pool holds the peak`);
  }
  const naive = byPath.get("naive")!.peakDeviceBytes!;
  assert.ok(naive >= inputs + 2 * squareBufferBytes(128, 2), "scores and weights, both n x n");
  assert.ok(byPath.get("flash")!.peakDeviceBytes! < naive - squareBufferBytes(128, 2));
});

Deno.test("bench attention on cpu reports no device bytes (the cpu backend does not count them)", async () => {
  const report = await runAttentionSuite(cpuBackend, { lengths: [8], heads: [1], reps: 1 });
  for (const r of report.results as AttentionBenchResult[]) {
    assert.equal(r.peakDeviceBytes, undefined);
  }
});
