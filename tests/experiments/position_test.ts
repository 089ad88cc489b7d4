import assert from "node:assert/strict";
import {
  checkShiftInvariance,
  concludePosition,
  type PositionCurve,
  type PositionData,
  type PositionSettings,
  runPosition,
} from "../../src/experiments/position/mod.ts";
import { cpuBackend } from "../support/backends.ts";
import { testOnBackends } from "../support/gpu.ts";
import { testContext } from "../support/experiment_context.ts";

const tiny: PositionSettings = {
  task: "reverse",
  minLength: 3,
  trainMax: 4,
  encodings: ["sinusoidal", "learned", "rope"],
  perLength: 4,
  model: { dModel: 16, heads: 2, encoderLayers: 1, decoderLayers: 1, ffn: 32 },
  steps: 6,
  batchSize: 16,
  lr: 1e-2,
  warmup: 2,
  trainExamples: 200,
  shiftDraws: 4,
  shiftTriples: 16,
  shiftDk: 16,
  shiftPositions: 16,
  seed: 2,
};

Deno.test("experiment position trains one model per encoding; learned is undefined beyond L", async () => {
  const ctx = testContext(cpuBackend);
  const findings = await runPosition(ctx, tiny);
  const [exact, tokens, checks] = findings.tables;
  for (const table of [exact, tokens]) {
    assert.deepEqual(table.columns, ["length", "sinusoidal", "learned", "rope"]);
    assert.deepEqual(table.rows.map((r) => r[0]), [3, 4, 5, 6, 7, 8]);
    for (const row of table.rows) {
      const [n, sinusoidal, learned, rope] = row;
      assert.match(String(sinusoidal), /^\d+%$/);
      assert.match(String(rope), /^\d+%$/);
      // Positions 0..L were trained; a length-n string needs positions 0..n.
      if ((n as number) <= 4) assert.match(String(learned), /^\d+%$/);
      else assert.equal(learned, null, `learned at length ${n}`);
    }
  }
  const h = findings.headline;
  assert.equal(h.learnedBeyond, null);
  assert.equal(typeof h.sinusoidalBeyond, "number");
  assert.equal(h.learnedRowsReached, 5);
  assert.equal(h.learnedUntrainedRowChange, 0, "untrained rows of the table never move");
  // Order: the same weights without positions ignore the order of the source; with them not.
  assert.ok((h.orderBlindChange as number) < 1e-4, `order-blind change ${h.orderBlindChange}`);
  assert.ok((h.positionedChangeMin as number) > 1e-3, `positioned ${h.positionedChangeMin}`);
  assert.equal(checks.rows.length, 6);
  // Shift: RoPE scores survive it, sinusoidal-added ones do not.
  const rms = h.shiftScoreRms as number;
  assert.ok((h.ropeShiftMaxDiff as number) < 1e-4 * rms, `rope ${h.ropeShiftMaxDiff}`);
  assert.ok((h.sinusoidalShiftMaxDiff as number) > 0.1 * (h.sinusoidalShiftScoreRms as number));
  const learnedSeries = findings.charts[0].series.find((s) => s.name === "learned")!;
  assert.deepEqual(learnedSeries.x, [3, 4]);
  assert.equal(findings.grids?.length, 3);
  assert.equal(findings.grids![0].values.length, 9); // positions 0..2L
  assert.ok(findings.conclusion.en.length > 40 && findings.conclusion.ko.length > 20);
  assert.match(findings.notes[1].en, /rows 5-63 moved 0/);
  const total = 3 * (6 + 6) + 1;
  assert.deepEqual(ctx.calls.at(-1), { done: total, total, what: "done" });
});

Deno.test("experiment position stops with the signal's reason on Ctrl-C", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(
    runPosition(testContext(cpuBackend, { signal: controller.signal }), tiny),
    /stop/,
  );
});

testOnBackends(
  "checkShiftInvariance() with the rope op: invariant, sinusoidal not",
  async (backend) => {
    const options = { draws: 8, triples: 32, dk: 32, positions: 48, seed: 4 };
    const check = await checkShiftInvariance(backend, options);
    assert.equal(check.comparisons, 256);
    assert.ok(check.scoreRms > 2 && check.scoreRms < 12, `rms ${check.scoreRms}`); // ~sqrt(32)
    assert.ok(check.ropeMaxDiff < 1e-4 * check.scoreRms, `${backend.name}: ${check.ropeMaxDiff}`);
    assert.ok(check.sinusoidalMaxDiff > 0.1 * check.sinusoidalScoreRms);
    await assert.rejects(checkShiftInvariance(backend, { ...options, dk: 5 }), /even dk/);
  },
);

function curve(pe: PositionCurve["pe"], exact: (number | null)[]): PositionCurve {
  return {
    pe,
    lengths: [3, 4, 5, 6],
    exactMatch: exact,
    tokenAccuracy: exact.map((v) => (v === null ? null : Math.min(1, v + 0.1))),
  };
}

function data(
  curves: PositionCurve[],
  checks: { rope: number; sinusoidal: number; blind: number; positioned: number },
): PositionData {
  return {
    trainMax: 4,
    curves,
    shift: {
      comparisons: 100,
      scoreRms: 8,
      sinusoidalScoreRms: 12,
      ropeMaxDiff: checks.rope,
      sinusoidalMaxDiff: checks.sinusoidal,
    },
    order: {
      orderBlind: { maxDiff: checks.blind, rms: 2 },
      positioned: [{ pe: "sinusoidal", maxDiff: checks.positioned, rms: 2 }],
    },
  };
}

const claimChecks = { rope: 2e-6, sinusoidal: 20, blind: 1e-6, positioned: 8 };

Deno.test("concludePosition() follows the data: claim, reversed, mixed, unlearned, unclear", () => {
  const shown = concludePosition(data([
    curve("sinusoidal", [1, 0.9, 0.1, 0]),
    curve("learned", [1, 1, null, null]),
    curve("rope", [1, 1, 0.6, 0.2]),
  ], claimChecks));
  assert.match(shown.conclusion.en, /^Positions must be injected/);
  assert.match(shown.conclusion.en, /learned: undefined there/);
  assert.match(shown.conclusion.en, /rope kept the most per-token accuracy beyond 4/);
  assert.match(shown.conclusion.ko, /위치 정보는 따로 넣어 주어야/);
  assert.equal(shown.headline.learnedBeyond, null);
  assert.equal(shown.headline.sinusoidalWithin, 0.95);
  assert.equal(shown.headline.bestExtrapolator, "rope");

  // Sinusoidal keeps its accuracy, RoPE is not shift invariant, order does not matter less
  // without positions: every part reversed.
  const reversed = concludePosition(data([
    curve("sinusoidal", [1, 1, 0.95, 0.95]),
    curve("rope", [1, 1, 0.9, 0.9]),
  ], { rope: 20, sinusoidal: 1e-6, blind: 8, positioned: 1e-6 }));
  assert.match(reversed.conclusion.en, /^This run contradicts the claim/);
  assert.match(reversed.conclusion.ko, /반대/);
  assert.match(reversed.conclusion.en, /no encoding kept clearly more/);
  assert.equal(reversed.headline.bestExtrapolator, null);

  const mixed = concludePosition(data([
    curve("sinusoidal", [1, 1, 0.95, 0.95]),
    curve("rope", [1, 1, 0.1, 0]),
  ], claimChecks));
  assert.match(
    mixed.conclusion.en,
    /^The evidence is mixed: order-blindness without positions, RoPE's shift invariance agreed with the claim, the sinusoidal drop beyond 4 letters did not/,
  );
  assert.match(mixed.conclusion.ko, /엇갈립니다/);

  const unlearned = concludePosition(data([
    curve("sinusoidal", [0.2, 0.1, 0, 0]),
    curve("rope", [0.3, 0.1, 0, 0]),
  ], claimChecks));
  assert.match(
    unlearned.conclusion.en,
    /^No encoding learned the task within 4 letters \(best exact match 20%\)/,
  );
  assert.match(unlearned.conclusion.ko, /판단할 수 없습니다/);

  const unclear = concludePosition(data([
    curve("rope", [1, 1, 0.5, 0.4]),
  ], { rope: 0.01, sinusoidal: 0.01, blind: 0.001, positioned: 0.001 }));
  assert.match(unclear.conclusion.en, /^No clear result/);

  assert.throws(
    () => concludePosition({ ...data([], claimChecks) }),
    /at least one trained encoding/,
  );
});
