import assert from "node:assert/strict";
import {
  type AccuracyCurve,
  concludeBottleneck,
  runBottleneck,
} from "../../src/experiments/bottleneck/mod.ts";
import { cpuBackend } from "../support/backends.ts";
import { testContext } from "../support/experiment_context.ts";

Deno.test("experiment bottleneck scores the shipped reverse models by length", async () => {
  const ctx = testContext(cpuBackend);
  const findings = await runBottleneck(ctx, {
    lengths: [4, 20],
    perLength: 4,
    models: [
      { name: "reverse-gru", family: "rnn" },
      { name: "reverse-transformer", family: "transformer" },
    ],
  });
  const [table] = findings.tables;
  assert.deepEqual(table.columns, ["length", "reverse-gru", "reverse-transformer"]);
  assert.deepEqual(table.rows.map((r) => r[0]), [4, 20]);
  for (const row of table.rows) {
    for (const cell of row.slice(1)) assert.match(String(cell), /^\d+%$/);
  }
  assert.equal(findings.charts[0].series.length, 2);
  assert.equal(typeof findings.headline.plainDrop, "number");
  assert.ok(findings.conclusion.en.length > 20 && findings.conclusion.ko.length > 10);
  assert.deepEqual(ctx.calls.at(-1), { done: 4, total: 4, what: "done" });
});

Deno.test("experiment bottleneck stops with the signal's reason on Ctrl-C", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(
    runBottleneck(testContext(cpuBackend, { signal: controller.signal }), {
      lengths: [4],
      perLength: 2,
      models: [{ name: "reverse-gru", family: "rnn" }],
    }),
    /stop/,
  );
});

function curve(model: string, family: AccuracyCurve["family"], accuracy: number[]): AccuracyCurve {
  return { model, family, lengths: [4, 12, 24], accuracy };
}

Deno.test("concludeBottleneck() follows the data: bottleneck, reversed, no difference", () => {
  const shown = concludeBottleneck([
    curve("gru", "rnn", [1, 0.4, 0]),
    curve("gru-attn", "rnn-attention", [1, 0.98, 0.9]),
    curve("tf", "transformer", [1, 1, 0.95]),
  ]);
  assert.match(shown.conclusion.en, /^Without attention the GRU falls from 100% .* to 0% at 24/);
  assert.match(shown.conclusion.en, /bottleneck, and attention removes it/);
  assert.equal(shown.headline.accuracyGapAtLongest, 0.95);
  const reversed = concludeBottleneck([
    curve("gru", "rnn", [1, 0.98, 0.9]),
    curve("gru-attn", "rnn-attention", [1, 0.4, 0]),
    curve("tf", "transformer", [1, 1, 0.95]),
  ]);
  assert.match(reversed.conclusion.en, /does not show the bottleneck/);
  assert.match(reversed.conclusion.ko, /보여 주지 못합니다/);
  const flat = concludeBottleneck([
    curve("gru", "rnn", [1, 0.95, 0.9]),
    curve("tf", "transformer", [1, 0.97, 0.93]),
  ]);
  assert.match(flat.conclusion.en, /no bottleneck shows/);
  assert.throws(() => concludeBottleneck([curve("tf", "transformer", [1, 1, 1])]), /plain RNN/);
});
