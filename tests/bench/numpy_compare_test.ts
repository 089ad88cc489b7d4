import assert from "node:assert/strict";
import { cubeSizes, productShapes, runNumpyMatmul } from "../../src/bench/numpy_compare.ts";
import { MATMUL_CASES } from "../../src/bench/matmul_suite.ts";
import { addSpeedups } from "../../src/app/run_bench.ts";
import type { BenchReport } from "../../src/bench/types.ts";
import { needs } from "../support/needs.ts";
import { withEnv } from "../support/state.ts";

const matmulReport: BenchReport = {
  suite: "matmul",
  backend: "webgpu",
  adapter: "test",
  results: MATMUL_CASES.map((c) => ({
    name: c.name,
    params: { ...c.p, transA: c.p.transA ?? false, transB: c.p.transB ?? false },
    medianMs: 1,
    minMs: 1,
    maxMs: 1,
  })),
};

Deno.test("cubeSizes() picks the square products of a matmul report", () => {
  assert.deepEqual(cubeSizes(matmulReport), [64, 128, 256, 512, 1024]);
});

Deno.test("productShapes() picks the model's products and every gradient shape, not the cubes", () => {
  const shapes = productShapes(matmulReport);
  const names = shapes.map((s) => s.name);
  for (const want of ["ffn up [768,64]x[64,256]", "ffn down [768,256]x[256,64]"]) {
    assert.ok(names.includes(want), want);
  }
  assert.ok(!names.some((n) => n.startsWith("matmul ")), names.join(", "));
  assert.ok(!names.some((n) => n.startsWith("scores") || n.startsWith("values")), "batched");
  // Each of the three layers' weight (A^T) and input (B^T) gradient shapes.
  const grads = shapes.filter((s) => s.transA || s.transB);
  assert.equal(grads.filter((s) => s.transA).length, 3);
  assert.equal(grads.filter((s) => s.transB).length, 3);
  const forced: BenchReport = structuredClone(matmulReport);
  forced.results.push({
    name: "ffn up [768,64]x[64,256] (tiled)",
    params: { batch: 1, m: 768, k: 64, n: 256, variant: "tiled" },
    medianMs: 1,
    minMs: 1,
    maxMs: 1,
  });
  assert.equal(productShapes(forced).length, shapes.length, "forced-variant rows are left out");
});

Deno.test({
  name: "runNumpyMatmul() times transposed products under the matmul suite's names",
  ignore: !needs.numpy,
  async fn() {
    const shapes = [
      { name: "wg [12,4]^T x [12,8]", m: 4, k: 12, n: 8, transA: true, transB: false },
      { name: "ig [12,8]x[4,8]^T", m: 12, k: 8, n: 4, transA: false, transB: true },
    ];
    const outcome = await runNumpyMatmul({ reps: 1, shapes });
    assert.ok("report" in outcome, JSON.stringify(outcome));
    assert.deepEqual(outcome.report.results.map((r) => r.name), shapes.map((s) => s.name));
    for (const [i, r] of outcome.report.results.entries()) {
      const s = shapes[i];
      assert.equal(r.params.transA, s.transA);
      assert.equal(r.params.transB, s.transB);
      const flops = 2 * s.m * s.k * s.n;
      assert.ok(Math.abs(r.value! - flops / (r.medianMs * 1e6)) < 1e-9 * r.value!, r.name);
    }
  },
});

Deno.test({
  name: "runNumpyMatmul() times numpy products named like the matmul suite's",
  ignore: !needs.numpy,
  async fn() {
    // A workplace pin to an old kernel family: the anchor must not inherit it.
    const outcome = await withEnv(
      { OPENBLAS_CORETYPE: "Prescott" },
      () => runNumpyMatmul({ reps: 2, sizes: [8, 16] }),
    );
    assert.ok("report" in outcome, JSON.stringify(outcome));
    const { report, anchor } = outcome;
    assert.match(report.backend, /^numpy \d+\.\d+/);
    assert.equal(anchor.name, "numpy");
    assert.equal(report.backend, `numpy ${anchor.version}`);
    assert.ok(anchor.blasPaths.length > 0, "numpy maps some BLAS library");
    assert.ok(anchor.threads >= 1);
    assert.deepEqual(anchor.unset, { OPENBLAS_CORETYPE: "Prescott" });
    if (anchor.blasKind === "openblas") {
      // OpenBLAS reports the kernels it runs: its own choice for this CPU, not the pin.
      assert.match(anchor.blas, /^OpenBLAS \d+\.\d+/);
      assert.ok(anchor.blasCore && anchor.blasCore !== "Prescott", `core ${anchor.blasCore}`);
      assert.equal(anchor.threads, anchor.blasThreads);
    }
    assert.deepEqual(report.results.map((r) => r.name), ["matmul 8x8x8", "matmul 16x16x16"]);
    for (const r of report.results) {
      assert.ok(r.minMs > 0 && r.minMs <= r.medianMs && r.medianMs <= r.maxMs, r.name);
      assert.equal(r.unit, "GFLOP/s");
      const n = r.params.m as number;
      assert.ok(Math.abs(r.value! - (2 * n ** 3) / (r.medianMs * 1e6)) < 1e-9 * r.value!);
    }
    // The names match, so the matmul report gets a ratio for the cases both measured.
    const ours: BenchReport = structuredClone(matmulReport);
    ours.results.unshift({ name: "matmul 8x8x8", params: {}, medianMs: 1, minMs: 1, maxMs: 1 });
    addSpeedups(ours, report);
    assert.equal(ours.results[0].speedup, report.results[0].medianMs);
    assert.equal(ours.results[1].speedup, undefined);
  },
});
