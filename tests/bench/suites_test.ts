import assert from "node:assert/strict";
import type { Backend } from "../../src/engine/backend/contract.ts";
import type { BenchReport } from "../../src/bench/types.ts";
import { runMatmulSuite } from "../../src/bench/matmul_suite.ts";
import { runDispatchSuite } from "../../src/bench/dispatch_suite.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, testOnBackends, webgpuOrThrow } from "../support/gpu.ts";

const tinyCases = [
  { name: "matmul 8x8x8", p: { batch: 1, m: 8, k: 8, n: 8 } },
  { name: "scores [2,3,4]x[2,3,4]^T", p: { batch: 2, m: 3, k: 4, n: 3, transB: true } },
];

function assertWellFormed(report: BenchReport, suite: string, backend: Backend, count: number) {
  assert.equal(report.suite, suite);
  assert.equal(report.backend, backend.name);
  assert.equal(report.adapter, backend.name === "webgpu" ? backend.deviceName : null);
  assert.equal(report.results.length, count);
  for (const r of report.results) {
    assert.ok(r.name.length > 0);
    for (const t of [r.medianMs, r.minMs, r.maxMs]) {
      assert.ok(Number.isFinite(t) && t >= 0, `${r.name}: expected a finite time, got ${t}`);
    }
    assert.ok(r.minMs <= r.medianMs && r.medianMs <= r.maxMs, `${r.name}: min <= median <= max`);
    if (r.value !== undefined) {
      assert.ok(Number.isFinite(r.value) && r.value > 0, `${r.name}: value ${r.value}`);
      assert.ok(r.unit, `${r.name}: a value needs a unit`);
    }
    for (const v of Object.values(r.params)) {
      assert.ok(["number", "string", "boolean"].includes(typeof v));
    }
  }
  // JSON round trip: what `bench --json` prints.
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
}

testOnBackends(
  "runMatmulSuite() returns GFLOP/s for each case",
  async (backend) => {
    const live = backend.stats.liveBytes;
    const report = await runMatmulSuite(backend, { reps: 2, cases: tinyCases });
    assertWellFormed(report, "matmul", backend, tinyCases.length);
    const r = report.results[0];
    assert.equal(r.unit, "GFLOP/s");
    assert.equal(r.params.m, 8);
    // value is derived from the median: 2 m n k FLOPs per product.
    assert.ok(Math.abs(r.value! - 1024 / (r.medianMs * 1e6)) <= 1e-9 * r.value!);
    assert.equal(backend.stats.liveBytes, live, "the suite releases what it allocates");
  },
);

Deno.test("runMatmulSuite() runs each forced variant on webgpu", gpuTest, async () => {
  const gpu = webgpuOrThrow();
  const report = await runMatmulSuite(gpu, {
    reps: 1,
    cases: tinyCases.slice(0, 1),
    variants: ["blocked", "tiled"],
  });
  assert.deepEqual(report.results.map((r) => r.params.variant), ["blocked", "tiled"]);
  assert.deepEqual(report.results.map((r) => r.name), [
    "matmul 8x8x8 (blocked)",
    "matmul 8x8x8 (tiled)",
  ]);
});

testOnBackends(
  "runDispatchSuite() measures a dispatch and a round trip",
  async (backend) => {
    const report = await runDispatchSuite(backend, { reps: 2, dispatches: 20 });
    assertWellFormed(report, "dispatch", backend, 3);
    assert.equal(report.results[0].params.dispatches, 20);
    if (backend.name === "webgpu") {
      // A round trip waits for the GPU; one dispatch inside a submit must be far cheaper.
      assert.ok(report.results[0].medianMs < report.results[1].medianMs);
    }
  },
);

Deno.test("suites stop with the signal's reason when aborted", gpuTest, async () => {
  const controller = new AbortController();
  controller.abort(new Error("interrupted"));
  await assert.rejects(
    runMatmulSuite(cpuBackend, { reps: 1, cases: tinyCases, signal: controller.signal }),
    /interrupted/,
  );
  await assert.rejects(
    runDispatchSuite(cpuBackend, { reps: 1, signal: controller.signal }),
    /interrupted/,
  );
});
