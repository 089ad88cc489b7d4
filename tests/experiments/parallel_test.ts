import assert from "node:assert/strict";
import {
  concludeParallel,
  type ParallelData,
  parallelExperiment,
  type ParallelSettings,
  runParallel,
} from "../../src/experiments/parallel/mod.ts";
import { crossings } from "../../src/measure/fit.ts";
import { experiments, findExperiment } from "../../src/experiments/registry.ts";
import { renderChart } from "../../src/render/chart.ts";
import { Palette } from "../../src/render/color.ts";
import { cpuBackend } from "../support/backends.ts";
import { testContext } from "../support/experiment_context.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

const tiny: ParallelSettings = {
  lengths: [4, 8, 16],
  batch: 2,
  width: 16,
  reps: 1,
  trainLength: 6,
  trainBatch: 2,
  trainReps: 1,
  trainSteps: 1,
};

Deno.test("experiment parallel times both encoders by length and a training step of each", async () => {
  const ctx = testContext(cpuBackend);
  const findings = await runParallel(ctx, tiny);
  const [times, steps, training] = findings.tables;
  assert.deepEqual(times.columns, [
    "n",
    "GRU gpu ms",
    "TF gpu ms",
    "GRU wall ms",
    "TF wall ms",
    "GRU/TF",
  ]);
  assert.deepEqual(times.rows.map((r) => r[0]), [4, 8, 16]);
  for (const row of times.rows) {
    assert.equal(row[1], null, "cpu has no GPU timestamps");
    assert.equal(row[2], null);
    for (const cell of row.slice(3)) assert.ok(typeof cell === "number" && cell > 0, `${cell}`);
    const ratio = (row[3] as number) / (row[4] as number);
    assert.ok(Math.abs(ratio / (row[5] as number) - 1) < 0.02, "GRU/TF is the wall ratio on cpu");
  }
  // The GRU steps through every position of its one layer; each Transformer layer is one pass.
  assert.deepEqual(steps.rows.map((r) => [r[1], r[2]]), [[4, 2], [8, 2], [16, 2]]);
  for (const row of steps.rows) {
    assert.ok(Number.isInteger(row[3]) && (row[3] as number) > 0);
    assert.ok(Number.isInteger(row[4]) && (row[4] as number) > 0);
  }
  assert.deepEqual(training.rows.map((r) => r[0]), ["GRU", "Transformer"]);
  for (const row of training.rows) {
    assert.equal(row[3], 2 * 2 * 6, "tokens per step = 2 sides x batch x length");
    assert.ok((row[5] as number) > 0);
  }
  const h = findings.headline;
  assert.equal(h.backend, "cpu");
  assert.equal(h.clock, "wall");
  assert.equal(h.longest, 16);
  assert.equal(findings.settings.clock, "wall");
  assert.ok((h.gruTokensPerSecond as number) > 0 && (h.transformerTokensPerSecond as number) > 0);
  assert.match(findings.conclusion.en, /on cpu \(wall clock\)/);
  assert.match(findings.conclusion.ko, /cpu에서/);
  const [chart] = findings.charts;
  assert.ok(chart.logX && chart.logY);
  assert.deepEqual(chart.series.map((s) => s.x), [[4, 8, 16], [4, 8, 16]]);
  assert.deepEqual(ctx.calls.at(-1), { done: 8, total: 8, what: "done" });
  assert.equal(cpuBackend.stats.liveBytes, 0, "every model, batch and optimizer was freed");
});

Deno.test(
  "experiment parallel reads GPU timestamps on webgpu when the runtime has them",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const live = gpu.stats.liveBytes;
    const findings = await runParallel(testContext(gpu), { ...tiny, lengths: [4, 8] });
    const clock = gpu.rt.hasTimestamps ? "gpu" : "wall";
    assert.equal(findings.headline.clock, clock);
    assert.equal(findings.headline.backend, "webgpu");
    assert.equal(typeof findings.headline.wallRatio, clock === "gpu" ? "number" : "object");
    for (const row of findings.tables[0].rows) {
      for (const cell of row.slice(clock === "gpu" ? 1 : 3)) {
        assert.ok(typeof cell === "number" && cell > 0, `${cell}`);
      }
    }
    assert.equal(gpu.stats.liveBytes, live, "every model, batch and optimizer was freed");
  },
);

Deno.test("experiment parallel stops with the signal's reason on Ctrl-C", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(
    runParallel(testContext(cpuBackend, { signal: controller.signal }), tiny),
    /stop/,
  );
  assert.equal(cpuBackend.stats.liveBytes, 0);
});

Deno.test("experiment parallel frees everything when Ctrl-C comes mid-run", async () => {
  const controller = new AbortController();
  const ctx = {
    ...testContext(cpuBackend, { signal: controller.signal }),
    progress: (done: number) => {
      if (done === 4) controller.abort(new Error("stop")); // during the Transformer's sweep
    },
  };
  await assert.rejects(runParallel(ctx, tiny), /stop/);
  assert.equal(cpuBackend.stats.liveBytes, 0);
});

Deno.test("experiment parallel is registered right after bottleneck", () => {
  assert.equal(findExperiment("parallel"), parallelExperiment);
  const names = experiments.map((e) => e.name);
  assert.equal(names.indexOf("parallel"), names.indexOf("bottleneck") + 1);
});

function data(gruMs: number[], transformerMs: number[], gruTok: number, tfTok: number) {
  return {
    backend: "webgpu",
    clock: "gpu",
    lengths: [8, 64, 512],
    gruMs,
    transformerMs,
    trainLength: 64,
    gruTokensPerSecond: gruTok,
    transformerTokensPerSecond: tfTok,
  } satisfies ParallelData;
}

Deno.test("concludeParallel() follows the data: the claim, its reverse, no difference, mixed", () => {
  const claim = concludeParallel(data([1, 8, 64], [2, 3, 8], 1000, 4000));
  assert.match(claim.conclusion.en, /^Parallel processing wins on webgpu \(GPU timestamps\)/);
  assert.match(claim.conclusion.en, /\(8\.0x, Transformer faster\)/);
  assert.match(claim.conclusion.en, /the GRU is faster up to n = \d+, where the Transformer/);
  assert.equal(claim.headline.encoderRatio, 8);
  assert.equal(claim.headline.trainRatio, 4);
  assert.equal(claim.headline.fasterAfterCrossover, "transformer");
  assert.ok(
    (claim.headline.crossoverN as number) > 8 && (claim.headline.crossoverN as number) < 64,
  );
  assert.ok(Math.abs((claim.headline.gruSlope as number) - 1) < 1e-9, "GRU time ~ n");

  const reversed = concludeParallel(data([2, 3, 8], [1, 8, 64], 4000, 1000));
  assert.match(reversed.conclusion.en, /^This run contradicts the claim on webgpu/);
  assert.match(reversed.conclusion.en, /\(8\.0x, GRU faster\)/);
  assert.match(reversed.conclusion.en, /the Transformer is faster up to n = \d+, where the GRU/);
  assert.match(reversed.conclusion.ko, /반대/);

  const flat = concludeParallel(data([1, 8, 64], [1.1, 8.2, 60], 1000, 1100));
  assert.match(flat.conclusion.en, /^Neither family is clearly faster/);
  assert.match(flat.conclusion.ko, /뚜렷하게 빠르지 않습니다/);

  const withWall = concludeParallel({
    ...data([1, 8, 64], [2, 3, 8], 1000, 4000),
    wall: { gruMs: [2, 9, 40], transformerMs: [3, 20, 80] },
  });
  assert.match(
    withWall.conclusion.en,
    /\(8\.0x, Transformer faster; 2\.0x, GRU faster by the wall/,
  );
  assert.equal(withWall.headline.wallRatio, 0.5);
  assert.equal(claim.headline.wallRatio, null);

  const mixed = concludeParallel(data([1, 8, 64], [2, 3, 8], 4000, 1000));
  assert.match(mixed.conclusion.en, /^The evidence is mixed/);
  assert.match(mixed.conclusion.ko, /엇갈립니다/);
});

Deno.test("concludeParallel() says honestly when the curves never cross, or cross twice", () => {
  const never = concludeParallel(data([1, 8, 64], [0.5, 1, 2], 1000, 4000));
  assert.match(
    never.conclusion.en,
    /Transformer is faster at every n from 8 to 512 \(no crossover/,
  );
  assert.match(never.conclusion.ko, /교차점\(crossover\)이 없습니다/);
  assert.equal(never.headline.crossoverN, null);
  const gruAlways = concludeParallel(data([0.5, 1, 2], [1, 8, 64], 4000, 1000));
  assert.match(gruAlways.conclusion.en, /GRU is faster at every n from 8 to 512/);
  const twice = concludeParallel(data([1, 8, 64], [2, 4, 200], 4000, 1000));
  assert.match(
    twice.conclusion.en,
    /the curves cross 2 times \(n = \d+, \d+\); from n = \d+ on the GRU/,
  );
  assert.equal(twice.headline.fasterAfterCrossover, "gru");
  assert.throws(() => concludeParallel({ ...data([1], [1], 1, 1), lengths: [8] }), /two or more/);
});

Deno.test("crossings() finds every sign change, interpolated on log x", () => {
  assert.deepEqual(crossings([1, 2, 4], [1, 1, 1], [2, 2, 2]), []);
  const two = crossings([1, 4, 16], [0, 2, 0], [1, 1, 1]);
  assert.equal(two.length, 2);
  assert.deepEqual(two.map((c) => c.from), ["below", "above"]);
  assert.ok(Math.abs(two[0].x - 2) < 1e-9, `${two[0].x}`); // halfway between 1 and 4 in log x
  assert.ok(Math.abs(two[1].x - 8) < 1e-9, `${two[1].x}`);
});

Deno.test("renderChart() with logY spaces decades evenly and labels them in y's units", () => {
  const palette = new Palette(0);
  const series = [{ name: "ms", x: [8, 64, 512, 4096], y: [1, 10, 100, 1000] }];
  // Labelled rows: [row index, value]; rows between ticks carry no label.
  const labels = (text: string) =>
    text.split("\n").flatMap((l, row) => {
      const label = /^\s*([-\d.e+]+)[┤┼]/.exec(l);
      return label ? [[row, Number(label[1])]] : [];
    });
  const log = labels(
    renderChart(series, { palette, width: 60, height: 9, logX: true, logY: true }),
  );
  // Decades in y's own units, evenly spaced: as many rows from 1000 to 100 as from 10 to 1.
  assert.deepEqual(log.map(([, v]) => v), [1000, 100, 10, 1]);
  const gaps = log.slice(1).map(([row], i) => row - log[i][0]);
  assert.ok(gaps.every((g) => g === gaps[0]), `${gaps}`);
  // On a linear scale the same values are 1000 apart from 1 and 10 alike: nice steps from 0.
  const linear = labels(renderChart(series, { palette, width: 60, height: 9, logX: true }));
  assert.equal(linear.filter(([, v]) => v < 10).length, 1, `${linear}`);
  assert.throws(
    () => renderChart([{ name: "s", x: [1, 2], y: [0, 1] }], { palette, width: 40, logY: true }),
    /y > 0 on a log scale/,
  );
});
