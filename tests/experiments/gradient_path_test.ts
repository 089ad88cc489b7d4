import assert from "node:assert/strict";
import {
  concludeGradientPath,
  decayOf,
  describeTrained,
  formatRatio,
  type GradientCurve,
  type GradientPathSettings,
  letterDecay,
  runGradientPath,
} from "../../src/experiments/gradient_path/mod.ts";
import { cpuBackend } from "../support/backends.ts";
import { testContext } from "../support/experiment_context.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

const tiny: GradientPathSettings = {
  letters: 10,
  inputs: 2,
  initSeeds: [1],
  trained: true,
  seed: 5,
  models: [
    { name: "reverse-gru", family: "rnn" },
    { name: "reverse-transformer", family: "transformer" },
  ],
};

Deno.test("experiment gradient-path measures the gradient at every source position", async () => {
  const ctx = testContext(cpuBackend);
  const findings = await runGradientPath(ctx, tiny);
  const [init, trained, summary] = findings.tables;
  assert.equal(findings.tables.length, 3);
  assert.deepEqual(init.columns, ["position", "steps to end", "gru", "transformer"]);
  assert.equal(init.rows.length, 11, "10 letters + <eos>");
  assert.deepEqual(init.rows[0].slice(0, 2), [1, 10]);
  assert.deepEqual(init.rows[10].slice(0, 2), ["11 <eos>", 0]);
  assert.equal(trained.rows.length, 11);
  assert.deepEqual(summary.rows.map((r) => [r[0], r[1]]), [
    ["gru", "random init"],
    ["transformer", "random init"],
    ["gru", "trained"],
    ["transformer", "trained"],
  ]);
  // Curves are normalized to their largest value: log10 of it is 0, every other point below.
  for (const chart of findings.charts) {
    for (const s of chart.series) {
      assert.equal(s.x.length, 11);
      assert.equal(Math.max(...s.y), 0);
      assert.ok(s.y.every((v) => v <= 0 && Number.isFinite(v)), `${s.name}: ${s.y}`);
    }
  }
  assert.equal(findings.charts.length, 2);
  const h = findings.headline;
  // At initialization the GRU's gradient shrinks on its way back; the Transformer's does not.
  assert.ok((h.rnnPerStep as number) < 0.9, `GRU per step ${h.rnnPerStep}`);
  assert.ok((h.rnnFirstOverLast as number) < (h.transformerFirstOverLast as number));
  assert.equal(h.rnnAttentionFirstOverLast, null);
  assert.equal(typeof h.trainedRnnFirstOverLast, "number");
  assert.equal(findings.notes.length, 3);
  assert.ok(findings.conclusion.en.length > 40 && findings.conclusion.ko.length > 20);
  assert.deepEqual(ctx.calls.at(-1), { done: 8, total: 8, what: "done" });
  assert.equal(ctx.calls.length, 9);
});

Deno.test(
  "experiment gradient-path gives the same curves on webgpu as on cpu",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const settings = { ...tiny, letters: 6, inputs: 1, trained: false };
    const [a, b] = [
      await runGradientPath(testContext(cpuBackend), settings),
      await runGradientPath(testContext(gpu), settings),
    ];
    for (const key of ["rnnFirstOverLast", "rnnPerStep", "transformerFirstOverLast"]) {
      const x = a.headline[key] as number;
      const y = b.headline[key] as number;
      assert.ok(Math.abs(x - y) <= 1e-2 * Math.abs(x), `${key}: ${x} vs ${y}`);
    }
  },
);

Deno.test("experiment gradient-path refuses inputs that cannot have distinct letters", async () => {
  await assert.rejects(
    runGradientPath(testContext(cpuBackend), { ...tiny, letters: 27 }),
    /expected 2-26 distinct letters per input, got 27/,
  );
});

Deno.test("experiment gradient-path stops with the signal's reason on Ctrl-C", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(
    runGradientPath(testContext(cpuBackend, { signal: controller.signal }), tiny),
    /stop/,
  );
});

/** Norms over 8 letters + <eos>: `perStep` ** (distance from letter 8), <eos> at 1. */
function curve(
  model: string,
  family: GradientCurve["family"],
  perStep: number,
  weights: GradientCurve["weights"] = "init",
): GradientCurve {
  const norms = Array.from({ length: 8 }, (_, i) => perStep ** (7 - i));
  return { model, family, weights, norms: [...norms, 1] };
}

Deno.test("decayOf() fits the factor per step and the first/last ratio", () => {
  const d = decayOf([0.125, 0.25, 0.5, 1]);
  assert.ok(Math.abs(d.perStep - 0.5) < 1e-12);
  assert.equal(d.firstOverLast, 0.125);
  assert.ok(Math.abs(decayOf([1, 1, 1]).perStep - 1) < 1e-12);
  assert.equal(decayOf([0, 1]).firstOverLast, 0, "a zero gradient is a ratio of 0, not NaN");
  // <eos> (the last entry) is left out of a curve's letter decay.
  const c: GradientCurve = { model: "m", family: "rnn", weights: "init", norms: [0.5, 1, 0.01] };
  assert.equal(letterDecay(c).firstOverLast, 0.5);
  assert.throws(() => decayOf([1]), /expected 2 or more positions, got 1/);
  assert.equal(formatRatio(0.8912), "0.89");
  assert.equal(formatRatio(0.0000056), "5.6e-6");
});

Deno.test("concludeGradientPath() follows the data: shown, reversed, both decay, neither", () => {
  const shown = concludeGradientPath([
    curve("gru", "rnn", 0.6),
    curve("gru-attn", "rnn-attention", 0.97),
    curve("tf", "transformer", 1),
  ]);
  assert.match(shown.conclusion.en, /^The gradient vanishes along the recurrent path/);
  assert.match(shown.conclusion.en, /token 1 gets 0\.028 of the gradient at token 8/);
  assert.match(shown.conclusion.en, /x0\.60 per step/);
  assert.match(shown.conclusion.en, /with Bahdanau attention the GRU gives it 0\.81/);
  assert.match(shown.conclusion.ko, /사라지지 않습니다/);
  assert.ok(Math.abs((shown.headline.rnnPerStep as number) - 0.6) < 1e-9);
  assert.equal(shown.headline.letters, 8);

  const reversed = concludeGradientPath([curve("gru", "rnn", 1), curve("tf", "transformer", 0.6)]);
  assert.match(reversed.conclusion.en, /Transformer lost more gradient .* contradicts the claim/);
  assert.match(reversed.conclusion.ko, /주장과 반대/);
  assert.equal(reversed.headline.rnnAttentionFirstOverLast, null);

  const both = concludeGradientPath([curve("gru", "rnn", 0.6), curve("tf", "transformer", 0.65)]);
  assert.match(both.conclusion.en, /^Both models lose the gradient .* does not separate them/);
  assert.match(both.conclusion.ko, /구별할 수 없습니다/);

  const neither = concludeGradientPath([curve("gru", "rnn", 0.98), curve("tf", "transformer", 1)]);
  assert.match(neither.conclusion.en, /^Neither model loses the gradient/);
  assert.match(neither.conclusion.ko, /보이지 않습니다/);

  assert.throws(() => concludeGradientPath([curve("tf", "transformer", 1)]), /plain RNN/);
});

Deno.test("describeTrained() says whether training kept the GRU's path open", () => {
  const init = [curve("gru", "rnn", 0.6), curve("tf", "transformer", 1)];
  const opened = describeTrained(init, [
    curve("gru", "rnn", 0.95, "trained"),
    curve("tf", "transformer", 1, "trained"),
  ]);
  assert.match(opened.en, /token 1 gets gru 0\.70, tf 1\.00 of the last letter's gradient/);
  assert.match(opened.en, /Training taught the GRU's gates .* \(0\.028 at init .* -> 0\.70/);
  assert.match(opened.ko, /게이트/);
  const still = describeTrained(init, [curve("gru", "rnn", 0.65, "trained")]);
  assert.match(still.en, /still loses the gradient with distance/);
  const little = describeTrained([curve("gru", "rnn", 0.9)], [
    curve("gru", "rnn", 0.95, "trained"),
  ]);
  assert.match(little.en, /changed the GRU's decay by less than 10x/);
});
