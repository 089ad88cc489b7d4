/**
 * checkpoint_limits.ts derives the header bound from the largest model attn builds: these
 * tests rebuild the numbers from the model code and a worst-case header, so a change to the
 * models or the limits that breaks the derivation fails here.
 */
import assert from "node:assert/strict";
import { checkpointLimits } from "../../src/models/weights/checkpoint_limits.ts";
import { parameterShapes } from "../../src/models/weights/param_shapes.ts";
import { type ModelConfig, rnnDefaults, transformerDefaults } from "../../src/models/config.ts";
import {
  decodeSafetensors,
  encodeSafetensors,
  headerShape,
} from "../../src/models/weights/safetensors.ts";
import { jsonShapeProblem } from "../../src/models/weights/json_scan.ts";

const L = checkpointLimits;

/** Every architecture at the largest sizes the limits allow. */
function largestConfigs(): ModelConfig[] {
  const sizes = { srcVocab: L.vocab, tgtVocab: L.vocab, maxLen: L.maxLen, dropout: 0 };
  const configs: ModelConfig[] = [];
  for (const pe of ["sinusoidal", "learned", "rope", "none"] as const) {
    configs.push({
      ...transformerDefaults,
      ...sizes,
      pe,
      dModel: L.width,
      heads: L.heads,
      ffn: L.ffn,
      encoderLayers: L.layers,
      decoderLayers: L.layers,
    });
  }
  for (const arch of ["gru", "lstm"] as const) {
    for (const attention of ["none", "bahdanau", "luong-dot", "luong-general"] as const) {
      configs.push({
        ...rnnDefaults,
        ...sizes,
        arch,
        attention,
        embed: L.width,
        hidden: L.width,
        layers: L.layers,
      });
    }
  }
  return configs;
}

Deno.test("the largest model attn builds has exactly checkpointLimits.tensors tensors, within the name and rank limits", () => {
  let most = 0;
  for (const config of largestConfigs()) {
    const shapes = parameterShapes(config);
    most = Math.max(most, shapes.size);
    for (const [name, shape] of shapes) {
      assert.ok(name.length <= L.nameLength, `${name}: ${name.length} characters`);
      assert.ok(shape.length <= L.rank, `${name}: rank ${shape.length}`);
    }
  }
  assert.equal(most, L.tensors, "the learned-positions Transformer: 48 x 12 + 48 x 18 + 9");
});

Deno.test("a worst-case header fits checkpointLimits.headerBytes and passes the header scan", () => {
  // Every entry at its longest: a 128-character name, 4 dimensions and offsets of 10 digits.
  const entries: Record<string, unknown> = {};
  for (let i = 0; i < L.tensors; i++) {
    const name = `${i}`.padStart(L.nameLength, "w");
    entries[name] = {
      dtype: "F32",
      shape: [65536, 16384, 4096, 4096],
      data_offsets: [2147483647, 2147483647],
    };
  }
  // Two vocabularies of 65,536 tokens whose JSON is 4 MiB each (tokens of ~60 characters).
  const vocab = Array.from({ length: L.vocab }, (_, i) => `${i}`.padStart(60, "t"));
  const vocabJson = JSON.stringify(vocab);
  assert.ok(vocabJson.length <= 4 * 1024 * 1024, `vocabulary JSON ${vocabJson.length}`);
  const metadata: Record<string, string> = {
    config: "c".repeat(1000),
    src_vocab: vocabJson,
    tgt_vocab: vocabJson,
    tokenizer: "word",
  };
  while (Object.keys(metadata).length < L.metadataKeys) {
    metadata[`extra_${Object.keys(metadata).length}`.padEnd(L.nameLength, "k")] = "v".repeat(800);
  }
  const text = JSON.stringify({ __metadata__: metadata, ...entries });
  assert.ok(text.length <= L.headerBytes, `${text.length} > ${L.headerBytes}`);
  assert.ok(text.length > 0.5 * L.headerBytes, "the bound is not loose by more than 2x");
  assert.equal(jsonShapeProblem(text, headerShape()), null);
});

Deno.test("the shipped models' headers are far inside the bound", async () => {
  const dir = new URL("../../weights/", import.meta.url).pathname;
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.name.endsWith(".safetensors")) continue;
    const bytes = await Deno.readFile(`${dir}${entry.name}`);
    const headerBytes = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.ok(headerBytes < 32 * 1024, `${entry.name}: ${headerBytes}`);
    assert.ok(decodeSafetensors(bytes).tensors.size <= L.tensors);
  }
  // And a header one byte beyond the bound is refused by its length.
  const big = encodeSafetensors([], { x: "y" });
  new DataView(big.buffer).setBigUint64(0, BigInt(L.headerBytes + 1), true);
  assert.throws(() => decodeSafetensors(big), /beyond attn's limit of 17213696 bytes/);
});
