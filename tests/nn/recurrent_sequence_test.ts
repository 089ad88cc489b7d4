/**
 * The whole-sequence kernels of runSequence (one gruSequence / lstmSequence primitive per
 * layer, the "fast" kernel policy) against the recurrence stepped through time as the models
 * write it (the "reference" policy): the same outputs, final states and gradients for
 * multi-layer stacks with dropout between layers and padded batches, the same logits from every
 * shipped RNN checkpoint, and a training step whose dispatch count does not grow with the
 * sequence length (so per-step work cannot creep back unnoticed).
 */
import assert from "node:assert/strict";
import { ops, withKernelPolicy } from "../../src/engine/mod.ts";
import { Tape, Tensor, tidy } from "../../src/engine/mod.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { Gru } from "../../src/models/gru.ts";
import { Lstm } from "../../src/models/lstm.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { type RecurrentStack, runSequence } from "../../src/models/recurrent.ts";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { defaultWeightsDir } from "../../src/models/weights/registry.ts";
import type { Seq2Seq } from "../../src/models/model.ts";
import { makeTrainStepper, TRAIN_CASES } from "../../src/bench/train_suite.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { gpuTest, testOnBackends, webgpuOrThrow } from "../support/gpu.ts";

/**
 * The backend with the whole-sequence primitives switched off: models built on it step through
 * time with the cell, as before the primitives existed. Methods run on the real backend.
 */
function perStepBackend(backend: Backend): Backend {
  return new Proxy(backend, {
    get(target, key) {
      if (key === "sequenceSupported") return () => false;
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const sizes = { batch: 5, steps: 6, input: 8, hidden: 12, layers: 2 };
const lengths = [6, 3, 1, 6, 4];

/**
 * Runs a stack over a padded batch with dropout between layers and returns, read back: every
 * layer's outputs, every layer's final h (and c), then the gradients of a weighted sum of the top
 * outputs and the final states w.r.t. the input and every parameter.
 */
async function runStack(
  backend: Backend,
  kind: "gru" | "lstm",
  options: { perStep: boolean },
): Promise<Float32Array[]> {
  const { batch: B, steps: S, input, hidden: H, layers } = sizes;
  const store = new ParamStore(backend, { seed: 3 });
  const stackSizes = { inputSize: input, hidden: H, layers };
  const stack: RecurrentStack = kind === "gru"
    ? new Gru(store, "rnn", stackSizes)
    : new Lstm(store, "rnn", stackSizes);
  const params = [...store.params.values()];
  const kept = tidy(() => {
    const x = Tensor.from(backend, randomArray(B * S * input, 11), [B, S, input]);
    x.requiresGrad = true;
    const tape = new Tape();
    const { outputs, final } = withKernelPolicy(
      options.perStep ? "reference" : "fast",
      () =>
        tape.record(() =>
          runSequence(stack, x, {
            lengths,
            between: (h) => ops.dropout(h, { rate: 0.3, seed: 42, training: true }),
          })
        ),
    );
    const states = final.flatMap((s) => (s.c ? [s.h, s.c] : [s.h])); // [B, H] each
    const loss = tape.record(() => {
      const top = outputs[layers - 1]; // [B, S, H]
      let total = ops.sum(ops.mul(top, Tensor.from(backend, randomArray(top.size, 5), top.shape)));
      states.forEach((s, i) => {
        const w = Tensor.from(backend, randomArray(s.size, 20 + i), s.shape);
        total = ops.add(total, ops.sum(ops.mul(s, w)));
      });
      return total;
    });
    const grads = tape.backward(loss, [x, ...params]);
    return [...outputs, ...states, grads.get(x)!, ...params.map((p) => grads.get(p)!)];
  });
  const read = await Promise.all(kept.map((t) => t.toArray()));
  for (const t of [...kept, ...params]) t.dispose();
  return read;
}

for (const kind of ["gru", "lstm"] as const) {
  testOnBackends(
    `runSequence(): a 2-layer ${kind} in one primitive per layer equals stepping, values and gradients`,
    async (backend) => {
      const expected = await runStack(cpuBackend, kind, { perStep: true });
      const got = await runStack(backend, kind, { perStep: false });
      assert.equal(got.length, expected.length);
      const tol = backend === cpuBackend ? { rtol: 1e-5, atol: 1e-6 } : { rtol: 1e-4, atol: 1e-5 };
      got.forEach((g, i) =>
        assertClose(g, expected[i], { ...tol, what: `${backend.name}: part ${i}` })
      );
    },
  );
}

// --- shipped checkpoints -------------------------------------------------------------------

const weightsDir = defaultWeightsDir();
const shipped: string[] = [];
try {
  for await (const entry of Deno.readDir(weightsDir)) {
    if (/-(gru|lstm)[-.]/.test(entry.name) && entry.name.endsWith(".safetensors")) {
      shipped.push(entry.name);
    }
  }
} catch {
  // no weights directory: nothing to compare
}
shipped.sort();

/** Teacher-forced logits and three greedy decode steps' logits of a padded batch, read back. */
async function modelLogits(
  backend: Backend,
  loaded: Awaited<ReturnType<typeof loadCheckpoint>>,
): Promise<Float32Array[]> {
  const model = makeModel(loaded.config, new ParamStore(backend, { loaded: loaded.tensors }));
  const vocab = Math.min(loaded.srcVocab.length, loaded.tgtVocab.length);
  const ids = (n: number, seed: number) =>
    Array.from(randomArray(n, seed, 4, vocab - 0.01), (v) => Math.floor(v));
  const B = 3;
  const S = 7;
  const srcLengths = [7, 4, 2];
  const src = ids(B * S, 1).map((id, i) => ((i % S) < srcLengths[Math.floor(i / S)] ? id : 0));
  const kept = tidy(() => {
    const batch = {
      src: Tensor.from(backend, src, [B, S]),
      srcLengths,
      tgtIn: Tensor.from(backend, [1, ...ids(4, 2), 1, ...ids(4, 3), 1, ...ids(4, 4)], [B, 5]),
    };
    const teacher = (model as Seq2Seq<unknown>).forward(batch); // [B, 5, Vt]
    const state = (model as Seq2Seq<unknown>).startDecoding(batch);
    const steps: Tensor[] = [];
    let prefix = Tensor.from(backend, [1, 1, 1], [B, 1]);
    for (let t = 0; t < 3; t++) {
      const logits = (model as Seq2Seq<unknown>).decodeStep(state, prefix); // [B, Vt]
      steps.push(logits);
      prefix = ops.concat([prefix, ops.reshape(ops.argmax(logits), [B, 1])], 1);
    }
    return [teacher, ...steps];
  });
  const read = await Promise.all(kept.map((t) => t.toArray()));
  for (const t of kept) t.dispose();
  for (const t of model.params.values()) t.dispose();
  return read;
}

for (const name of shipped) {
  Deno.test(
    `shipped ${name}: the whole-sequence path gives the per-step path's logits`,
    gpuTest,
    async () => {
      const loaded = await loadCheckpoint(`${weightsDir}/${name}`);
      const expected = await modelLogits(perStepBackend(cpuBackend), loaded);
      const got = await modelLogits(cpuBackend, loaded);
      got.forEach((g, i) =>
        assertClose(g, expected[i], { rtol: 1e-5, atol: 1e-5, what: `cpu ${i}` })
      );
      const gpu = webgpuOrThrow();
      const onGpu = await modelLogits(gpu, loaded);
      onGpu.forEach((g, i) =>
        assertClose(g, expected[i], { rtol: 1e-3, atol: 1e-3, what: `webgpu ${i}` })
      );
    },
  );
}

// --- dispatches per training step ----------------------------------------------------------

/** Kernel dispatches of one training step of the gru-luong-general bench case. */
async function dispatchesPerStep(backend: Backend, tokens: number): Promise<number> {
  const base = TRAIN_CASES.find((c) => c.name === "gru-luong-general")!;
  const stepper = makeTrainStepper(backend, { ...base, batch: 4, tokens });
  try {
    stepper.step(); // warm-up: lazily created state (optimizer moments) is not per step
    await backend.sync();
    const before = backend.stats.dispatches;
    stepper.step();
    await backend.sync();
    return backend.stats.dispatches - before;
  } finally {
    stepper.dispose();
  }
}

testOnBackends(
  "a GRU training step's dispatches do not grow with the sequence length",
  async (backend) => {
    const short = await dispatchesPerStep(backend, 3);
    const long = await dispatchesPerStep(backend, 11);
    assert.equal(long, short, `${backend.name}: ${short} dispatches at 4 steps, ${long} at 12`);
    // The per-step path recorded ~30 dispatches per time step (411 at 12 + 12 steps).
    assert.ok(long < 120, `${backend.name}: expected fewer than 120 dispatches, got ${long}`);
  },
);
