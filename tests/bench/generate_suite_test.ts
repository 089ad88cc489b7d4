/**
 * `bench generate`: time per new token with and without the KV cache, through the command
 * users run (runAttn), and the suite's agreement check, which must catch a cache that changes
 * the tokens.
 */
import assert from "node:assert/strict";
import { runGenerateSuite } from "../../src/bench/generate_suite.ts";
import { benchGptConfig, measureGenerateCost } from "../../src/bench/generate_cost.ts";
import { ops, type Tensor } from "../../src/engine/mod.ts";
import type { KvCache } from "../../src/models/decode/kv_cache.ts";
import { gptDefaults } from "../../src/models/config.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { saveCheckpoint } from "../../src/models/weights/checkpoint.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { renderBenchReport } from "../../src/render/bench_view.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";
import { runAttn } from "../support/run_attn.ts";
import { makeTempHome } from "../support/state.ts";

interface Result {
  name: string;
  params: { mode: string; n: number; dModel: number };
  medianMs: number;
  minMs: number;
  maxMs: number;
  series: string;
  cacheBytes: number;
  slope: number;
}

Deno.test("bench generate --len 8,16 --json: both modes at each length, slopes, bytes, agreement", async () => {
  const run = await runAttn([
    "bench",
    "generate",
    "--backend",
    "cpu",
    "--len",
    "8,16",
    "--reps",
    "1",
    "--json",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.equal(report.suite, "generate");
  const results = report.results as Result[];
  assert.deepEqual(results.map((r) => r.name), [
    "cache n=8",
    "cache n=16",
    "no-cache n=8",
    "no-cache n=16",
  ]);
  for (const r of results) {
    assert.ok(r.minMs <= r.medianMs && r.medianMs <= r.maxMs, JSON.stringify(r));
    assert.equal(typeof r.slope, "number", `${r.name}: a slope`);
    assert.ok(Number.isFinite(r.slope));
  }
  // K and V x 2 layers x n positions x d 64 x 4 bytes, batch 1; nothing without the cache.
  const d = report.model.dModel;
  assert.deepEqual(results.map((r) => r.cacheBytes), [2 * 2 * 8 * d * 4, 2 * 2 * 16 * d * 4, 0, 0]);
  assert.deepEqual(new Set(results.map((r) => r.series)), new Set(["kv cache", "no cache"]));
  assert.equal(report.agreement.sameTokens, true);
  assert.equal(report.agreement.firstDifference, null);
  assert.equal(report.agreement.steps, 16);
  assert.ok(report.agreement.maxLogitDiff < 1e-4, `${report.agreement.maxLogitDiff}`);
});

Deno.test("bench generate draws a log-log chart and says the slopes, bytes and agreement, in Korean too", async () => {
  const args = ["bench", "generate", "--backend", "cpu", "--len", "4,8", "--reps", "1"];
  const en = await runAttn(args);
  assert.equal(en.code, 0, en.stderr);
  assert.match(
    en.stdout,
    /time per new token, GPT d=64 h=4 L=2, batch 1: median ms against n, log-log/,
  );
  assert.match(en.stdout, /kv cache \(slope -?\d+\.\d\d\)/);
  assert.match(en.stdout, /log-log slope of time per token against n: with the cache -?\d/);
  assert.match(en.stdout, /KV cache bytes by prefix length: n=4 4\.0 KiB, n=8 8\.0 KiB/);
  assert.match(en.stdout, /same tokens with and without the KV cache over 8 greedy steps/);
  const ko = await runAttn([...args, "--lang", "ko"]);
  assert.equal(ko.code, 0, ko.stderr);
  assert.match(ko.stdout, /접두 길이별 KV 캐시 크기/);
  assert.match(ko.stdout, /토큰이 같음/);
});

Deno.test("bench generate refuses a prefix longer than it measures, in one line, exit 2", async () => {
  const run = await runAttn(["bench", "generate", "--backend", "cpu", "--len", "4096"]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^attn: .*--len.*1024/);
  assert.equal(run.stderr.trim().split("\n").length, 1);
});

Deno.test("the agreement check catches a cache that changes the logits", async () => {
  const model = makeModel(benchGptConfig(8), new ParamStore(cpuBackend, { seed: 1 }));
  const extend = model.extend.bind(model);
  // A broken cache path: its logits reversed, so its greedy token is the least likely one.
  model.extend = (ids: Tensor, cache: KvCache) => ops.neg(extend(ids, cache));
  try {
    const cost = await measureGenerateCost({
      backend: cpuBackend,
      lengths: [4, 8],
      reps: 1,
      model,
    });
    assert.equal(cost.agreement.sameTokens, false);
    assert.equal(cost.agreement.firstDifference, 1);
    assert.ok(cost.agreement.maxLogitDiff > 1e-3);
    const report = await runGenerateSuite(cpuBackend, { lengths: [4, 8], reps: 1, model });
    assert.match(
      renderBenchReport(report),
      /the KV cache changed the tokens: they first differ at prefix length 1/,
    );
  } finally {
    for (const p of model.params.values()) p.dispose();
  }
});

Deno.test("bench generate on webgpu: same tokens with and without the cache", gpuTest, async () => {
  const report = await runGenerateSuite(webgpuOrThrow(), { lengths: [8, 16], reps: 1 });
  assert.equal(report.backend, "webgpu");
  assert.equal(report.agreement.sameTokens, true);
  assert.ok(report.agreement.maxLogitDiff < 1e-3, `${report.agreement.maxLogitDiff}`);
  assert.ok(report.results.every((r) => typeof r.slope === "number"));
});

Deno.test("bench generate --model times a saved GPT at the lengths its positions reach, and refuses others", async () => {
  // attn may read its own state directory: the checkpoint goes there, under a temporary HOME.
  const home = makeTempHome();
  const dir = `${home}/.local/state/attn`;
  await Deno.mkdir(dir, { recursive: true });
  try {
    const vocab = ["<pad>", "<bos>", "<eos>", "<unk>", "a", "b", "c", "d"];
    const config = {
      ...gptDefaults,
      vocab: vocab.length,
      maxLen: 32,
      dropout: 0,
      dModel: 16,
      heads: 2,
      ffn: 32,
      layers: 1,
    };
    const model = makeModel(config, new ParamStore(cpuBackend, { seed: 2 }));
    const path = `${dir}/tiny-gpt.safetensors`;
    await saveCheckpoint(path, {
      config,
      srcVocab: vocab,
      tgtVocab: vocab,
      tokenizer: "char",
      params: model.params,
    });
    for (const p of model.params.values()) p.dispose();
    const args = ["bench", "generate", "--backend", "cpu", "--model", path, "--reps", "1"];
    const env = { HOME: home };
    const run = await runAttn([...args, "--json"], { env });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.model, {
      dModel: 16,
      heads: 2,
      layers: 1,
      ffn: 32,
      vocab: 8,
      maxLen: 32,
    });
    assert.deepEqual(report.results.map((r: Result) => r.name), [
      "cache n=16",
      "cache n=32",
      "no-cache n=16",
      "no-cache n=32",
    ]);
    assert.equal(report.agreement.sameTokens, true);
    const tooLong = await runAttn([...args, "--len", "64"], { env });
    assert.equal(tooLong.code, 2);
    assert.match(
      tooLong.stderr,
      /^attn: --len: .*tiny-gpt\.safetensors holds at most 32 positions, got 64\n$/,
    );
  } finally {
    await Deno.remove(home, { recursive: true });
  }
  const seq2seq = await runAttn([
    "bench",
    "generate",
    "--backend",
    "cpu",
    "--model",
    "reverse-gru",
  ]);
  assert.equal(seq2seq.code, 2);
  assert.match(
    seq2seq.stderr,
    /^attn: --model: expected a GPT \(decoder-only\) checkpoint, got a gru model/,
  );
  const matmul = await runAttn(["bench", "matmul", "--model", "reverse-gru"]);
  assert.equal(matmul.code, 2);
  assert.match(matmul.stderr, /--model applies to bench generate, got bench matmul/);
  const both = await runAttn(["bench", "generate", "--model", "x", "--baseline", "cpu"]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /^attn: expected --model or --baseline, got both/);
});
