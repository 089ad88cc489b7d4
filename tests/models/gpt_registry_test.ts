/**
 * A GPT checkpoint through the registry (src/models/weights/registry.ts): attn's own save of a
 * tied GPT loads back with its BPE and gives the same logits; `loadModel` (Seq2Seq only) refuses
 * it in one line. Decision on `lm_head.weight` for a tied GPT: the torch exporter is its only
 * writer (PyTorch's strict load wants it); attn's save never writes it, and attn's load refuses
 * a tied checkpoint that carries one, naming the tensor, rather than guess which table wins.
 */
import assert from "node:assert/strict";
import { Tensor } from "../../src/engine/mod.ts";
import { isLoadedGpt, loadAnyModel, loadModel } from "../../src/models/weights/registry.ts";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";
import { encodeSafetensors } from "../../src/models/weights/safetensors.ts";
import type { Gpt } from "../../src/models/gpt.ts";
import { cpuBackend } from "../support/backends.ts";
import { saveTinyGpt } from "../support/tiny_gpt.ts";
import { randomGpt } from "./gpt_support.ts";

async function logitsOf(model: Gpt, ids: number[]): Promise<Float32Array> {
  const input = Tensor.from(cpuBackend, ids, [1, ids.length]);
  const logits = model.forward(input);
  const data = await logits.toArray();
  input.dispose();
  logits.dispose();
  return data;
}

Deno.test("a tied GPT's own save loads through the registry with its BPE and the same logits", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/gpt.safetensors`;
    const { config, tokenizer } = await saveTinyGpt(path);
    assert.equal(config.tied, true);
    const checkpoint = await loadCheckpoint(path);
    assert.equal(checkpoint.tokenizer, "bpe");
    assert.equal(checkpoint.tensors.has("lm_head.weight"), false);
    const loaded = await loadAnyModel(path, cpuBackend);
    assert.ok(isLoadedGpt(loaded), "a GPT");
    const gpt = loaded.model;
    assert.deepEqual(loaded.tokenizer.mergePairs(), tokenizer.mergePairs());
    const original = randomGpt(cpuBackend, config, 3); // the weights saveTinyGpt saved
    const ids = [1, ...tokenizer.encode("나는 학생이다").ids, 4];
    assert.deepEqual(await logitsOf(gpt, ids), await logitsOf(original, ids));
    for (const p of original.params.values()) p.dispose();
    await assert.rejects(() => loadModel(path, cpuBackend), /holds a GPT \(decoder-only\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a tied GPT checkpoint carrying lm_head.weight (an export's name) is refused, naming it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/gpt.safetensors`;
    await saveTinyGpt(path);
    const checkpoint = await loadCheckpoint(path);
    const table = checkpoint.tensors.get("tok_embed.weight")!;
    const tensors = [...checkpoint.tensors].map(([name, t]) => ({ name, ...t }));
    tensors.push({ name: "lm_head.weight", ...table });
    const extra = `${dir}/extra.safetensors`;
    await Deno.writeFile(extra, encodeSafetensors(tensors, checkpoint.metadata));
    await assert.rejects(() => loadCheckpoint(extra), (e: Error) => {
      assert.match(e.message, /lm_head\.weight/);
      assert.equal(e.message.split("\n").length, 1);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
