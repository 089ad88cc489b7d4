/**
 * The KV cache (src/models/decode/kv_cache.ts, generate.ts): generation with the cache gives
 * the same tokens and logits (within 1e-4) as recomputing the whole prefix every step, and as
 * one teacher-forced forward over the result; the cache's bytes are what its sizes say.
 */
import assert from "node:assert/strict";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { Tensor, tidy } from "../../src/engine/mod.ts";
import { generate } from "../../src/models/decode/generate.ts";
import { TraceRecorder } from "../../src/models/trace.ts";
import { cpuBackend } from "../support/backends.ts";
import { testOnBackends } from "../support/gpu.ts";
import { disposeGpt, randomGpt, tinyConfig } from "./gpt_support.ts";

const TOLERANCE = 1e-4;

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

async function checkCacheAgrees(
  backend: Backend,
  pe: "learned" | "rope",
  attnOnly = false,
): Promise<void> {
  const sizes = { dModel: 8, heads: 2, layers: 2, ffn: 16, vocab: 11, maxLen: 24 };
  const config = tinyConfig({ pe, attnOnly, ...sizes });
  const model = randomGpt(backend, config, 5);
  const prompt = [1, 5, 3, 9];
  try {
    for (const sampling of [{ temperature: 0 }, { temperature: 1, topK: 6 }]) {
      const run = (noCache: boolean) =>
        generate(model, prompt, { maxNew: 14, sampling, seed: 7, noCache });
      const cached = await run(false);
      const full = await run(true);
      const label = `${pe}, T=${sampling.temperature}`;
      assert.deepEqual(cached.ids, full.ids, `${label}: same tokens`);
      assert.equal(cached.ids.length, 14);
      cached.logits.forEach((row, i) =>
        assert.ok(maxDifference(row, full.logits[i]) < TOLERANCE, `${label}: step ${i} logits`)
      );
      // One causal forward over prompt + output has the same logits at each step's position.
      const ids = [...prompt, ...cached.ids];
      const forward = tidy(() => model.forward(Tensor.from(backend, ids, [1, ids.length])));
      const all = await forward.toArray(); // [1, T, V]
      forward.dispose();
      cached.logits.forEach((row, i) => {
        const at = (prompt.length - 1 + i) * config.vocab;
        assert.ok(
          maxDifference(row, all.subarray(at, at + config.vocab)) < TOLERANCE,
          `${label}: forward step ${i}`,
        );
      });
      // Bytes: K and V, 2 layers, batch 1, 2 heads, 18 positions (4 + 14), head width 4, float32.
      assert.equal(cached.cacheBytes, 2 * 2 * 1 * 2 * 18 * 4 * 4);
      assert.equal(full.cacheBytes, 0);
    }
  } finally {
    disposeGpt(model);
  }
}

testOnBackends(
  "generation with the KV cache equals recomputing the prefix (learned positions)",
  (backend) => checkCacheAgrees(backend, "learned"),
);

testOnBackends(
  "generation with the KV cache equals recomputing the prefix (RoPE)",
  (backend) => checkCacheAgrees(backend, "rope"),
);

testOnBackends(
  "generation with the KV cache equals recomputing the prefix (attention-only blocks)",
  (backend) => checkCacheAgrees(backend, "rope", true),
);

testOnBackends("the cache grows one position per step and refuses to overflow", async (backend) => {
  const model = randomGpt(backend, tinyConfig(), 2);
  const cache = model.startCache(1, 3);
  try {
    assert.equal(cache.usedBytes, 0);
    tidy(() => model.extend(Tensor.from(backend, [1, 2], [1, 2]), cache));
    assert.equal(cache.length, 2);
    const logits = tidy(() => model.extend(Tensor.from(backend, [4], [1, 1]), cache)); // [1, V]
    assert.deepEqual(logits.shape, [1, 7]);
    assert.equal((await logits.toArray()).length, 7);
    logits.dispose();
    assert.equal(cache.length, 3);
    assert.equal(cache.usedBytes, cache.bytes);
    assert.throws(
      () => tidy(() => model.extend(Tensor.from(backend, [4], [1, 1]), cache)),
      /expected at most 3 positions in the KV cache, got 4/,
    );
  } finally {
    cache.dispose();
    disposeGpt(model);
  }
});

testOnBackends(
  "a traced cached generation records each step's attention, states and logits",
  async (backend) => {
    const config = tinyConfig({ layers: 2 });
    const model = randomGpt(backend, config, 6);
    const trace = new TraceRecorder();
    const prompt = [1, 4, 5];
    try {
      const result = await generate(model, prompt, {
        maxNew: 3,
        sampling: { temperature: 0 },
        trace,
      });
      // Step 0 reads the prompt (3 positions), steps 1 and 2 one position each; 2 layers each.
      const shapes = trace.attention.map((a) => [a.kind, a.layer, ...a.weights.shape]);
      assert.deepEqual(shapes, [
        ["decoder", 0, 1, 2, 3, 3],
        ["decoder", 1, 1, 2, 3, 3],
        ["decoder", 0, 1, 2, 1, 4],
        ["decoder", 1, 1, 2, 1, 4],
        ["decoder", 0, 1, 2, 1, 5],
        ["decoder", 1, 1, 2, 1, 5],
      ]);
      assert.deepEqual(trace.hidden.map((h) => h.values.shape[1]), [3, 3, 1, 1, 1, 1]);
      assert.equal(trace.logits.length, 3);
      // The last step's attention rows equal the last rows of one traced forward over everything.
      const all = new TraceRecorder();
      const ids = [...prompt, ...result.ids.slice(0, 2)];
      tidy(() => {
        model.forward(Tensor.from(backend, ids, [1, ids.length]), { trace: all });
        return all.attention.map((a) => a.weights);
      });
      for (const layer of [0, 1]) {
        const full = (await all.attention[layer].weights.toNested()) as number[][][][];
        const step = (await trace.attention[4 + layer].weights.toNested()) as number[][][][];
        for (const head of [0, 1]) {
          assert.ok(
            maxDifference(step[0][head][0], full[0][head][4]) < TOLERANCE,
            `layer ${layer}`,
          );
        }
      }
      for (const t of [...all.attention.map((a) => a.weights)]) t.dispose();
    } finally {
      for (const a of trace.attention) a.weights.dispose();
      for (const h of trace.hidden) h.values.dispose();
      for (const l of trace.logits) l.dispose();
      disposeGpt(model);
    }
  },
);

Deno.test("each generated step reports softmax(logits / T) after top-k and top-p of the model's logits", async () => {
  const model = randomGpt(cpuBackend, tinyConfig({ vocab: 9 }), 8);
  try {
    const sampling = { temperature: 0.8, topK: 4, topP: 0.9, show: 9 };
    const result = await generate(model, [1, 2, 3], { maxNew: 6, sampling, seed: 7 });
    const again = await generate(model, [1, 2, 3], { maxNew: 6, sampling, seed: 7 });
    assert.deepEqual(again.ids, result.ids, "the same seed gives the same tokens");
    result.steps.forEach((step, i) => {
      const logits = result.logits[i];
      const scaled = [...logits].map((l) => l / 0.8);
      const top = Math.max(...scaled);
      const e = scaled.map((s) => Math.exp(s - top));
      const z = e.reduce((a, b) => a + b, 0);
      const p = e.map((v) => v / z); // softmax(logits / T)
      const order = p.map((_, j) => j).sort((a, b) => p[b] - p[a]).slice(0, 4); // top-k
      const kMass = order.reduce((s, j) => s + p[j], 0);
      let kept = 0;
      let cumulative = 0;
      while (cumulative < 0.9 && kept < order.length) cumulative += p[order[kept++]] / kMass; // top-p
      const mass = order.slice(0, kept).reduce((s, j) => s + p[j], 0);
      assert.deepEqual(step.after.map((c) => c.id), order.slice(0, kept), `step ${i}`);
      step.after.forEach((c) => assert.ok(Math.abs(c.p - p[c.id] / mass) < 1e-6, `step ${i}`));
      assert.ok(order.slice(0, kept).includes(step.id));
    });
  } finally {
    disposeGpt(model);
  }
});
