/**
 * The model-level tools `ablate` and `experiment heads-ablation` are built on, on tiny random
 * models (cpu): reference head means average every real position and no padding; teacher-forced
 * log-probabilities of a row do not depend on the rows padded beside it and match the logits'
 * own log-softmax; greedy decoding by forward passes chooses what the decoders of greedy.ts and
 * generate.ts choose, and switching a head off in it changes what it chooses.
 */
import assert from "node:assert/strict";
import { Tensor, tidy } from "../../src/engine/mod.ts";
import { BOS, EOS } from "../../src/data/vocab.ts";
import { transformerDefaults } from "../../src/models/config.ts";
import { makeModel } from "../../src/models/make_model.ts";
import type { Seq2Seq } from "../../src/models/model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { HeadAblation } from "../../src/models/intervention.ts";
import { gptHeadMeans, seq2seqHeadMeans } from "../../src/models/head_means.ts";
import {
  gptLogProbs,
  logSoftmaxAt,
  seq2seqLogProbs,
} from "../../src/models/decode/forced_log_probs.ts";
import { gptForwardGreedy, seq2seqForwardGreedy } from "../../src/models/decode/forward_greedy.ts";
import { greedyDecode, makeSourceBatch } from "../../src/models/decode/greedy.ts";
import { generate } from "../../src/models/decode/generate.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend as backend } from "../support/backends.ts";
import { disposeModel } from "../support/models.ts";
import { disposeGpt, randomGpt, tinyConfig } from "./gpt_support.ts";

function transformer(): Seq2Seq {
  const config = {
    ...transformerDefaults,
    srcVocab: 11,
    tgtVocab: 11,
    dModel: 8,
    heads: 2,
    ffn: 16,
    maxLen: 16,
    dropout: 0,
  };
  return makeModel(config, new ParamStore(backend, { seed: 4 })) as Seq2Seq;
}

const sources = [[5, 7, 9, EOS], [6, EOS]];
const outputs = [[4, 8, EOS], [9, 5, 7, 6, EOS]];

Deno.test("head means average every real position: a padded batch gives the rows' pooled mean", async () => {
  const model = transformer();
  const both = await seq2seqHeadMeans(model, backend, { sources, outputs });
  const [a, b] = await Promise.all(
    [0, 1].map((i) =>
      seq2seqHeadMeans(model, backend, { sources: [sources[i]], outputs: [outputs[i]] })
    ),
  );
  assert.deepEqual([...both.keys()].sort(), [
    "cross.0",
    "cross.1",
    "decoder.0",
    "decoder.1",
    "encoder.0",
    "encoder.1",
  ]);
  for (const [key, mean] of both) {
    // Positions per row: source lengths for the encoder, target lengths for the rest.
    const [na, nb] = key.startsWith("encoder")
      ? [sources[0].length, sources[1].length]
      : [outputs[0].length, outputs[1].length];
    const pooled = mean.map((_, j) => (na * a.get(key)![j] + nb * b.get(key)![j]) / (na + nb));
    assertClose(mean, pooled, { atol: 1e-5 });
  }
  disposeModel(model);
});

Deno.test("GPT head means: one per layer, the padded batch's pooled mean", async () => {
  const model = randomGpt(backend, tinyConfig({ dModel: 8, heads: 2, layers: 2, ffn: 16 }), 5);
  const rows = [[BOS, 4, 5, 6], [BOS, 6]];
  const both = await gptHeadMeans(model, backend, rows);
  const [a, b] = await Promise.all(rows.map((r) => gptHeadMeans(model, backend, [r])));
  assert.deepEqual([...both.keys()].sort(), ["decoder.0", "decoder.1"]);
  for (const [key, mean] of both) {
    const pooled = mean.map((_, j) => (4 * a.get(key)![j] + 2 * b.get(key)![j]) / 6);
    assertClose(mean, pooled, { atol: 1e-5 });
  }
  disposeGpt(model);
});

Deno.test("teacher-forced log p: each row as alone, and the log-softmax of forward's logits", async () => {
  const model = transformer();
  const batched = await seq2seqLogProbs(model, backend, { sources, outputs });
  const alone = await seq2seqLogProbs(model, backend, {
    sources: [sources[1]],
    outputs: [outputs[1]],
  });
  assert.deepEqual(batched.map((r) => r.length), [3, 5]);
  assertClose(batched[1], alone[0], { atol: 1e-5 });
  const logits = tidy(() => {
    const batch = makeSourceBatch(backend, [sources[0]]);
    const tgtIn = Tensor.from(backend, [BOS, 4, 8], [1, 3]);
    return model.forward({ ...batch, tgtIn }); // [1, 3, V]
  });
  const values = await logits.toArray();
  logits.dispose();
  const byHand = outputs[0].map((id, t) => logSoftmaxAt(values.subarray(t * 11, t * 11 + 11), id));
  assertClose(batched[0], byHand, { atol: 1e-6 });
  assertClose([logSoftmaxAt([0, Math.log(3)], 1)], [Math.log(0.75)], { atol: 1e-12 });
  disposeModel(model);
});

Deno.test("greedy by forward passes chooses greedy.ts's tokens; a head off changes them", async () => {
  const model = transformer();
  const batch = makeSourceBatch(backend, [sources[0]]);
  const { rows } = await greedyDecode(model, batch, { trace: false, maxSteps: 8 });
  batch.src.dispose();
  const mine = await seq2seqForwardGreedy(model, backend, sources[0], { maxSteps: 8 });
  assert.deepEqual(mine.ids, rows[0].ids);
  assert.equal(mine.finished, rows[0].finished);
  const ablation = new HeadAblation([0, 1].map((head) => ({ site: "cross", layer: 1, head })));
  const logpOn = await seq2seqLogProbs(model, backend, {
    sources: [sources[0]],
    outputs: [mine.ids],
  });
  const logpOff = await seq2seqLogProbs(model, backend, {
    sources: [sources[0]],
    outputs: [mine.ids],
  }, { ablation });
  assert.notDeepEqual(logpOff, logpOn, "the cross-attention of the last layer mattered");
  ablation.dispose();
  disposeModel(model);
});

Deno.test("GPT greedy by forward passes chooses generate's greedy tokens", async () => {
  const model = randomGpt(backend, tinyConfig({ dModel: 8, heads: 2, layers: 2, ffn: 16 }), 6);
  const prompt = [BOS, 4, 5];
  const sampling = { temperature: 0, topK: 0, topP: 1 };
  const generated = await generate(model, prompt, { maxNew: 6, sampling, stopIds: [EOS] });
  const mine = await gptForwardGreedy(model, backend, prompt, { maxNew: 6 });
  assert.deepEqual(mine.ids, generated.ids);
  assert.equal(mine.finished, generated.stopped);
  const [logp] = await gptLogProbs(model, backend, [[...prompt, ...mine.ids]], [prompt.length]);
  assert.equal(logp.length, mine.ids.length);
  // Greedy: each chosen token is the argmax, so the best log-probability at its step.
  const chosen = generated.steps.map((s) => Math.log(s.before[0].p));
  assertClose(logp, chosen, { atol: 1e-5 });
  disposeGpt(model);
});
