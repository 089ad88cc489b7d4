/**
 * A GPT's config in checkpoint metadata (src/models/weights/checkpoint_config.ts): written and
 * read back unchanged, each bad field refused with a line naming it, and a saved GPT checkpoint
 * loading with its tensors checked against the config (tied or not).
 */
import assert from "node:assert/strict";
import {
  CheckpointError,
  configFromMetadata,
  configToMetadata,
  loadCheckpoint,
  saveCheckpoint,
} from "../../src/models/weights/checkpoint.ts";
import type { Gpt } from "../../src/models/gpt.ts";
import { parameterShapes } from "../../src/models/weights/param_shapes.ts";
import { cpuBackend } from "../support/backends.ts";
import { disposeGpt, randomGpt, tinyConfig } from "./gpt_support.ts";

const sizes = { srcVocab: 7, tgtVocab: 7 };

Deno.test("a GPT config survives metadata both ways", () => {
  for (const config of [tinyConfig(), tinyConfig({ pe: "rope", tied: false, lmHeadBias: true })]) {
    const text = JSON.stringify(configToMetadata(config));
    assert.deepEqual(configFromMetadata(text, sizes), config);
    assert.equal(JSON.parse(text).norm, "pre");
  }
});

Deno.test("an attention-only GPT config survives metadata; older files without attn_only are full GPTs", () => {
  const attnOnly = tinyConfig({ attnOnly: true, layers: 2 });
  const text = JSON.stringify(configToMetadata(attnOnly));
  assert.equal(JSON.parse(text).attn_only, true);
  assert.deepEqual(configFromMetadata(text, sizes), attnOnly);
  assert.equal("attn_only" in configToMetadata(tinyConfig()), false, "absent when not set");
  const full = { ...JSON.parse(text), attn_only: undefined };
  assert.deepEqual(configFromMetadata(JSON.stringify(full), sizes), tinyConfig({ layers: 2 }));
  assert.throws(
    () => configFromMetadata(JSON.stringify({ ...JSON.parse(text), attn_only: "yes" }), sizes),
    /attn_only must be true or false/,
  );
  const shapes = [...parameterShapes(attnOnly).keys()];
  assert.equal(shapes.some((n) => /linear[12]|norm2/.test(n)), false, shapes.join(", "));
});

Deno.test("an attention-only GPT saves and loads; a full GPT's tensors under attn_only are refused", async () => {
  const dir = await Deno.makeTempDir();
  const vocab = ["<pad>", "<bos>", "<eos>", "<unk>", "<sep>", "a", "b"];
  const attnOnly = tinyConfig({ attnOnly: true });
  const save = (path: string, model: Gpt) =>
    saveCheckpoint(path, {
      config: attnOnly,
      srcVocab: vocab,
      tgtVocab: vocab,
      tokenizer: "char",
      params: model.params,
    });
  const small = randomGpt(cpuBackend, attnOnly);
  const full = randomGpt(cpuBackend, tinyConfig());
  try {
    await save(`${dir}/attn.safetensors`, small);
    const loaded = await loadCheckpoint(`${dir}/attn.safetensors`);
    assert.deepEqual(loaded.config, attnOnly);
    assert.deepEqual([...loaded.tensors.keys()], [...small.params.keys()]);
    await save(`${dir}/mixed.safetensors`, full); // FFN tensors, config says none
    await assert.rejects(
      () => loadCheckpoint(`${dir}/mixed.safetensors`),
      /unexpected .*blocks\.layers\.0\.linear1\.weight/,
    );
  } finally {
    disposeGpt(small);
    disposeGpt(full);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a GPT config with a bad field is refused, naming the field", () => {
  const base = configToMetadata(tinyConfig());
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ pe: "sinusoidal" }, /pe must be one of learned, rope/],
    [{ norm: "post" }, /norm must be one of pre/],
    [{ heads: 3 }, /heads = 3 must divide d_model = 4/],
    [{ pe: "rope", d_model: 6, heads: 2 }, /even head width/],
    [{ tie_embeddings: "yes" }, /tie_embeddings must be true or false/],
    [{ lm_head_bias: undefined }, /has no lm_head_bias/],
    [{ num_layers: 0 }, /num_layers must be a positive integer/],
  ];
  for (const [change, message] of bad) {
    const text = JSON.stringify({ ...base, ...change });
    assert.throws(() => configFromMetadata(text, sizes), (e: Error) => {
      assert.ok(e instanceof CheckpointError, `${JSON.stringify(change)}: ${e}`);
      assert.match(e.message, message);
      return true;
    });
  }
});

Deno.test("a tied GPT has no lm_head tensor; an untied one has lm_head [V, d]", () => {
  assert.equal(parameterShapes(tinyConfig()).has("lm_head.weight"), false);
  assert.deepEqual(parameterShapes(tinyConfig({ tied: false })).get("lm_head.weight"), [7, 4]);
  assert.deepEqual(parameterShapes(tinyConfig({ pe: "rope" })).has("pos_embed.weight"), false);
});

Deno.test("a saved GPT checkpoint loads back with its config and tensors", async () => {
  const dir = await Deno.makeTempDir();
  const vocab = ["<pad>", "<bos>", "<eos>", "<unk>", "<sep>", "a", "b"];
  for (const config of [tinyConfig(), tinyConfig({ tied: false, lmHeadBias: true })]) {
    const model = randomGpt(cpuBackend, config);
    const path = `${dir}/gpt.safetensors`;
    try {
      await saveCheckpoint(path, {
        config,
        srcVocab: vocab,
        tgtVocab: vocab,
        tokenizer: "char",
        params: model.params,
      });
      const loaded = await loadCheckpoint(path);
      assert.deepEqual(loaded.config, config);
      assert.deepEqual([...loaded.tensors.keys()], [...model.params.keys()]);
      const table = await model.params.get("tok_embed.weight")!.toArray();
      assert.deepEqual(loaded.tensors.get("tok_embed.weight")!.data, table);
    } finally {
      disposeGpt(model);
    }
  }
  await Deno.remove(dir, { recursive: true });
});
