/**
 * `experiment induction`: the scores against hand-built attention and logits, the conclusion
 * from hand-made curves (formed on both seeds, on one, on none), and a reduced run through the
 * experiment's own run function (the --quick run takes ~50 s here, too long for the suite).
 */
import assert from "node:assert/strict";
import {
  concludeInduction,
  findInduction,
  halfLosses,
  type InductionPoint,
  inductionScores,
  type InductionTraining,
  previousTokenScores,
  RepeatedSequences,
  runInduction,
  SCORE_THRESHOLD,
} from "../../src/experiments/induction/mod.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";
import { testContext } from "../support/experiment_context.ts";
import { runAttn } from "../support/run_attn.ts";

/** Attention [1, 2, T, T] of one sequence of period P = 3 (T = 6 input positions). */
function handAttention() {
  const t = 6;
  const p = 3;
  const induction = Array.from(
    { length: t },
    (_, i) =>
      Array.from(
        { length: t },
        (_, j) => (i > p && j === i - p + 1 ? 1 : i <= p && j === 0 ? 1 : 0),
      ),
  );
  const previous = Array.from(
    { length: t },
    (_, i) => Array.from({ length: t }, (_, j) => (j === Math.max(i - 1, 0) ? 1 : 0)),
  );
  // Head 1: half on i - 1, half spread evenly over 0 .. i.
  const mixed = previous.map((row, i) => row.map((v, j) => 0.5 * v + (j <= i ? 0.5 / (i + 1) : 0)));
  return {
    periods: [p],
    heads: [induction, mixed],
    attention: { weights: new Float32Array([induction, mixed].flat(2)), shape: [1, 2, t, t] },
  };
}

Deno.test("inductionScores() reads the attention from i to i - P + 1 over the second half", () => {
  const { attention, periods } = handAttention();
  const [exact, mixed] = inductionScores(attention, periods);
  assert.equal(exact, 1);
  // Queries 4 and 5 (P + 1 .. 2P - 1) to keys 2 and 3: only the even half, 0.5 / 5 and 0.5 / 6.
  assert.ok(Math.abs(mixed - (0.5 / 5 + 0.5 / 6) / 2) < 1e-7, `${mixed}`);
});

Deno.test("previousTokenScores() reads the attention from i to i - 1 over positions 1 .. 2P-1", () => {
  const { attention, periods, heads } = handAttention();
  const [inductionHead, mixed] = previousTokenScores(attention, periods);
  // The induction head looks at i - 1 only at i = 1 (to <bos>); i - P + 1 = i - 2 elsewhere.
  const byHand = [1, 2, 3, 4, 5].reduce((s, i) => s + heads[0][i][i - 1], 0) / 5;
  assert.equal(inductionHead, byHand);
  const mixedByHand = [1, 2, 3, 4, 5].reduce((s, i) => s + 0.5 + 0.5 / (i + 1), 0) / 5;
  assert.ok(Math.abs(mixed - mixedByHand) < 1e-7, `${mixed} vs ${mixedByHand}`);
  assert.throws(() => inductionScores(attention, [3, 3]), /expected attention \[2, H, T, T\]/);
});

Deno.test("halfLosses() scores the first half and the copyable second half apart", () => {
  const v = 8;
  const sequence = { ids: [1, 4, 5, 6, 4, 5, 6], period: 3 }; // <bos> a b c a b c
  // Uniform logits except at the second half's positions 4, 5, which put +10 on the target.
  const logits = new Float32Array(6 * v);
  for (const i of [4, 5]) logits[i * v + sequence.ids[i + 1]] = 10;
  const got = halfLosses(logits, [1, 6, v], [sequence]);
  assert.ok(Math.abs(got.lossFirst - Math.log(v)) < 1e-6, `${got.lossFirst}`);
  const confident = Math.log(Math.exp(10) + v - 1) - 10;
  assert.ok(Math.abs(got.lossSecond - confident) < 1e-6, `${got.lossSecond}`);
  assert.equal(got.copyAccuracy, 1);
});

Deno.test("RepeatedSequences draw P distinct tokens twice, P within its range", () => {
  const stream = new RepeatedSequences({ symbols: 8, minPeriod: 3, maxPeriod: 6 }, 7);
  for (const { ids, period } of stream.take(50)) {
    assert.ok(period >= 3 && period <= 6);
    assert.equal(ids[0], 1);
    const half = ids.slice(1, 1 + period);
    assert.deepEqual(ids.slice(1 + period), half);
    assert.equal(new Set(half).size, period, "distinct tokens");
    assert.ok(half.every((id) => id >= 4 && id < 12));
  }
  assert.throws(
    () => new RepeatedSequences({ symbols: 4, minPeriod: 3, maxPeriod: 6 }, 1),
    /<= symbols/,
  );
});

/** A made-up curve: first half at 2.77; the second half and head 1.2 move at `at` (or never). */
function curve(at: number | null, finalScore = 0.6): InductionPoint[] {
  return Array.from({ length: 11 }, (_, k) => {
    const step = 20 * k;
    const on = at !== null && step >= at;
    const score = on ? finalScore : 0.08;
    return {
      step,
      lossFirst: 2.77,
      lossSecond: on ? 0.2 : 2.75,
      copyAccuracy: on ? 0.95 : 0.1,
      induction: [[0.05, 0.05], [0.1, 0.07, score, 0.09].slice(0, 4)].map((r) => [...r]),
      previous: [[0.1, 0.45], [0.1, 0.1, 0.1, 0.1]],
    };
  });
}

Deno.test("concludeInduction() follows the curves: formed on both seeds, on one, on none", () => {
  const both = concludeInduction([{ seed: 1, points: curve(120) }, { seed: 2, points: curve(60) }]);
  assert.match(both.conclusion.en, /^An induction head formed on all 2 seeds\./);
  assert.match(
    both.conclusion.en,
    /seed 1: head 1\.2 reached induction score 0\.60 \(it crossed 0\.3 at step 120\); the second-half loss fell below halfway from its plateau 2\.77 to its final 0\.20 at step 120; in layer 0, head 0\.1 attends to the previous token with 0\.45/,
  );
  assert.match(both.conclusion.en, /seed 2: head 1\.2 .* at step 60\)/);
  assert.match(both.conclusion.ko, /시드 2개 모두에서 인덕션 헤드가 생겼습니다/);
  assert.match(both.conclusion.ko, /120단계에서 0\.3을 넘었습니다/);
  assert.equal(both.headline.formedSeeds, 2);
  assert.equal(both.headline.seed1CrossStep, 120);
  assert.equal(both.headline.seed2DropStep, 60);
  assert.equal(both.headline.seed1Head, "1.2");

  const one = concludeInduction([{ seed: 1, points: curve(120) }, {
    seed: 2,
    points: curve(null),
  }]);
  assert.match(one.conclusion.en, /^An induction head formed on seed 1 of 2 only/);
  assert.match(
    one.conclusion.en,
    /seed 2: the best head 1\.0 ended at induction score 0\.10, and the second-half loss at 2\.75/,
  );
  assert.match(one.conclusion.ko, /시드 2개 가운데 1에서만/);

  // The loss dropped but the head stayed below the threshold: not an induction head.
  const weak = concludeInduction([{ seed: 3, points: curve(100, SCORE_THRESHOLD - 0.05) }]);
  assert.match(weak.conclusion.en, /^No induction head formed/);
  assert.match(weak.conclusion.ko, /^인덕션 헤드가 생기지 않았습니다/);
  assert.equal(weak.headline.seed3Formed, false);

  const flat = findInduction(4, curve(null));
  assert.deepEqual([flat.formed, flat.dropStep, flat.crossStep], [false, null, null]);
  assert.throws(() => concludeInduction([]), /at least one seed/);
});

const tiny: InductionTraining = {
  symbols: 6,
  minPeriod: 3,
  maxPeriod: 5,
  pe: "rope",
  dModel: 16,
  heads: 2,
  layers: 2,
  steps: 20,
  batchSize: 8,
  lr: 5e-3,
  warmup: 5,
  measureEvery: 10,
  probes: 4,
};

Deno.test("experiment induction (reduced) measures every seed and lays out tables, chart, grids", async () => {
  const ctx = testContext(cpuBackend);
  const result = await runInduction(ctx, { training: tiny, seeds: [1, 2] });
  assert.equal(result.tables.length, 2);
  assert.deepEqual(result.tables[0].rows.map((r) => r[0]), [0, 10, 20]);
  assert.deepEqual(result.tables[0].columns, [
    "step",
    "loss 1st half",
    "loss 2nd half",
    "copy acc",
    "induction max",
    "prev max",
  ]);
  assert.deepEqual(
    result.charts[0].series.map((s) => s.name.replace(/\d\.\d/, "L.H")),
    ["loss 2nd, seed 1", "score L.H, seed 1", "loss 2nd, seed 2", "score L.H, seed 2"],
  );
  // The first seed's previous-token head, then each seed's induction head, on a P = 3 probe.
  const grids = result.grids!;
  assert.equal(grids.length, 3);
  assert.equal(grids[0].rows[0], "<bos>");
  assert.equal(grids[0].rows.length, 6);
  assert.deepEqual(grids[1].rows.slice(1, 3), grids[1].rows.slice(4, 6), "the probe repeats");
  for (const g of grids) {
    for (const row of g.values) assert.ok(Math.abs(row.reduce((a, b) => a + b) - 1) < 0.01);
  }
  assert.equal(result.headline.seeds, 2);
  assert.match(String(result.headline.seed1Head), /^1\.[01]$/);
  assert.ok(ctx.calls.length > 0 && ctx.calls.at(-1)!.done === 40);
  assert.match(result.conclusion.en, /seed 1: .*seed 2: /);
});

Deno.test("experiment lists induction with its claim", async () => {
  const run = await runAttn(["experiment"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^induction +A 2-layer attention-only model/m);
});

Deno.test(
  "experiment induction (reduced) on webgpu: the same measurements, finite",
  gpuTest,
  async () => {
    const result = await runInduction(testContext(webgpuOrThrow()), { training: tiny, seeds: [1] });
    for (const row of result.tables[0].rows) {
      for (const v of row) assert.ok(Number.isFinite(v), `row ${row}`);
    }
    assert.equal(result.grids!.length, 2);
  },
);
