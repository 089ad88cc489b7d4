import assert from "node:assert/strict";
import {
  BatchStream,
  buildTokenizers,
  encodePairs,
  epochBatches,
  makeTrainingBatch,
  paddingFraction,
  prepareTaskData,
} from "../../src/data/batches.ts";
import { reverseTask } from "../../src/data/tasks/reverse.ts";
import { Rng } from "../../src/engine/random.ts";
import { ops } from "../../src/engine/mod.ts";
import { tidy } from "../../src/engine/mod.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { transformerDefaults } from "../../src/models/config.ts";
import { BOS, EOS, PAD } from "../../src/data/vocab.ts";
import { cpuBackend } from "../support/backends.ts";

const specials = ["<pad>", "<bos>", "<eos>", "<unk>"];

Deno.test("buildTokenizers() puts the specials first and learns tokens from training only", () => {
  const { source, target } = buildTokenizers("word", [
    { src: "the cat", tgt: "le chat" },
    { src: "a cat", tgt: "un chat" },
  ]);
  assert.deepEqual(source.vocab.tokens, [...specials, "a", "cat", "the"]);
  assert.deepEqual(target.vocab.tokens, [...specials, "chat", "le", "un"]);
  const { pairs, unknown } = encodePairs([{ src: "the dog", tgt: "le chien" }], {
    source,
    target,
  });
  assert.deepEqual(pairs, [{ src: [6, 3], tgt: [5, 3] }]);
  assert.deepEqual(unknown, ["dog", "chien"]);
});

Deno.test("makeTrainingBatch() builds src + <eos>, <bos> + tgt and tgt + <eos>, right-padded", async () => {
  const batch = makeTrainingBatch(cpuBackend, [
    { src: [4, 5, 6], tgt: [7] },
    { src: [8], tgt: [9, 10, 11] },
  ]);
  try {
    assert.deepEqual(batch.src.shape, [2, 4]);
    assert.deepEqual(batch.tgtIn.shape, [2, 4]);
    assert.deepEqual([...await batch.src.toArray()], [4, 5, 6, EOS, 8, EOS, PAD, PAD]);
    assert.deepEqual([...await batch.tgtIn.toArray()], [BOS, 7, PAD, PAD, BOS, 9, 10, 11]);
    assert.deepEqual([...await batch.tgtOut.toArray()], [7, EOS, PAD, PAD, 9, 10, 11, EOS]);
    assert.deepEqual(batch.srcLengths, [4, 2]);
    assert.equal(batch.srcTokens, 6);
    assert.equal(batch.tgtTokens, 6);
  } finally {
    for (const t of [batch.src, batch.tgtIn, batch.tgtOut]) t.dispose();
  }
});

Deno.test("epochBatches() uses every example once, repeats for a seed and wastes little padding", () => {
  const data = prepareTaskData(reverseTask, { train: 2000, dev: 10, test: 10 }, 3);
  const pairs = data.pairs.train;
  const a = epochBatches(pairs, { batchSize: 32, rng: new Rng(9) });
  const b = epochBatches(pairs, { batchSize: 32, rng: new Rng(9) });
  assert.deepEqual(a, b);
  assert.deepEqual(a.flat().sort((x, y) => x - y), pairs.map((_, i) => i));
  const other = epochBatches(pairs, { batchSize: 32, rng: new Rng(10) });
  assert.notDeepEqual(a, other);
  const mean = (batches: number[][]) =>
    batches.reduce((s, idx) => s + paddingFraction(idx.map((i) => pairs[i])), 0) / batches.length;
  // Unbucketed batches of random lengths 3-24 are ~35% padding; bucketed ones a few percent.
  const shuffled = new Rng(9).shuffle(pairs.map((_, i) => i));
  const unbucketed = Array.from(
    { length: Math.ceil(shuffled.length / 32) },
    (_, i) => shuffled.slice(32 * i, 32 * i + 32),
  );
  assert.ok(mean(a) < 0.1, `bucketed padding ${mean(a)}`);
  assert.ok(mean(unbucketed) > 0.2, `unbucketed padding ${mean(unbucketed)}`);
});

Deno.test("BatchStream starts a new, reshuffled epoch when one runs out", () => {
  const pairs = Array.from({ length: 10 }, (_, i) => ({ src: [4 + i], tgt: [4] }));
  const stream = new BatchStream(pairs, { batchSize: 4, seed: 1 });
  const first = [stream.next(), stream.next(), stream.next()].flat();
  assert.equal(stream.epoch, 1);
  assert.equal(new Set(first).size, 10);
  stream.next();
  assert.equal(stream.epoch, 2);
});

Deno.test("prepareTaskData() builds the vocabulary from the training split only", () => {
  const data = prepareTaskData(reverseTask, { train: 300, dev: 50, test: 50 }, 1);
  const trainTokens = new Set(data.examples.train.flatMap((e) => Array.from(e.src)));
  assert.deepEqual(
    new Set(data.tokenizers.source.vocab.tokens.slice(specials.length)),
    trainTokens,
  );
  assert.equal(data.pairs.dev.length, data.examples.dev.length);
  assert.ok(data.longest.src <= reverseTask.maxSrcTokens);
});

Deno.test("padding is ignored by the loss: a padded batch's loss is the token-weighted mean of its rows'", async () => {
  const config = {
    ...transformerDefaults,
    srcVocab: 12,
    tgtVocab: 12,
    dModel: 16,
    heads: 2,
    ffn: 32,
    encoderLayers: 1,
    decoderLayers: 1,
    maxLen: 16,
    dropout: 0,
  };
  const model = makeModel(config, new ParamStore(cpuBackend, { seed: 5 }));
  const short = { src: [4, 5], tgt: [6] }; // 2 target positions: tgt + <eos>
  const long = { src: [7, 8, 9, 10, 11], tgt: [4, 5, 6, 7] }; // 5 target positions
  const lossOf = (pairs: { src: number[]; tgt: number[] }[]) =>
    tidy(() => {
      const batch = makeTrainingBatch(cpuBackend, pairs);
      return ops.crossEntropy(model.forward(batch), batch.tgtOut, { ignoreIndex: PAD });
    });
  try {
    const [both, a, b] = [lossOf([short, long]), lossOf([short]), lossOf([long])];
    const [vBoth, vA, vB] = await Promise.all(
      [both, a, b].map(async (t) => (await t.toArray())[0]),
    );
    for (const t of [both, a, b]) t.dispose();
    const expected = (2 * vA + 5 * vB) / 7; // mean over the 7 real target positions
    assert.ok(Math.abs(vBoth - expected) < 1e-5, `${vBoth} vs ${expected}`);
    assert.ok(Math.abs(vBoth - (vA + vB) / 2) > 1e-4, "the test must tell the two means apart");
  } finally {
    for (const t of model.params.values()) t.dispose();
  }
});
