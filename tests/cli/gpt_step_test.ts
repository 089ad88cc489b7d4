/**
 * `step` on a decoder-only GPT (issue #17 item 5: "a view shows the cache growing step by step")
 * and `hidden` after a GPT's `run`, through `deno task attn` with the shipped ko-en-gpt on the
 * cpu backend: one frame per pass of the cached generation (the prompt in one pass, then one
 * token), the cache growing by one position per frame with the bytes a KvCache of that length
 * reports, the new query row over every cached position summing to 1, Korean with --lang ko.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { unresolvedParticles } from "../../src/platform/i18n/catalog_checks.ts";
import { cpuBackend } from "../support/backends.ts";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";
import { KvCache } from "../../src/models/decode/kv_cache.ts";
import type { GptStepFrame, StepResult } from "../../src/app/step_frames.ts";
import type { GenerateResult } from "../../src/app/generate_text.ts";
import type { RunResult } from "../../src/models/run_result.ts";
import type { GptConfig } from "../../src/models/config.ts";

/** No GPU, an English terminal: the cpu backend is fast at these sizes. */
const env = { DENO_WEBGPU_BACKEND: "doesnotexist", LANG: "en_US.UTF-8", LC_ALL: "" };
const GPT = ["--model", "ko-en-gpt", "--backend", "cpu"];
const SHIPPED = new URL("../../weights/ko-en-gpt.safetensors", import.meta.url).pathname;

async function attn(args: string[], stdin?: string) {
  const r = await runAttn(args, { env, stdin, task: stdin === undefined ? "attn" : "start" });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

/** The bytes a KV cache of the shipped GPT holds at `positions` (a cache that many long, full). */
async function cacheBytesAt(positions: number): Promise<number> {
  const { config } = await loadCheckpoint(SHIPPED);
  const { layers, heads, dModel } = config as GptConfig;
  const cache = new KvCache(cpuBackend, {
    layers,
    batch: 1,
    heads,
    dk: dModel / heads,
    maxLen: positions,
  });
  cache.advance(positions);
  try {
    return cache.usedBytes;
  } finally {
    cache.dispose();
  }
}

Deno.test("step on a GPT: one frame per generation pass, the KV cache growing one position each", async () => {
  const step: StepResult = JSON.parse(await attn(["step", "나는", "학생이다", ...GPT, "--json"]));
  const gen: GenerateResult = JSON.parse(
    await attn(["generate", "나는", "학생이다", ...GPT, "--json"]),
  );
  assert.equal(step.family, "gpt");
  const frames = step.frames as GptStepFrame[];
  assert.ok(frames.every((f) => f.kind === "gpt-generation"), "every frame a generation pass");
  // The prefill, then one frame per token fed back: as many frames as tokens generated.
  assert.equal(frames.length, gen.output.tokens.length);
  assert.deepEqual(frames.map((f) => f.token), gen.output.tokens);
  assert.deepEqual(step.gpt?.prompt, gen.prompt.tokens);
  assert.equal(step.gpt?.allocatedBytes, gen.cacheBytes);
  const prompt = gen.prompt.tokens.length;
  for (const [k, f] of frames.entries()) {
    assert.equal(f.step, k + 1);
    assert.equal(f.cache.positions, prompt + k, `frame ${k + 1}: cache positions`);
    assert.equal(f.cache.bytes, await cacheBytesAt(prompt + k), `frame ${k + 1}: cache bytes`);
    assert.ok(Math.abs(f.p - gen.steps[k].before[0].p) < 1e-3, `frame ${k + 1}: p`);
    const m = f.attention;
    assert.equal(m.cols.length, prompt + k, `frame ${k + 1}: one column per cached position`);
    assert.deepEqual(m.cols, [...gen.prompt.tokens, ...gen.output.tokens].slice(0, prompt + k));
    assert.equal(m.rows.length, k === 0 ? prompt : 1, `frame ${k + 1}: the new positions' rows`);
    assert.deepEqual(f.read, m.rows);
    for (const row of m.weights) {
      assert.equal(row.length, m.cols.length);
      const sum = row.reduce((s, w) => s + w, 0);
      assert.ok(Math.abs(sum - 1) < 1e-4, `frame ${k + 1}: a row sums to ${sum}`);
    }
  }
  assert.deepEqual(frames[0].read, gen.prompt.tokens);
  assert.equal(frames[1].read[0], gen.output.tokens[0]);
  // The cache's bytes grow by one position's worth per frame.
  const perPosition = frames[1].cache.bytes - frames[0].cache.bytes;
  assert.ok(perPosition > 0);
  assert.equal(frames[0].cache.bytes, perPosition * prompt);
});

Deno.test("step on a GPT prints the prefill and generation frames, in Korean with --lang ko", async () => {
  const en = await attn(["step", "나는", "학생이다", ...GPT, "--all"]);
  const flat = en.replace(/\n/g, " ");
  assert.match(flat, /a decoder-only model with a KV cache/);
  assert.match(
    flat,
    /generation step 1 \(prefill\) reads the prompt's 5 tokens in one pass, emits ▁I/,
  );
  assert.match(flat, /generation step 2 reads ▁I, emits ▁a \(p 1\.00\)/);
  assert.match(flat, /KV cache: 5 positions,/);
  assert.match(flat, /KV cache: 6 positions \(\+1\)/);
  assert.doesNotMatch(en, /encoder step|no states/);
  const ko = await attn(["step", "나는", "학생이다", ...GPT, "--all", "--lang", "ko"]);
  const koFlat = ko.replace(/\n/g, " ");
  assert.match(koFlat, /디코더 전용\(decoder-only\) 모델/);
  assert.match(koFlat, /생성 단계 1 \(프리필, prefill\): 프롬프트 토큰 5개를 한 번에 읽고 ▁I 출력/);
  assert.match(koFlat, /생성 단계 2: 토큰 ▁I 읽기, ▁a 출력/);
  assert.match(koFlat, /KV 캐시: 위치 6개 \(\+1\)/);
  assert.doesNotMatch(ko, /generation step|cached position|emits/);
  assert.deepEqual(unresolvedParticles(ko), [], "no hedged particle reaches the learner");
});

Deno.test("hidden after a GPT's run shows every layer's output at each position", async () => {
  const run: RunResult = JSON.parse(await attn(["run", "나는", "학생이다", ...GPT, "--json"]));
  const { config } = await loadCheckpoint(SHIPPED);
  assert.equal(run.hidden.length, (config as GptConfig).layers);
  const tokens = run.attention[0].rows;
  for (const h of run.hidden) {
    assert.equal(h.where, "decoder");
    assert.equal(h.values.length, tokens.length, "one row per prompt and output token");
    assert.equal(h.values[0].length, (config as GptConfig).dModel);
  }
  const repl = await attn(
    [],
    "set backend cpu\nrun 나는 학생이다 --model ko-en-gpt\nhidden\nhidden 0\n",
  );
  assert.match(repl, /and 2 layers of hidden states/);
  assert.match(repl, /ko-en-gpt: decoder layer 1, output at each position/);
  assert.match(repl, /ko-en-gpt: decoder layer 0, output at each position/);
  assert.doesNotMatch(repl, /recorded no hidden states/);
});
