import assert from "node:assert/strict";
import {
  MODEL_CASES,
  type ModelCase,
  type ModelsBenchResult,
  runModelsSuite,
} from "../../src/bench/models_suite.ts";
import { rnnDefaults, transformerDefaults } from "../../src/models/config.ts";
import { cpuBackend } from "../support/backends.ts";
import { testOnBackends } from "../support/gpu.ts";

const common = { srcVocab: 20, tgtVocab: 20, maxLen: 16, dropout: 0, task: "" };
const tiny: ModelCase[] = [
  {
    name: "transformer",
    config: {
      ...transformerDefaults,
      ...common,
      dModel: 8,
      heads: 2,
      ffn: 16,
      encoderLayers: 1,
      decoderLayers: 1,
    },
  },
  {
    name: "gru-bahdanau",
    config: { ...rnnDefaults, ...common, attention: "bahdanau", embed: 8, hidden: 8 },
  },
  {
    name: "lstm-luong-dot",
    config: {
      ...rnnDefaults,
      ...common,
      arch: "lstm",
      attention: "luong-dot",
      embed: 8,
      hidden: 8,
    },
  },
];

Deno.test("MODEL_CASES are the four architectures at their default sizes", () => {
  assert.deepEqual(MODEL_CASES.map((c) => c.name), [
    "transformer",
    "gru",
    "gru-bahdanau",
    "lstm-luong-dot",
  ]);
  assert.deepEqual(
    MODEL_CASES.map((c) => [c.config.arch, c.config.attention]),
    [["transformer", "scaled-dot"], ["gru", "none"], ["gru", "bahdanau"], ["lstm", "luong-dot"]],
  );
  const t = MODEL_CASES[0].config;
  assert.ok(t.arch === "transformer" && t.dModel === transformerDefaults.dModel);
  for (const c of MODEL_CASES.slice(1)) {
    assert.ok(c.config.arch !== "transformer" && c.config.hidden === rnnDefaults.hidden);
    assert.equal(c.config.dropout, 0);
  }
});

testOnBackends(
  "runModelsSuite() times encoder and greedy decode per architecture and length",
  async (backend) => {
    const live = backend.stats.liveBytes;
    const report = await runModelsSuite(backend, { cases: tiny, lengths: [3, 6], reps: 2 });
    assert.equal(report.suite, "models");
    assert.equal(report.backend, backend.name);
    const results = report.results as ModelsBenchResult[];
    assert.deepEqual(
      results.map((r) => r.name),
      tiny.flatMap((c) =>
        [3, 6].flatMap((n) => [`${c.name} encode n=${n}`, `${c.name} decode n=${n}`])
      ),
    );
    for (const r of results) {
      assert.ok(r.minMs > 0 && r.minMs <= r.medianMs && r.medianMs <= r.maxMs, r.name);
      const n = r.params.n as number;
      assert.equal(r.series, r.params.arch);
      assert.equal(r.sweep, r.params.phase === "encode" ? "encoder" : "greedy decode");
      assert.equal(r.unit, "tokens/s");
      assert.ok(Math.abs(r.value! - n / (r.medianMs / 1000)) < 1e-9 * r.value!, r.name);
      if (r.params.phase === "decode") {
        assert.equal(r.params.steps, n);
        assert.equal(r.timing, "wall");
        if (backend.name === "webgpu" && r.decoderGpuMs !== undefined) {
          assert.ok(r.decoderGpuMs > 0 && r.decoderGpuMs <= r.maxMs, r.name);
        }
      }
    }
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
    assert.equal(backend.stats.liveBytes, live, "the suite releases what it allocates");
  },
);

Deno.test("runModelsSuite() decodes a batch: tokens/s counts every row", async () => {
  const report = await runModelsSuite(cpuBackend, {
    cases: tiny.slice(1, 2),
    lengths: [4],
    reps: 1,
    batch: 3,
  });
  const decode = report.results.find((r) => r.params.phase === "decode")!;
  assert.equal(decode.params.batch, 3);
  assert.ok(Math.abs(decode.value! - (3 * 4) / (decode.medianMs / 1000)) < 1e-9 * decode.value!);
});

Deno.test("runModelsSuite() refuses lengths outside 2..512 and a bad batch", async () => {
  for (const lengths of [[1], [8, 513], [2.5]]) {
    await assert.rejects(
      runModelsSuite(cpuBackend, { cases: tiny, lengths, reps: 1 }),
      /expected source lengths from 2 to 512/,
    );
  }
  await assert.rejects(
    runModelsSuite(cpuBackend, { cases: tiny, lengths: [4], batch: 0 }),
    /at least 1 sequence, got 0/,
  );
});
