import assert from "node:assert/strict";
import {
  gptSequences,
  runTrainSuite,
  syntheticPairs,
  TRAIN_CASES,
  type TrainBenchResult,
  type TrainCase,
} from "../../src/bench/train_suite.ts";
import { gptDefaults, rnnDefaults, transformerDefaults } from "../../src/models/config.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, webgpu, webgpuOrThrow } from "../support/gpu.ts";

const common = { srcVocab: 20, tgtVocab: 20, maxLen: 16, dropout: 0, task: "" };
const tiny: TrainCase[] = [
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
    batch: 2,
    tokens: 3,
  },
  {
    name: "gru-luong-general",
    config: { ...rnnDefaults, ...common, attention: "luong-general", embed: 8, hidden: 8 },
    batch: 2,
    tokens: 3,
  },
];

Deno.test("bench train: one result per case with times, tokens/s, dispatches and cpu time", async () => {
  const report = await runTrainSuite(cpuBackend, { reps: 2, stepsPerRep: 1, cases: tiny });
  assert.equal(report.suite, "train");
  assert.deepEqual(report.results.map((r) => r.name), ["transformer", "gru-luong-general"]);
  for (const r of report.results as TrainBenchResult[]) {
    assert.ok(r.minMs <= r.medianMs && r.medianMs <= r.maxMs, `${r.name}: min <= median <= max`);
    assert.equal(r.unit, "tokens/s");
    // 2 sequences x (3 tokens + <eos>/<bos>) x source and target, per step.
    assert.ok(Math.abs(r.value! - 16 / (r.medianMs / 1000)) < 1e-6 * r.value!);
    assert.ok(r.dispatches > 10, `${r.name}: ${r.dispatches} primitive calls per step`);
    assert.ok(r.cpuMs >= 0 && r.recordMs > 0);
    assert.equal(r.profile, undefined);
  }
});

Deno.test("bench train: the GPT case trains next-token steps on <bos> src <sep> tgt <eos>", async () => {
  const gpt: TrainCase = {
    name: "gpt",
    config: { ...gptDefaults, vocab: 20, maxLen: 16, dModel: 8, heads: 2, ffn: 16, dropout: 0 },
    batch: 2,
    tokens: 3,
  };
  const report = await runTrainSuite(cpuBackend, { reps: 2, stepsPerRep: 1, cases: [gpt] });
  const r = report.results[0] as TrainBenchResult;
  assert.equal(r.name, "gpt");
  assert.equal(r.params.arch, "gpt");
  assert.equal(r.params.positions, 8, "3 + 3 tokens, <bos> and <sep>: the ids it reads");
  assert.ok(Math.abs(r.value! - 16 / (r.medianMs / 1000)) < 1e-6 * r.value!);
  assert.ok(r.dispatches > 10);
  const [sequence] = gptSequences(syntheticPairs(1, 3, 20));
  assert.deepEqual([sequence[0], sequence[4], sequence[8]], [1, 4, 2]);
  assert.equal(sequence.length, 9);
});

Deno.test("bench train's cases are the Transformer, GRU+Luong-general and the shipped GPT's sizes", () => {
  const gpt = TRAIN_CASES.find((c) => c.name === "gpt")!;
  assert.ok(gpt, "a GPT case");
  assert.deepEqual(
    { ...gpt.config, batch: gpt.batch, tokens: gpt.tokens },
    { ...gptDefaults, vocab: 800, maxLen: 64, dropout: 0, task: "", batch: 64, tokens: 11 },
  );
  assert.deepEqual(TRAIN_CASES.map((c) => c.name).slice(0, 2), [
    "transformer",
    "gru-luong-general",
  ]);
});

// Kernel timings need the adapter's timestamp queries: without them the test is ignored.
Deno.test("bench train --profile: a per-kernel profile of one step on webgpu", {
  ...gpuTest,
  ignore: !webgpu?.rt.hasTimestamps,
}, async () => {
  const gpu = webgpuOrThrow();
  const report = await runTrainSuite(gpu, {
    reps: 1,
    stepsPerRep: 1,
    cases: tiny.slice(1),
    profile: true,
  });
  const r = report.results[0] as TrainBenchResult;
  const profile = r.profile!;
  assert.ok(profile, "the profile is attached");
  assert.equal(profile.dispatches, r.dispatches, "one profiled step dispatches as a timed one");
  assert.equal(profile.missing, 0);
  assert.equal(profile.byKernel.reduce((s, k) => s + k.count, 0), profile.dispatches);
  assert.ok(profile.byKernel.some((k) => k.kernel === "gru_sequence:gru_sequence_forward"));
  assert.ok(profile.gpuMs > 0);
  for (let i = 1; i < profile.byKernel.length; i++) {
    assert.ok(profile.byKernel[i - 1].gpuMs >= profile.byKernel[i].gpuMs, "sorted by GPU time");
  }
  // Profiling is off again: a later dispatch is not counted anywhere.
  await assert.rejects(() => gpu.rt.stopProfiling(), /not/);
});
