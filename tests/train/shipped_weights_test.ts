/**
 * Every checkpoint shipped in weights/ loads on the cpu backend and reaches
 * the test exact match recorded in its metadata (`accuracy`) on a fresh
 * held-out sample: 200 test-split items drawn with another seed than the one
 * the recorded score used (test items never appear in training, whatever the
 * seed, src/data/split.ts), so this re-measures rather than replays.
 *
 * Tolerance: a 200-item sample of a model with true exact match p has a
 * standard error of sqrt(p (1 - p) / 200) (binomial), e.g. 0.7 points at 99%,
 * 2.1 at 90%, 3.5 at 50%. We allow 3 standard errors below the recorded score
 * (at least 3 points, covering the recorded score's own sampling error and
 * cpu vs webgpu rounding flipping a close greedy choice).
 */
import assert from "node:assert/strict";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { defaultWeightsDir } from "../../src/models/weights/registry.ts";
import { getTask } from "../../src/data/task.ts";
import { encodePairs } from "../../src/data/batches.ts";
import { Tokenizer } from "../../src/data/tokenizer.ts";
import { Vocab } from "../../src/data/vocab.ts";
import { evaluate } from "../../src/train/evaluate.ts";
import { shippedModels } from "../../src/app/shipped_models.ts";
import { cpuBackend } from "../support/backends.ts";
import { assertGptReproduces } from "./shipped_gpt.ts";

const sampleSize = 200;
/** Far from any training seed train:all uses, so the sample is new items. */
const sampleSeed = 9001;

/** The largest drop below `recorded` that a 200-item sample explains (see the header). */
export function allowedDrop(recorded: number, n = sampleSize): number {
  return Math.max(0.03, 3 * Math.sqrt((recorded * (1 - recorded)) / n));
}

const dir = defaultWeightsDir();
const present: string[] = [];
try {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".safetensors")) present.push(entry.name);
  }
} catch (e) {
  if (!(e instanceof Deno.errors.NotFound)) throw e;
}
present.sort();

Deno.test("allowedDrop() is 3 binomial standard errors, at least 3 points", () => {
  assert.equal(allowedDrop(0.99), 0.03);
  assert(Math.abs(allowedDrop(0.5) - 3 * Math.sqrt(0.25 / 200)) < 1e-12);
});

Deno.test("every file in weights/ is one of the shipped models train:all reproduces", () => {
  const names = shippedModels.map((m) => m.name);
  assert.equal(names.length, 20);
  assert.equal(new Set(names).size, 20);
  for (const file of present) {
    const stem = file.replace(/\.safetensors$/, "");
    assert(names.includes(stem), `weights/${file} is not produced by train:all (${names})`);
  }
});

/** The shipped GPTs: scored by prompted generation (shipped_gpt.ts), not greedyDecode. */
const gptFiles = new Set(
  shippedModels.filter((m) => m.arch === "gpt").map((m) => `${m.name}.safetensors`),
);

for (const file of present.filter((f) => gptFiles.has(f))) {
  Deno.test(`shipped ${file} reproduces its recorded prompted-translation exact match on cpu`, () =>
    assertGptReproduces(`${dir}${file}`));
}

for (const file of present.filter((f) => !gptFiles.has(f))) {
  Deno.test(`shipped ${file} loads on cpu and reaches its recorded exact match`, async () => {
    const checkpoint = await loadCheckpoint(`${dir}${file}`);
    const meta = checkpoint.metadata;
    const recorded = Number(meta.accuracy);
    assert(
      recorded >= 0 && recorded <= 1,
      `expected metadata accuracy in [0, 1], got ${meta.accuracy}`,
    );
    for (const key of ["token_accuracy", "train_seconds", "train_steps", "seed", "task"]) {
      assert(meta[key] !== undefined && meta[key] !== "", `expected metadata ${key}, got none`);
    }
    const shipped = shippedModels.find((m) => `${m.name}.safetensors` === file)!;
    assert.equal(meta.task, shipped.task);
    assert.equal(checkpoint.config.arch, shipped.arch);

    const { config, tokenizer: kind } = checkpoint;
    if (config.arch === "gpt" || kind === "bpe") {
      throw new Error(`${file} is a GPT: shipped_gpt.ts scores it, expected a Seq2Seq here`);
    }
    const task = getTask(meta.task);
    const tokenizers = {
      source: new Tokenizer(kind, new Vocab(checkpoint.srcVocab)),
      target: new Tokenizer(kind, new Vocab(checkpoint.tgtVocab)),
    };
    const examples = task.examples("test", sampleSize, sampleSeed);
    const { pairs } = encodePairs(examples, tokenizers);
    const model = makeModel(config, new ParamStore(cpuBackend, { loaded: checkpoint.tensors }));
    try {
      const metrics = await evaluate(model, pairs, { backend: cpuBackend });
      assert.equal(metrics.count, examples.length);
      const floor = recorded - allowedDrop(recorded, metrics.count);
      assert(
        metrics.exactMatch >= floor,
        `${file}: expected exact match >= ${(floor * 100).toFixed(1)}% (recorded ${
          (recorded * 100).toFixed(1)
        }%), got ${(metrics.exactMatch * 100).toFixed(1)}% on ${metrics.count} held-out items`,
      );
    } finally {
      for (const t of model.params.values()) t.dispose();
    }
  });
}
