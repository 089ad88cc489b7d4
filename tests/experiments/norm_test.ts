import assert from "node:assert/strict";
import {
  concludeNorm,
  type NormRun,
  type NormSettings,
  runNorm,
  runOutcome,
  unigramLoss,
} from "../../src/experiments/norm/mod.ts";
import { cpuBackend } from "../support/backends.ts";
import { testContext } from "../support/experiment_context.ts";

const tiny: NormSettings = {
  task: "sort",
  layers: 2,
  dModel: 16,
  heads: 2,
  ffn: 32,
  batch: 8,
  steps: 4,
  lr: 1e-2,
  warmup: 2,
  logEvery: 2,
  gradSteps: [1, 4],
  train: 64,
  dev: 4,
  seed: 1,
};

Deno.test("experiment norm trains pre/post x warmup/no warmup and reads per-layer gradients", async () => {
  const before = cpuBackend.stats.liveBytes;
  const ctx = testContext(cpuBackend);
  const findings = await runNorm(ctx, tiny);
  assert.equal(cpuBackend.stats.liveBytes, before, "models or gradient sums leaked");
  const [runs, grads] = findings.tables;
  assert.deepEqual(runs.rows.map((r) => r.slice(0, 2)), [
    ["pre", 0],
    ["post", 0],
    ["pre", 2],
    ["post", 2],
  ]);
  for (const row of runs.rows) {
    assert.ok(["learned", "stalled", "diverged"].includes(String(row[5])), `outcome ${row[5]}`);
    assert.match(String(row[6]), /^\d+%$/); // dev exact match
  }
  assert.deepEqual(grads.rows.map((r) => r[0]), ["enc 1", "enc 2", "dec 1", "dec 2"]);
  assert.deepEqual(grads.columns, [
    "layer",
    "pre @1",
    "post @1",
    "pre @4",
    "post @4",
    "pre+w @4",
    "post+w @4",
  ]);
  for (const row of grads.rows) {
    for (const cell of row.slice(1)) assert.ok(typeof cell === "number" && cell > 0, `${cell}`);
  }
  // Step 1 sees the same init and batch with or without warmup; placements differ.
  const chart = findings.charts[0];
  assert.equal(chart.series.length, 4);
  for (const s of chart.series) assert.deepEqual(s.x, [2, 4]);
  assert.notDeepEqual(chart.series[0].y, chart.series[1].y);
  assert.equal(findings.headline.lr, 1e-2);
  assert.equal(typeof findings.headline.unigramLoss, "number");
  assert.ok(["pre-norm", "post-norm", "same", "mixed"].includes(String(findings.headline.better)));
  assert.ok(findings.conclusion.en.length > 40 && findings.conclusion.ko.length > 20);
  assert.deepEqual(ctx.calls.at(-1), { done: 16, total: 16, what: "done" });
});

Deno.test("experiment norm stops with the signal's reason on Ctrl-C", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(
    runNorm(testContext(cpuBackend, { signal: controller.signal }), tiny),
    /stop/,
  );
});

Deno.test("experiment norm stops mid-run on Ctrl-C and frees what it made", async () => {
  const controller = new AbortController();
  const ctx = testContext(cpuBackend, { signal: controller.signal });
  const steps: string[] = [];
  ctx.progress = (_done, _total, what) => {
    steps.push(what);
    if (/step 2$/.test(what)) controller.abort(new Error("stop"));
  };
  const before = cpuBackend.stats.liveBytes;
  await assert.rejects(runNorm(ctx, { ...tiny, steps: 20, gradSteps: [1, 20] }), /stop/);
  assert.equal(cpuBackend.stats.liveBytes, before, "models or gradient sums leaked");
  assert.deepEqual(steps, ["pre-norm, no warmup", "pre-norm, no warmup: step 2"]);
});

Deno.test("unigramLoss() is the entropy of target tokens and <eos>", () => {
  // Tokens 5, <eos>, 6, <eos>: p = 1/4, 1/4, 1/2 -> H = 1.5 ln 2.
  assert.ok(Math.abs(unigramLoss([[5], [6]]) - 1.5 * Math.log(2)) < 1e-12);
  assert.equal(unigramLoss([[]]), 0); // only <eos>
});

/** A run whose curve falls linearly from `start` to `final` (or ends in NaN). */
function run(norm: "pre" | "post", warmup: number, start: number, final: number): NormRun {
  const nonFinite = !Number.isFinite(final);
  const losses = nonFinite ? [start] : [start, (start + final) / 2, final];
  return {
    norm,
    warmup,
    steps: losses.map((_, i) => (i + 1) * 10),
    losses,
    startLoss: start,
    finalLoss: nonFinite ? Infinity : final,
    bestLoss: Math.min(...losses),
    nonFinite,
    devExactMatch: nonFinite ? null : 0,
    devTokenAccuracy: nonFinite ? null : 0.2,
    gradients: [
      { step: 1, layers: ["enc 1", "dec 1"], norms: [1, 2] },
      { step: 30, layers: ["enc 1", "dec 1"], norms: norm === "post" ? [1e-4, 1] : [0.5, 1] },
    ],
    seconds: 1,
  };
}

const options = { lr: 0.01, unigramLoss: 2.4 };

Deno.test("runOutcome() tells learned, stalled at the unigram loss and diverged apart", () => {
  assert.equal(runOutcome(run("pre", 0, 3, 1.2), 2.4), "learned");
  assert.equal(runOutcome(run("post", 0, 3, 2.4), 2.4), "stalled");
  assert.equal(runOutcome(run("post", 0, 3, 3.5), 2.4), "diverged");
  assert.equal(runOutcome(run("post", 0, 3, NaN), 2.4), "diverged");
});

Deno.test("concludeNorm() follows the data: pre-norm better, reversed, no difference, mixed", () => {
  const shown = concludeNorm([
    run("pre", 0, 3, 1.3),
    run("post", 0, 3, 2.4),
    run("pre", 15, 3, 1.1),
    run("post", 15, 3, 1.6),
  ], options);
  assert.equal(shown.headline.better, "pre-norm");
  assert.equal(shown.headline.postOutcome, "stalled");
  assert.match(
    shown.conclusion.en,
    /^At peak lr 0.01 pre-norm trained better: .*post-norm at 2.40 \(stalled near/,
  );
  assert.match(
    shown.conclusion.en,
    /Warmup helped both post-norm \(2.40 -> 1.60\) and pre-norm \(1.30 -> 1.10\)/,
  );
  assert.match(shown.conclusion.en, /Post-norm's gradients were the more uneven/);
  assert.match(shown.conclusion.ko, /pre-norm이 더 잘 학습했습니다/);

  const reversed = concludeNorm([
    run("pre", 0, 3, 2.4),
    run("post", 0, 3, 1.3),
    run("pre", 15, 3, NaN),
    run("post", 15, 3, 1.4),
  ], options);
  assert.equal(reversed.headline.better, "post-norm");
  assert.match(reversed.conclusion.en, /post-norm trained better here.*contradicts the claim/);
  assert.match(reversed.conclusion.en, /NaN \(diverged\)/);
  assert.match(reversed.conclusion.en, /Warmup barely changed post-norm .* and hurt pre-norm/);
  assert.match(reversed.conclusion.ko, /주장과 반대입니다/);

  const same = concludeNorm([
    run("pre", 0, 3, 1.3),
    run("post", 0, 3, 1.35),
    run("pre", 15, 3, 1.3),
    run("post", 15, 3, 1.25),
  ], options);
  assert.equal(same.headline.better, "same");
  assert.match(same.conclusion.en, /both placements trained about the same/);
  assert.match(same.conclusion.ko, /위치에 따른 차이가 거의 없었습니다/);

  const mixed = concludeNorm([
    run("pre", 0, 3, 1.3),
    run("post", 0, 3, 2.0),
    run("pre", 15, 3, 2.0),
    run("post", 15, 3, 1.3),
  ], options);
  assert.equal(mixed.headline.better, "mixed");
  assert.match(mixed.conclusion.en, /evidence is mixed/);
  assert.match(mixed.conclusion.ko, /엇갈립니다/);
});

Deno.test("concludeNorm() reads the gradient spread from the data, and needs all four runs", () => {
  const runs = [
    run("pre", 0, 3, 1.3),
    run("post", 0, 3, 2.4),
    run("pre", 15, 3, 1.1),
    run("post", 15, 3, 1.6),
  ];
  // Swap the gradients: now pre-norm's are the uneven ones.
  [runs[0].gradients, runs[1].gradients] = [runs[1].gradients, runs[0].gradients];
  const swapped = concludeNorm(runs, options);
  assert.match(swapped.conclusion.en, /Pre-norm's gradients were the more uneven/);
  assert.equal(swapped.headline.preGradientSpread, 10000);
  assert.equal(swapped.headline.postGradientSpread, 2);
  runs[0].gradients = runs[1].gradients;
  assert.match(concludeNorm(runs, options).conclusion.en, /about as uneven in both/);
  assert.throws(() => concludeNorm(runs.slice(0, 3), options), /post-norm run with warmup/);
});
