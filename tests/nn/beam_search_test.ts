import assert from "node:assert/strict";
import { makeModel } from "../../src/models/make_model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import type { ModelConfig } from "../../src/models/config.ts";
import { type Seq2Seq } from "../../src/models/model.ts";
import { BOS, EOS } from "../../src/data/vocab.ts";
import { greedyDecode, makeSourceBatch } from "../../src/models/decode/greedy.ts";
import { beamSearch } from "../../src/models/decode/beam.ts";
import { Tensor, tidy } from "../../src/engine/mod.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { tinyRnn, tinyTransformer } from "../support/tiny_models.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";
import { disposeModel } from "../support/models.ts";

const configs: ModelConfig[] = [
  tinyTransformer(),
  tinyRnn({ attention: "bahdanau" }),
  tinyRnn({ arch: "lstm", layers: 2, attention: "luong-dot" }),
];
const sources = [[4, 5, 6, EOS], [7, 8, 9, 10, 11, 12, EOS], [5, EOS]];

function label(c: ModelConfig): string {
  return c.arch === "transformer" ? "transformer" : `${c.arch} ${c.attention}`;
}

/** Log-probability of `ids` given `src`, from one teacher-forced forward (float64 log-softmax). */
async function sequenceLogProb(model: Seq2Seq, src: number[], ids: number[]): Promise<number> {
  const backend = cpuBackend;
  const logits = tidy(() =>
    model.forward({
      src: Tensor.from(backend, src, [1, src.length]),
      srcLengths: [src.length],
      tgtIn: Tensor.from(backend, [BOS, ...ids.slice(0, -1)], [1, ids.length]),
    })
  );
  const data = await logits.toArray();
  const vocab = logits.shape[2];
  logits.dispose();
  let total = 0;
  ids.forEach((id, t) => {
    const row = data.subarray(t * vocab, (t + 1) * vocab);
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    total += row[id] - lse;
  });
  return total;
}

for (const config of configs) {
  Deno.test(`beamSearch() ${label(config)} with k = 1 equals greedy decoding`, async () => {
    for (const seed of [1, 2, 3]) {
      const model = makeModel(config, new ParamStore(cpuBackend, { seed }));
      for (const src of sources) {
        const batch = makeSourceBatch(cpuBackend, [src]);
        const greedy = await greedyDecode(model, batch, { trace: false });
        const beam = await beamSearch(model, batch, { beam: 1 });
        batch.src.dispose();
        assert.deepEqual(beam.best.ids, greedy.rows[0].ids, `seed ${seed}, source ${src}`);
        assert.equal(beam.best.finished, greedy.rows[0].finished);
        assert.equal(beam.steps, greedy.rows[0].ids.length); // one step per emitted token
      }
      disposeModel(model);
    }
  });

  Deno.test(`beamSearch() ${label(config)} with k = 4 ranks hypotheses by their true log-probability`, async () => {
    const model = makeModel(config, new ParamStore(cpuBackend, { seed: 5 }));
    for (const src of sources) {
      const batch = makeSourceBatch(cpuBackend, [src]);
      const result = await beamSearch(model, batch, { beam: 4, maxSteps: 8 });
      batch.src.dispose();
      const { hypotheses } = result;
      assert.ok(hypotheses.length >= 1 && hypotheses.length <= 4);
      assert.equal(result.best, hypotheses[0]);
      assert.equal(new Set(hypotheses.map((h) => h.ids.join(","))).size, hypotheses.length);
      for (let i = 1; i < hypotheses.length; i++) {
        assert.ok(hypotheses[i - 1].score >= hypotheses[i].score, "best first");
      }
      for (const h of hypotheses) {
        assert.ok(h.ids.length <= 8);
        assert.equal(h.finished, h.ids.at(-1) === EOS);
        assert.ok(!h.ids.slice(0, -1).includes(EOS), "no <eos> inside a hypothesis");
        const expected = await sequenceLogProb(model, src, h.ids);
        assert.ok(Math.abs(h.logProb - expected) < 1e-4, `logProb ${h.logProb} vs ${expected}`);
        assert.ok(Math.abs(h.score - h.logProb / h.ids.length) < 1e-12);
      }
    }
    disposeModel(model);
  });
}

Deno.test("beamSearch() with a wider beam never finds a worse best hypothesis on these cases", async () => {
  // Not a theorem in general; a regression check that widening explores more, on fixed seeds.
  const model = makeModel(configs[0], new ParamStore(cpuBackend, { seed: 12 }));
  const batch = makeSourceBatch(cpuBackend, [sources[1]]);
  const narrow = await beamSearch(model, batch, { beam: 1, maxSteps: 6 });
  const wide = await beamSearch(model, batch, { beam: 6, maxSteps: 6 });
  batch.src.dispose();
  if (narrow.best.finished) assert.ok(wide.best.score >= narrow.best.score - 1e-9);
  disposeModel(model);
});

Deno.test("beamSearch() frees every tensor it creates and refuses bad options", async () => {
  for (const config of configs) {
    const model = makeModel(config, new ParamStore(cpuBackend, { seed: 8 }));
    const batch = makeSourceBatch(cpuBackend, [sources[0]]);
    await beamSearch(model, batch, { beam: 3 });
    const before = cpuBackend.stats.liveBytes;
    await beamSearch(model, batch, { beam: 3 });
    assert.equal(cpuBackend.stats.liveBytes, before, label(config));
    await assert.rejects(
      () => beamSearch(model, batch, { beam: 0 }),
      /beam width from 1 to 64, got 0/,
    );
    await assert.rejects(
      () => beamSearch(model, batch, { beam: 2, maxSteps: 99 }),
      /maxSteps from 1 to 24/,
    );
    batch.src.dispose();
    const two = makeSourceBatch(cpuBackend, [sources[0], sources[2]]);
    await assert.rejects(() => beamSearch(model, two, { beam: 2 }), /one sentence/);
    two.src.dispose();
    disposeModel(model);
  }
});

Deno.test(
  "beamSearch() on webgpu equals cpu and costs one round trip per step",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const results = [];
    for (const backend of [cpuBackend, gpu] as Backend[]) {
      const model = makeModel(configs[0], new ParamStore(backend, { seed: 3 }));
      const batch = makeSourceBatch(backend, [sources[1]]);
      await beamSearch(model, batch, { beam: 3, maxSteps: 10 }); // warm-up: lazily built tables
      const trips = backend.stats.roundTrips;
      const live = backend.stats.liveBytes;
      const result = await beamSearch(model, batch, { beam: 3, maxSteps: 10 });
      if (backend === gpu) {
        assert.equal(backend.stats.roundTrips - trips, result.steps);
        assert.equal(backend.stats.liveBytes, live);
      }
      results.push(result);
      batch.src.dispose();
      disposeModel(model);
    }
    assert.deepEqual(results[1].best.ids, results[0].best.ids);
    assert.ok(Math.abs(results[1].best.score - results[0].best.score) < 1e-4);
  },
);
