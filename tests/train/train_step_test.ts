/**
 * trainStep alone: one optimizer step on a fixed batch, compared with the algorithm spelled out
 * by hand (tape, cross-entropy, backward, Adam with clipping) on an identical model. The step
 * must compute the same numbers and cost the same kernels, with no readback of its own.
 */
import assert from "node:assert/strict";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { ops, Tape, Tensor, tidy } from "../../src/engine/mod.ts";
import { Adam } from "../../src/engine/optim/adam.ts";
import { disposeBatch, makeTrainingBatch } from "../../src/data/batches.ts";
import { PAD } from "../../src/data/vocab.ts";
import { makeModel } from "../../src/models/make_model.ts";
import type { Seq2Seq } from "../../src/models/model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { disposeModel } from "../../src/train/trainer.ts";
import { trainStep } from "../../src/train/train_step.ts";
import { cpuBackend } from "../support/backends.ts";
import { testOnBackends } from "../support/gpu.ts";
import { tinyTransformer } from "../support/tiny_models.ts";

/** Four pairs over the tiny vocabularies (ids from 4: 0-3 are the special tokens). */
const pairs = [
  { src: [4, 5, 6], tgt: [6, 5, 4] },
  { src: [7, 8], tgt: [8, 7] },
  { src: [9, 10, 11, 12], tgt: [10, 9, 8, 7] },
  { src: [5], tgt: [5] },
];

/** A tiny transformer with dropout (so the seed matters) and its optimizer. */
function setUp(backend: Backend): { model: Seq2Seq; adam: Adam; dispose: () => void } {
  const model = makeModel(tinyTransformer({ dropout: 0.1 }), new ParamStore(backend, { seed: 5 }));
  const adam = new Adam([...model.params.values()], { lr: 1e-2, clipNorm: 1 });
  return {
    model,
    adam,
    dispose: () => {
      adam.dispose();
      disposeModel(model);
    },
  };
}

/** The step as the algorithm reads, written out here independently of trainStep. */
function stepByHand(model: Seq2Seq, adam: Adam, seed: number, lr: number): Tensor {
  const batch = makeTrainingBatch(model.params.values().next().value!.backend, pairs);
  const tape = new Tape();
  const loss = tape.record(() =>
    ops.crossEntropy(model.forward(batch, { training: true, seed }), batch.tgtOut, {
      ignoreIndex: PAD,
      labelSmoothing: 0.1,
    })
  );
  adam.step(tape.backward(loss, adam.params), { lr });
  disposeBatch(batch);
  return loss;
}

/** One trainStep on the fixed batch; returns its loss, read back. */
async function stepLoss(
  model: Seq2Seq,
  adam: Adam,
  options: Parameters<typeof trainStep>[3],
): Promise<number> {
  const backend = adam.params[0].backend;
  const loss = tidy(() => {
    const batch = makeTrainingBatch(backend, pairs);
    const loss = trainStep(model, batch, adam, options);
    disposeBatch(batch);
    return loss;
  });
  try {
    return (await loss.toArray())[0];
  } finally {
    loss.dispose();
  }
}

async function paramValues(model: Seq2Seq): Promise<Float32Array[]> {
  return await Promise.all([...model.params.values()].map((p) => p.toArray()));
}

testOnBackends(
  "trainStep computes what forward, loss, backward, clip and Adam compute by hand, at the same cost",
  async (backend) => {
    const [a, b] = [setUp(backend), setUp(backend)];
    try {
      for (let step = 1; step <= 3; step++) {
        const seed = 100 + step;
        const before = { ...backend.stats };
        const lossA = tidy(() => {
          const batch = makeTrainingBatch(backend, pairs);
          const loss = trainStep(a.model, batch, a.adam, { seed, lr: 5e-3, labelSmoothing: 0.1 });
          disposeBatch(batch);
          return loss;
        });
        const stepCost = {
          dispatches: backend.stats.dispatches - before.dispatches,
          roundTrips: backend.stats.roundTrips - before.roundTrips,
        };
        const middle = { ...backend.stats };
        const lossB = tidy(() => stepByHand(b.model, b.adam, seed, 5e-3));
        const handCost = {
          dispatches: backend.stats.dispatches - middle.dispatches,
          roundTrips: backend.stats.roundTrips - middle.roundTrips,
        };
        assert.deepEqual(stepCost, handCost, `step ${step}: trainStep's cost vs the algorithm's`);
        assert.equal(stepCost.roundTrips, 0, "a step records work and never waits");
        assert.deepEqual(await lossA.toArray(), await lossB.toArray(), `step ${step}: loss`);
        lossA.dispose();
        lossB.dispose();
      }
      const [pa, pb] = [await paramValues(a.model), await paramValues(b.model)];
      pa.forEach((values, i) => assert.deepEqual(values, pb[i], `parameter ${i}`));
    } finally {
      a.dispose();
      b.dispose();
    }
  },
);

Deno.test("trainStep lowers the loss of a batch it trains on, and the seed picks the dropout masks", async () => {
  const { model, adam, dispose } = setUp(cpuBackend);
  try {
    const losses: number[] = [];
    for (let step = 1; step <= 30; step++) losses.push(await stepLoss(model, adam, { seed: step }));
    assert.ok(losses[29] < 0.5 * losses[0], `loss ${losses[0]} -> ${losses[29]}`);
    // Forward only (lr 0 leaves the parameters as they are): one seed, one loss; another seed,
    // other dropout masks, another loss.
    const lossAt = (seed: number) => stepLoss(model, adam, { seed, lr: 0 });
    const [first, again, other] = [await lossAt(1), await lossAt(1), await lossAt(2)];
    assert.equal(first, again);
    assert.notEqual(first, other);
  } finally {
    dispose();
  }
});

Deno.test("trainStep shows every parameter's raw gradient before the update", async () => {
  const { model, adam, dispose } = setUp(cpuBackend);
  try {
    const before = await paramValues(model);
    let seen = 0;
    await stepLoss(model, adam, {
      seed: 1,
      onGradients(grads) {
        seen = grads.size;
        for (const p of adam.params) assert.deepEqual(grads.get(p)!.shape, p.shape);
        // Still the old values (cpu storages are Float32Arrays): the update comes after this hook.
        adam.params.forEach((p, i) => assert.deepEqual(p.data, before[i], p.name));
      },
    });
    assert.equal(seen, adam.params.length);
    const after = await paramValues(model);
    assert.ok(after.some((values, i) => values.some((v, j) => v !== before[i][j])), "no update");
  } finally {
    dispose();
  }
});
