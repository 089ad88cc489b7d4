import assert from "node:assert/strict";
import { makeModel } from "../../src/models/make_model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";
import { saveTrained, type TrainedCheckpoint } from "../../src/train/save_trained.ts";
import { renderSaveOutcome } from "../../src/render/train_view.ts";
import { cpuBackend } from "../support/backends.ts";
import { tinyTransformer } from "../support/tiny_models.ts";

const vocab = ["<pad>", "<bos>", "<eos>", "<unk>", ..."abcdefghi"];

/** A tiny trained-looking model of `task` that scored `exactMatch` on dev. */
function trainedLike(task: string, exactMatch: number, seed: number): TrainedCheckpoint {
  const config = tinyTransformer({ srcVocab: vocab.length, tgtVocab: vocab.length, task });
  const model = makeModel(config, new ParamStore(cpuBackend, { seed }));
  const dev = { exactMatch, tokenAccuracy: exactMatch, count: 10 };
  return {
    info: {
      config,
      srcVocab: vocab,
      tgtVocab: vocab,
      tokenizer: "char",
      extra: {
        dev_accuracy: String(exactMatch),
        dev_token_accuracy: String(exactMatch),
        seed: String(seed),
      },
    },
    params: model.params,
    dev,
    task,
  };
}

async function bytes(path: string): Promise<Uint8Array> {
  return await Deno.readFile(path);
}

Deno.test("saveTrained() replaces only a model it can show is no better, keeping it as .prev", async () => {
  const dir = await Deno.makeTempDir({ prefix: "attn-save-trained-" });
  try {
    const path = `${dir}/m.safetensors`;
    const first = await saveTrained(trainedLike("reverse", 0.5, 1), path);
    assert.deepEqual([first.written, first.kept, first.previousKeptAs], [path, null, null]);
    assert.equal(renderSaveOutcome(first), `saved ${path}`);
    const old = await bytes(path);

    // Better: replaced; the old file is now m.prev.safetensors, byte for byte.
    const better = await saveTrained(trainedLike("reverse", 0.75, 2), path);
    assert.equal(better.previousKeptAs, `${dir}/m.prev.safetensors`);
    assert.deepEqual(await bytes(`${dir}/m.prev.safetensors`), old);
    assert.equal((await loadCheckpoint(path)).metadata.seed, "2");
    assert.equal(
      renderSaveOutcome(better),
      `saved ${path} (dev exact match 75.0%); the model it replaced (50.0%) is now ${dir}/m.prev.safetensors`,
    );

    // Worse: m.safetensors stays; the new model goes beside it.
    const worse = await saveTrained(trainedLike("reverse", 0.25, 3), path);
    assert.equal(worse.kept, "better");
    assert.equal(worse.written, `${dir}/m.new.safetensors`);
    assert.equal((await loadCheckpoint(path)).metadata.seed, "2");
    assert.equal((await loadCheckpoint(worse.written)).metadata.seed, "3");
    assert.equal(
      renderSaveOutcome(worse),
      `saved ${dir}/m.new.safetensors, not ${path}: that file holds a better model (dev exact match 75.0% vs 25.0%) and is unchanged`,
    );

    // Another task, no score, not a checkpoint: left alone, each with its reason.
    const other = await saveTrained(trainedLike("dates", 1, 4), path);
    assert.equal(other.kept, "other-task");
    assert.match(renderSaveOutcome(other), /that file is a model of task reverse, not dates/);
    const unscored = `${dir}/u.safetensors`;
    const plain = trainedLike("reverse", 0.5, 5);
    await saveTrained({ ...plain, info: { ...plain.info, extra: {} } }, unscored);
    assert.equal((await saveTrained(trainedLike("reverse", 1, 6), unscored)).kept, "unscored");
    const junk = `${dir}/j.safetensors`;
    await Deno.writeTextFile(junk, "not a checkpoint");
    const unreadable = await saveTrained(trainedLike("reverse", 1, 7), junk);
    assert.equal(unreadable.kept, "unreadable");
    assert.equal(await Deno.readTextFile(junk), "not a checkpoint");
    assert.deepEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
      [
        "j.new.safetensors",
        "j.safetensors",
        "m.new.safetensors",
        "m.prev.safetensors",
        "m.safetensors",
        "u.new.safetensors",
        "u.safetensors",
      ],
      "no temporary file left",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
