import assert from "node:assert/strict";
import { makeModel } from "../../src/models/make_model.ts";
import { type LoadedTensors, ParamStore } from "../../src/models/weights/param_store.ts";
import {
  type ModelConfig,
  type RnnConfig,
  rnnDefaults,
  type TransformerConfig,
  transformerDefaults,
} from "../../src/models/config.ts";
import { Transformer } from "../../src/models/transformer.ts";
import { RnnSeq2Seq } from "../../src/models/rnn_seq2seq.ts";
import type { Seq2Seq } from "../../src/models/model.ts";
import { Tensor, tidy } from "../../src/engine/mod.ts";
import { cpuBackend } from "../support/backends.ts";
import { disposeModel } from "../support/models.ts";

const transformer: TransformerConfig = {
  ...transformerDefaults,
  srcVocab: 11,
  tgtVocab: 9,
  dModel: 16,
  heads: 2,
  ffn: 32,
  encoderLayers: 1,
  decoderLayers: 2,
  maxLen: 16,
  dropout: 0,
};
const gru: RnnConfig = {
  ...rnnDefaults,
  srcVocab: 11,
  tgtVocab: 9,
  embed: 8,
  hidden: 12,
  attention: "bahdanau",
  maxLen: 16,
  dropout: 0,
};

async function hostTensors(
  model: Seq2Seq,
): Promise<Map<string, { shape: number[]; data: Float32Array }>> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, t] of model.params) {
    out.set(name, { shape: [...t.shape], data: await t.toArray() });
  }
  return out;
}

async function logitsOf(model: Seq2Seq): Promise<Float32Array> {
  const logits = tidy(() => {
    const src = Tensor.from(cpuBackend, [4, 5, 6, 2], [1, 4]);
    const tgtIn = Tensor.from(cpuBackend, [1, 7, 8], [1, 3]);
    return model.forward({ src, srcLengths: [4], tgtIn });
  });
  const data = await logits.toArray();
  logits.dispose();
  return data;
}

Deno.test("makeModel() builds the class the arch names, with docs/CONTRACT.md parameter names", () => {
  const t = makeModel(transformer, new ParamStore(cpuBackend, { seed: 1 }));
  assert.ok(t instanceof Transformer);
  const names = [...t.params.keys()];
  for (
    const name of [
      "src_embed.weight",
      "tgt_embed.weight",
      "transformer.encoder.layers.0.self_attn.in_proj_weight",
      "transformer.decoder.layers.1.multihead_attn.out_proj.bias",
      "transformer.decoder.layers.1.norm3.weight",
      "transformer.encoder.norm.weight",
      "transformer.decoder.norm.bias",
      "generator.weight",
      "generator.bias",
    ]
  ) assert.ok(names.includes(name), `missing ${name}`);
  assert.ok(!names.includes("transformer.encoder.layers.1.norm1.weight")); // one encoder layer
  assert.deepEqual(t.params.get("generator.weight")!.shape, [9, 16]);
  disposeModel(t);

  const r = makeModel(gru, new ParamStore(cpuBackend, { seed: 1 }));
  assert.ok(r instanceof RnnSeq2Seq);
  assert.deepEqual(r.params.get("decoder.weight_ih_l0")!.shape, [36, 8 + 12]); // [3H, E + H]
  assert.deepEqual(r.params.get("attention.v.weight")!.shape, [1, 12]);
  assert.deepEqual(r.params.get("generator.weight")!.shape, [9, 24]); // [Vt, 2H]
  disposeModel(r);
});

for (const config of [transformer, gru] as ModelConfig[]) {
  Deno.test(`makeModel() ${config.arch}: a model rebuilt from its tensors gives the same logits`, async () => {
    const fresh = makeModel(config, new ParamStore(cpuBackend, { seed: 7 }));
    const tensors = await hostTensors(fresh);
    const loaded = makeModel(config, new ParamStore(cpuBackend, { loaded: tensors }));
    const other = makeModel(config, new ParamStore(cpuBackend, { seed: 8 }));
    const [a, b, c] = [await logitsOf(fresh), await logitsOf(loaded), await logitsOf(other)];
    assert.deepEqual(b, a);
    assert.notDeepEqual(c, a); // the seed matters, so equality above is not a tautology
    [fresh, loaded, other].forEach(disposeModel);
  });
}

Deno.test("makeModel() refuses a checkpoint with an unexpected or a missing tensor", async () => {
  const fresh = makeModel(transformer, new ParamStore(cpuBackend, { seed: 3 }));
  const tensors = await hostTensors(fresh);
  disposeModel(fresh);
  const extra = new Map(tensors);
  extra.set("decoder.extra_head.weight", { shape: [2], data: new Float32Array(2) });
  const storeWithExtra = new ParamStore(cpuBackend, { loaded: extra as LoadedTensors });
  assert.throws(
    () => makeModel(transformer, storeWithExtra),
    /unexpected tensor decoder\.extra_head/,
  );
  for (const t of storeWithExtra.params.values()) t.dispose();

  const missing = new Map(tensors);
  missing.delete("generator.bias");
  const storeMissing = new ParamStore(cpuBackend, { loaded: missing as LoadedTensors });
  assert.throws(() => makeModel(transformer, storeMissing), /missing tensor generator\.bias/);
  for (const t of storeMissing.params.values()) t.dispose();
});
