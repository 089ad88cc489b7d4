import assert from "node:assert/strict";
import { PROBE_STEPS } from "../../src/models/decode/pacer.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { type LoadedTensors, ParamStore } from "../../src/models/weights/param_store.ts";
import {
  type ModelConfig,
  type TransformerConfig,
  transformerDefaults,
} from "../../src/models/config.ts";
import { type Seq2Seq } from "../../src/models/model.ts";
import { BOS, EOS } from "../../src/data/vocab.ts";
import {
  cutAtEos,
  DecodeInterruptedError,
  defaultMaxSteps,
  greedyDecode,
  makeSourceBatch,
  stateTensors,
} from "../../src/models/decode/greedy.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { Tensor, tidy } from "../../src/engine/mod.ts";
import { CpuBackend } from "../../src/engine/cpu/backend.ts";
import { tinyRnn, tinyTransformer } from "../support/tiny_models.ts";
import { cpuBackend } from "../support/backends.ts";
import { assertClose } from "../support/assert_close.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";
import { disposeModel } from "../support/models.ts";

/** The 2+2-layer d=64 Transformer of the round-trip requirement (4 heads, FFN 256). */
const bigTransformer: TransformerConfig = {
  ...transformerDefaults,
  srcVocab: 24,
  tgtVocab: 24,
  maxLen: 64,
  dropout: 0,
};
const small: ModelConfig[] = [
  tinyTransformer(),
  tinyTransformer({ pe: "rope", norm: "post" }),
  tinyRnn({ attention: "bahdanau" }),
  tinyRnn({ arch: "lstm", layers: 2, attention: "luong-general" }),
  tinyRnn({ attention: "none" }),
];
const twelveTokens = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, EOS];

function label(c: ModelConfig): string {
  return c.arch === "transformer"
    ? `transformer ${c.pe} ${c.norm}-norm`
    : `${c.arch} ${c.attention}`;
}

function build(config: ModelConfig, backend: Backend, seed = 1): Seq2Seq {
  return makeModel(config, new ParamStore(backend, { seed }));
}

/** The obvious host-driven decode: read each step's logits and pick the argmax on the host. */
async function hostGreedy(model: Seq2Seq, src: number[], steps: number): Promise<number[]> {
  const backend = cpuBackend;
  const batch = makeSourceBatch(backend, [src]);
  const state = model.startDecoding(batch);
  const ids: number[] = [];
  for (let t = 0; t < steps; t++) {
    const logits = tidy(() => {
      const prefix = Tensor.from(backend, [BOS, ...ids], [1, t + 1]);
      const out = model.decodeStep(state, prefix);
      return { out, kept: stateTensors(state) };
    }).out;
    const row = await logits.toArray();
    let best = 0;
    for (let v = 1; v < row.length; v++) if (row[v] > row[best]) best = v;
    ids.push(best);
    if (best === EOS) break;
  }
  return ids;
}

/** A cpu backend whose reads are counted in bursts: reads issued in one tick count once. */
function countingCpu(): { backend: Backend; bursts: () => number } {
  const inner = new CpuBackend();
  let bursts = 0;
  let open = false;
  const backend = new Proxy(inner, {
    get(target, prop) {
      if (prop === "read") {
        return (s: Float32Array) => {
          if (!open) {
            bursts++;
            open = true;
            queueMicrotask(() => (open = false));
          }
          return target.read(s);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { backend, bursts: () => bursts };
}

for (const config of small) {
  Deno.test(`greedyDecode() ${label(config)} picks what a host-driven argmax loop picks`, async () => {
    const model = build(config, cpuBackend, 5);
    for (const src of [[4, 5, 6, EOS], [7, 7, 8, 9, 10, 11, EOS], [12, EOS]]) {
      const batch = makeSourceBatch(cpuBackend, [src]);
      const { rows } = await greedyDecode(model, batch, { trace: false });
      batch.src.dispose();
      const expected = await hostGreedy(model, src, defaultMaxSteps(config, src.length));
      assert.deepEqual(rows[0].ids, expected);
      assert.equal(rows[0].finished, expected.at(-1) === EOS);
    }
    disposeModel(model);
  });

  Deno.test(`greedyDecode() ${label(config)}: a row decodes the same alone and padded in a batch`, async () => {
    const model = build(config, cpuBackend, 9);
    const long = [4, 5, 6, 7, 8, 9, 10, EOS];
    const short = [11, 12, EOS];
    const both = makeSourceBatch(cpuBackend, [long, short]);
    const alone = makeSourceBatch(cpuBackend, [short]);
    const [inBatch, single] = [await greedyDecode(model, both), await greedyDecode(model, alone)];
    both.src.dispose();
    alone.src.dispose();
    const a = inBatch.rows[1];
    const b = single.rows[0];
    assert.deepEqual(a.ids, b.ids);
    assert.equal(a.trace!.attention.length, b.trace!.attention.length);
    a.trace!.attention.forEach((r, i) => {
      assert.deepEqual(r.weights.shape, b.trace!.attention[i].weights.shape);
      assertClose(r.weights.data, b.trace!.attention[i].weights.data, { rtol: 1e-5, atol: 1e-6 });
    });
    a.trace!.hidden.forEach((r, i) => {
      assert.deepEqual(r.values.shape, b.trace!.hidden[i].values.shape);
      assertClose(r.values.data, b.trace!.hidden[i].values.data, { rtol: 1e-5, atol: 1e-6 });
    });
    disposeModel(model);
  });
}

Deno.test("greedyDecode() cuts the output and the trace at the first <eos>", async () => {
  for (const config of [small[0], small[2]]) {
    const fresh = build(config, cpuBackend, 2);
    const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
    for (const [name, t] of fresh.params) {
      tensors.set(name, { shape: [...t.shape], data: await t.toArray() });
    }
    disposeModel(fresh);
    tensors.get("generator.bias")!.data[EOS] = 1000; // <eos> wins every step
    const model = makeModel(
      config,
      new ParamStore(cpuBackend, { loaded: tensors as LoadedTensors }),
    );
    const batch = makeSourceBatch(cpuBackend, [[4, 5, 6, 7, EOS]]);
    const { rows } = await greedyDecode(model, batch);
    batch.src.dispose();
    assert.deepEqual(rows[0].ids, [EOS]);
    assert.equal(rows[0].finished, true);
    for (const r of rows[0].trace!.attention) {
      const [, q, k] = r.weights.shape;
      assert.equal(q, r.kind === "encoder" ? 5 : 1, `${r.kind} queries`);
      assert.equal(k, r.kind === "decoder" ? 1 : 5, `${r.kind} keys`);
    }
    for (const r of rows[0].trace!.hidden) {
      assert.equal(r.values.shape[0], r.where === "encoder" ? 5 : 1);
    }
    disposeModel(model);
  }
});

Deno.test("greedyDecode() honours maxSteps and refuses more than max_len", async () => {
  const config = small[0];
  const model = build(config, cpuBackend, 4);
  const batch = makeSourceBatch(cpuBackend, [[4, 5, EOS]]);
  const { rows } = await greedyDecode(model, batch, { maxSteps: 3 });
  assert.ok(rows[0].ids.length <= 3);
  assert.equal(rows[0].maxSteps, 3);
  await assert.rejects(() => greedyDecode(model, batch, { maxSteps: 25 }), /maxSteps from 1 to 24/);
  batch.src.dispose();
  disposeModel(model);
  assert.equal(defaultMaxSteps(config, 3), 16); // 2 * 3 + 10
  assert.equal(defaultMaxSteps(config, 13), 23); // max_len - 1
  assert.deepEqual(cutAtEos([5, 6, EOS, 7, EOS]), [5, 6, EOS]);
  assert.deepEqual(cutAtEos([5, 6]), [5, 6]);
});

Deno.test("greedyDecode() frees every tensor it creates", async () => {
  for (const config of [small[0], small[3]]) {
    const model = build(config, cpuBackend, 6);
    const batch = makeSourceBatch(cpuBackend, [[4, 5, 6, EOS], [7, EOS]]);
    await greedyDecode(model, batch); // first run: lazily built tables may stay
    const before = cpuBackend.stats.liveBytes;
    await greedyDecode(model, batch);
    await greedyDecode(model, batch, { trace: false });
    assert.equal(cpuBackend.stats.liveBytes, before);
    batch.src.dispose();
    disposeModel(model);
  }
});

Deno.test("greedyDecode() of a 2+2-layer d=64 Transformer on 12 tokens reads back once (cpu)", async () => {
  const { backend, bursts } = countingCpu();
  const model = build(bigTransformer, backend, 1);
  const batch = makeSourceBatch(backend, [twelveTokens]);
  const start = bursts();
  const { rows } = await greedyDecode(model, batch);
  assert.equal(bursts() - start, 1);
  assert.ok(rows[0].trace!.attention.length === 2 * 1 + 2 * 2); // encoder x2, decoder + cross x2
  batch.src.dispose();
  disposeModel(model);
});

Deno.test(
  "greedyDecode() of a 2+2-layer d=64 Transformer on 12 tokens takes at most 2 GPU round trips",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const model = build(bigTransformer, gpu, 1);
    const batch = makeSourceBatch(gpu, [twelveTokens]);
    await greedyDecode(model, batch); // warm-up: pipelines compiled, pools filled
    await greedyDecode(model, batch);
    const live = gpu.stats.liveBytes;
    const times: number[] = [];
    let trips = 0;
    for (let i = 0; i < 20; i++) {
      const before = gpu.stats.roundTrips;
      const start = performance.now();
      await greedyDecode(model, batch);
      times.push(performance.now() - start);
      trips = Math.max(trips, gpu.stats.roundTrips - before);
    }
    assert.ok(trips <= 2, `expected at most 2 round trips, got ${trips}`);
    assert.equal(gpu.stats.liveBytes, live, "a decode leaked GPU buffers");
    times.sort((a, b) => a - b);
    console.log(
      `greedy decode, 2+2 layers, d=64, 12 tokens, ${
        defaultMaxSteps(bigTransformer, twelveTokens.length)
      } steps, traced: median ${times[10].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${
        times[19].toFixed(1)
      }), ${trips} round trip(s) on ${gpu.deviceName}`,
    );
    batch.src.dispose();
    disposeModel(model);
  },
);

Deno.test("greedyDecode() on webgpu equals cpu: tokens and trace", gpuTest, async () => {
  const gpu = webgpuOrThrow();
  for (const config of [small[0], small[1], small[2], small[3]]) {
    const sources = [[4, 5, 6, 7, 8, EOS], [9, 10, EOS]];
    const results = [];
    for (const backend of [cpuBackend, gpu] as Backend[]) {
      const model = build(config, backend, 11);
      const batch = makeSourceBatch(backend, sources);
      results.push(await greedyDecode(model, batch));
      batch.src.dispose();
      disposeModel(model);
    }
    const [c, g] = results;
    c.rows.forEach((row, b) => {
      assert.deepEqual(g.rows[b].ids, row.ids, `${label(config)} row ${b}`);
      row.trace!.attention.forEach((r, i) =>
        assertClose(g.rows[b].trace!.attention[i].weights.data, r.weights.data, {
          rtol: 1e-3,
          atol: 1e-4,
          what: `${label(config)} ${r.kind} ${r.layer}`,
        })
      );
      row.trace!.hidden.forEach((r, i) =>
        assertClose(g.rows[b].trace!.hidden[i].values.data, r.values.data, {
          rtol: 1e-3,
          atol: 1e-4,
          what: `${label(config)} hidden ${r.where} ${r.layer}`,
        })
      );
    });
    assert.deepEqual(g.timings.map((t) => t.name), ["encoder", "decoder", "trace"]);
  }
});

/** A model of `config` that never emits <eos>, so a decode runs all its steps. */
async function neverEnds(config: ModelConfig, backend: Backend, seed: number): Promise<Seq2Seq> {
  const fresh = build(config, cpuBackend, seed);
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, t] of fresh.params) {
    tensors.set(name, { shape: [...t.shape], data: await t.toArray() });
  }
  disposeModel(fresh);
  tensors.get("generator.bias")!.data[EOS] = -1000;
  return makeModel(config, new ParamStore(backend, { loaded: tensors as LoadedTensors }));
}

const longConfigs: ModelConfig[] = [
  tinyTransformer({ maxLen: 128 }),
  tinyRnn({ arch: "lstm", layers: 2, attention: "bahdanau", maxLen: 128 }),
];

for (const config of longConfigs) {
  Deno.test(`greedyDecode() ${label(config)}: a long decode in chunks equals the host loop, frees all`, async () => {
    const model = await neverEnds(config, cpuBackend, 21);
    const src = [4, 5, 6, 7, 8, EOS];
    const batch = makeSourceBatch(cpuBackend, [src]);
    await greedyDecode(model, batch, { maxSteps: 100 }); // lazily built tables may stay
    const live = cpuBackend.stats.liveBytes;
    const chunks: number[] = [];
    const { rows, timings } = await greedyDecode(model, batch, {
      maxSteps: 100,
      onProgress: (done) => chunks.push(done),
    });
    assert.equal(cpuBackend.stats.liveBytes, live, "a chunked decode leaked tensors");
    // The probe chunk, then the other 36 steps in one chunk (a tiny model's step is fast).
    assert.deepEqual(chunks, [PROBE_STEPS], "progress after each chunk but the last");
    assert.deepEqual(rows[0].ids, await hostGreedy(model, src, 100));
    assert.deepEqual(timings.map((t) => t.name), ["encoder", "decoder", "trace"]);
    batch.src.dispose();
    disposeModel(model);
  });
}

Deno.test("greedyDecode() stops between chunks once aborted and frees what it made", async () => {
  for (const config of longConfigs) {
    const model = await neverEnds(config, cpuBackend, 22);
    const batch = makeSourceBatch(cpuBackend, [[4, 5, 6, EOS]]);
    await greedyDecode(model, batch, { maxSteps: 100, trace: false });
    const live = cpuBackend.stats.liveBytes;
    const controller = new AbortController();
    await assert.rejects(
      () =>
        greedyDecode(model, batch, {
          maxSteps: 100,
          signal: controller.signal,
          onProgress: () => controller.abort(),
        }),
      (e: unknown) =>
        e instanceof DecodeInterruptedError && e.done === PROBE_STEPS && e.total === 100 &&
        e.message === `decoding stopped after ${PROBE_STEPS} of 100 steps`,
    );
    assert.equal(cpuBackend.stats.liveBytes, live, "an interrupted decode leaked tensors");
    batch.src.dispose();
    disposeModel(model);
  }
});

Deno.test(
  "greedyDecode() of a long decode on webgpu: chunks, the same tokens as cpu",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    for (const config of longConfigs) {
      const ids: number[][][] = [];
      const backends: Backend[] = [cpuBackend, gpu];
      for (const backend of backends) {
        const model = await neverEnds(config, backend, 23);
        const batch = makeSourceBatch(backend, [[4, 5, 6, 7, EOS], [8, 9, EOS]]);
        const trips: number = gpu.stats.roundTrips;
        const { rows } = await greedyDecode(model, batch, { maxSteps: 90, trace: false });
        if (backend === gpu) {
          assert.ok(
            gpu.stats.roundTrips - trips >= 2,
            "a 90-step decode goes in more than one submit",
          );
        }
        ids.push(rows.map((r) => r.ids));
        batch.src.dispose();
        disposeModel(model);
      }
      assert.deepEqual(ids[1], ids[0], label(config));
    }
  },
);
