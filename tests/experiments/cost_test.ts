import assert from "node:assert/strict";
import {
  concludeCost,
  type CostData,
  costExperiment,
  type CostSettings,
  runCost,
} from "../../src/experiments/cost/mod.ts";
import { experiments, findExperiment } from "../../src/experiments/registry.ts";
import { cpuBackend } from "../support/backends.ts";
import { testContext } from "../support/experiment_context.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

const tiny: CostSettings = { lengths: [8, 16, 32], heads: 2, dk: 4, reps: 1, gruReps: 1, seed: 3 };

Deno.test("experiment cost times naive and flash attention and a GRU layer by length", async () => {
  const ctx = testContext(cpuBackend);
  const findings = await runCost(ctx, tiny);
  const [times, memory] = findings.tables;
  assert.deepEqual(times.columns, [
    "n",
    "naive ms",
    "flash ms",
    "GRU ms",
    "flash/naive",
    "naive/GRU",
  ]);
  assert.deepEqual(times.rows.map((r) => r[0]), [8, 16, 32]);
  for (const row of times.rows) {
    for (const cell of row.slice(1)) assert.ok(typeof cell === "number" && cell > 0, `${cell}`);
  }
  assert.deepEqual(memory.columns, [
    "n",
    "naive scores",
    "naive live",
    "flash scores",
    "flash live",
    "max |diff|",
  ]);
  // Exact bytes in --json; the view writes them in binary units.
  assert.deepEqual(memory.units, [null, "bytes", "bytes", "bytes", "bytes", null]);
  for (const [n, scores, naiveLive, flashScores, flashLive, diff] of memory.rows) {
    assert.equal(scores, 2 * (n as number) ** 2 * 4, "heads x n x n x 4 bytes");
    assert.equal(flashScores, 0, "flash has no n x n buffer");
    // naive also keeps the softmax weights [h, n, n] and the output; flash the output [n, h dk]
    // and one log-sum-exp per head and row.
    assert.equal(naiveLive, 2 * 2 * (n as number) ** 2 * 4 + (n as number) * 8 * 4);
    assert.equal(flashLive, (n as number) * 8 * 4 + 2 * (n as number) * 4);
    assert.ok(typeof diff === "number" && diff < 1e-5, `${diff}`);
  }
  const h = findings.headline;
  assert.equal(h.backend, "cpu");
  assert.equal(h.clock, "wall");
  assert.equal(h.longest, 32);
  assert.equal(h.equalOutputs, true);
  assert.ok(Math.abs((h.flashMemorySlope as number) - 1) < 1e-9, "flash memory ~ n");
  assert.ok((h.naiveMemorySlope as number) > 1.7, `naive memory ~ n^2: ${h.naiveMemorySlope}`);
  assert.equal(h.naiveScoreBytesAtLongest, 2 * 32 * 32 * 4);
  assert.equal(h.flopCrossoverN, 3 * 8);
  assert.match(findings.conclusion.en, /on cpu \(wall clock\)/);
  assert.match(findings.conclusion.en, /flash's outputs equal naive's/);
  assert.match(findings.conclusion.ko, /cpu에서/);
  const [time, bytes] = findings.charts;
  assert.ok(time.logX && time.logY && bytes.logX && bytes.logY);
  assert.deepEqual(time.series.map((s) => s.name), [
    "naive attention",
    "flash attention",
    "GRU layer",
  ]);
  assert.deepEqual(time.series.map((s) => s.x), [[8, 16, 32], [8, 16, 32], [8, 16, 32]]);
  assert.ok(bytes.series.every((s) => s.y.every((v) => v > 0)));
  assert.deepEqual(findings.settings.lengths, [8, 16, 32]);
  assert.deepEqual(ctx.calls.map((c) => c.done), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(ctx.calls.at(-1), { done: 6, total: 6, what: "done" });
  assert.match(findings.notes.map((n) => n.en).join("\n"), /GRU layer ran in \d+ dispatches/);
  assert.equal(cpuBackend.stats.liveBytes, 0, "every input, output and parameter was freed");
});

Deno.test("experiment cost leaves out lengths whose scores exceed one binding", async () => {
  // 1 x 8192 x 8192 x 4 bytes = 256 MiB, over the 128 MiB limit the cpu backend shares.
  const findings = await runCost(testContext(cpuBackend), {
    ...tiny,
    lengths: [8, 16, 8192],
    heads: 1,
  });
  assert.deepEqual(findings.settings.lengths, [8, 16]);
  assert.match(findings.notes.map((n) => n.en).join("\n"), /Left out: n = 8192/);
  await assert.rejects(
    runCost(testContext(cpuBackend), { ...tiny, lengths: [8, 8192, 16384], heads: 1 }),
    /expected two or more lengths whose \[1, n, n\] scores fit/,
  );
  await assert.rejects(
    runCost(testContext(cpuBackend), { ...tiny, lengths: [16, 8] }),
    /ascending/,
  );
  assert.equal(cpuBackend.stats.liveBytes, 0);
});

Deno.test(
  "experiment cost reads GPU timestamps on webgpu and flash matches naive there",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const live = gpu.stats.liveBytes;
    const findings = await runCost(testContext(gpu), { ...tiny, lengths: [16, 64] });
    assert.equal(findings.headline.clock, gpu.rt.hasTimestamps ? "gpu" : "wall");
    assert.equal(findings.headline.backend, "webgpu");
    assert.equal(findings.headline.equalOutputs, true);
    assert.ok((findings.headline.maxAbsDiff as number) < 1e-5);
    assert.equal(gpu.stats.liveBytes, live, "every input, output and parameter was freed");
  },
);

Deno.test("experiment cost stops with the signal's reason on Ctrl-C", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(
    runCost(testContext(cpuBackend, { signal: controller.signal }), tiny),
    /stop/,
  );
  assert.equal(cpuBackend.stats.liveBytes, 0);
});

Deno.test("experiment cost frees everything when Ctrl-C comes mid-run", async () => {
  const controller = new AbortController();
  const ctx = {
    ...testContext(cpuBackend, { signal: controller.signal }),
    progress: (done: number) => {
      if (done === 3) controller.abort(new Error("stop")); // the GRU at the second length
    },
  };
  await assert.rejects(runCost(ctx, tiny), /stop/);
  assert.equal(cpuBackend.stats.liveBytes, 0);
});

Deno.test("experiment cost is registered right after parallel", () => {
  assert.equal(findExperiment("cost"), costExperiment);
  const names = experiments.map((e) => e.name);
  assert.equal(names.indexOf("cost"), names.indexOf("parallel") + 1);
});

const lengths = [64, 256, 1024, 4096];
const quadratic = (c: number) => lengths.map((n) => c * n * n);
const linear = (c: number) => lengths.map((n) => c * n);

function data(parts: Partial<CostData>): CostData {
  return {
    backend: "webgpu",
    clock: "gpu",
    lengths,
    width: 64,
    heads: 1,
    naiveMs: quadratic(2.5e-5), // 0.1 ms at 64, 420 ms at 4096
    flashMs: quadratic(4e-5),
    gruMs: linear(0.03), // 1.9 ms at 64, 123 ms at 4096
    naiveBytes: lengths.map((n) => 8 * n * n + 256 * n),
    flashBytes: linear(260),
    maxAbsDiff: [1e-7, 1e-7, 2e-7, 2e-7],
    ...parts,
  };
}

Deno.test("concludeCost() follows the data: the claim, its reverse, no difference, mixed", () => {
  const claim = concludeCost(data({}));
  assert.match(claim.conclusion.en, /^The cost claim holds on webgpu \(GPU timestamps\)/);
  assert.match(claim.conclusion.en, /n\^2\.00 \(about quadratic\)/);
  assert.match(claim.conclusion.en, /the GRU as n\^1\.00/);
  assert.match(claim.conclusion.en, /faster than the GRU up to n = \d+, the GRU beyond/);
  assert.match(claim.conclusion.en, /removes the n x n memory, not the n\^2 time/);
  assert.match(claim.conclusion.ko, /주장이 맞습니다/);
  const crossN = claim.headline.crossoverN as number;
  assert.ok(crossN > 1024 && crossN < 4096, `${crossN}`);
  assert.equal(claim.headline.fasterAfterCrossover, "gru");
  assert.ok(Math.abs((claim.headline.naiveSlope as number) - 2) < 1e-9);
  assert.ok(Math.abs((claim.headline.flashMemorySlope as number) - 1) < 1e-9);
  assert.equal(claim.headline.flopCrossoverN, 192);
  assert.equal(claim.headline.equalOutputs, true);

  const reversed = concludeCost(data({
    naiveMs: linear(0.03),
    flashMs: linear(0.04),
    gruMs: quadratic(2.5e-5),
    naiveBytes: linear(260),
    flashBytes: lengths.map((n) => 8 * n * n),
  }));
  assert.match(reversed.conclusion.en, /^This run contradicts the claim on webgpu/);
  assert.match(reversed.conclusion.en, /less than quadratic/);
  assert.match(reversed.conclusion.en, /the GRU is faster than naive attention up to n = \d+/);
  assert.match(reversed.conclusion.ko, /반대/);
  assert.equal(reversed.headline.fasterAfterCrossover, "naive");

  const flat = concludeCost(data({
    naiveMs: linear(0.01),
    flashMs: linear(0.01),
    naiveBytes: linear(300),
  }));
  assert.match(flat.conclusion.en, /^No cost difference shows/);
  assert.match(flat.conclusion.en, /faster than the GRU at every n from 64 to 4096 \(no crossover/);
  assert.match(flat.conclusion.ko, /비용 차이가 보이지 않습니다/);
  assert.equal(flat.headline.crossoverN, null);

  const mixed = concludeCost(data({ naiveBytes: linear(300) }));
  assert.match(mixed.conclusion.en, /^The evidence is mixed/);
  assert.match(mixed.conclusion.en, /Time: as claimed; memory: no difference; outputs: equal\.$/);
  assert.match(mixed.conclusion.ko, /엇갈립니다/);
});

Deno.test("concludeCost() does not call unequal flash outputs equal", () => {
  const off = concludeCost(data({ maxAbsDiff: [1e-7, 1e-7, 1e-2, 1e-7] }));
  assert.match(off.conclusion.en, /^The evidence is mixed/);
  assert.match(off.conclusion.en, /differ from naive's by up to 1\.0e-2, over the 1e-4 tolerance/);
  assert.match(off.conclusion.en, /outputs: not equal\.$/);
  assert.equal(off.headline.equalOutputs, false);
  const nan = concludeCost(data({ maxAbsDiff: [1e-7, Number.NaN, 1e-7, 1e-7] }));
  assert.equal(nan.headline.equalOutputs, false);
  assert.match(nan.conclusion.en, /by up to NaN/);
});

Deno.test("concludeCost() says honestly when the curves never cross, or cross twice", () => {
  const gruAlways = concludeCost(data({ gruMs: linear(1e-3) }));
  assert.match(
    gruAlways.conclusion.en,
    /the GRU is faster than naive attention at every n from 64 to 4096 \(no crossover/,
  );
  assert.match(gruAlways.conclusion.ko, /교차점\(crossover\)이 없습니다/);
  const twice = concludeCost(data({ gruMs: [1, 0.5, 100, 200] }));
  assert.match(
    twice.conclusion.en,
    /curves cross 3 times \(n = \d+, \d+, \d+\); from n = \d+ on the GRU is faster/,
  );
  assert.equal((twice.headline.crossovers as string).split(", ").length, 3);
  assert.match(twice.conclusion.ko, /3번 교차하고.*GRU가 빠릅니다/);
  assert.throws(() => concludeCost(data({ gruMs: [1, 2] })), /two or more lengths/);
});
