/**
 * The logit lens of the models (src/models/logit_lens.ts, RnnSeq2Seq.readout): on tiny models
 * with two layers, the last layer's readout is forward's own logits (to float rounding: an
 * untraced forward may fuse attention); a lower layer's
 * is the model's output path applied to that layer's states, built here by hand from the
 * parameters (generator, Bahdanau's [s; c], Luong's tanh(W_c [c; s]), a Transformer's final
 * decoder norm); and it differs from the top layer's (it did read the lower states).
 */
import assert from "node:assert/strict";
import { ops, Tensor, tidy } from "../../src/engine/mod.ts";
import { makeModel } from "../../src/models/make_model.ts";
import type { Seq2Seq } from "../../src/models/model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { TraceRecorder } from "../../src/models/trace.ts";
import { EMBED_LAYER, gptLens, seq2seqLens } from "../../src/models/logit_lens.ts";
import { makeSourceBatch } from "../../src/models/decode/greedy.ts";
import type { RnnAttention, RnnConfig } from "../../src/models/config.ts";
import { cpuBackend } from "../support/backends.ts";
import { assertClose } from "../support/assert_close.ts";
import { disposeModel } from "../support/models.ts";
import { tinyRnn, tinyTransformer } from "../support/tiny_models.ts";
import { disposeGpt, randomGpt, tinyConfig } from "./gpt_support.ts";

const backend = cpuBackend;
const source = [4, 7, 5, 9, 2];
const target = [1, 6, 4, 8, 5];

async function read(t: Tensor): Promise<Float32Array> {
  const values = await t.toArray();
  t.dispose();
  return values;
}

/**
 * Lens rows of a Seq2Seq model on the fixed batch, forward's logits (untraced: attention may
 * take a fused path there) and `hand(trace)`, computed from a traced forward pass's records.
 */
async function lensAndForward(model: Seq2Seq, hand: (trace: TraceRecorder) => Tensor) {
  const batch = makeSourceBatch(backend, [source]);
  const tgtIn = Tensor.from(backend, target, [1, target.length]);
  const rows = seq2seqLens(model, { ...batch, tgtIn });
  const forward = await read(tidy(() => model.forward({ ...batch, tgtIn })));
  const expected = await read(tidy(() => {
    const trace = new TraceRecorder({ headOutputs: true });
    model.forward({ ...batch, tgtIn }, { trace });
    return hand(trace);
  }));
  const layers = await Promise.all(
    rows.map(async (r) => ({ layer: r.layer, v: await read(r.logits) })),
  );
  batch.src.dispose();
  tgtIn.dispose();
  return { layers, forward, expected };
}

/** The output path by hand from the parameters, on states s [1, T, H] and context c [1, T, H]. */
function handReadout(model: Seq2Seq, attention: RnnAttention, s: Tensor, c: Tensor): Tensor {
  const p = (name: string) => model.params.get(name)!;
  const generate = (x: Tensor) => ops.linear(x, p("generator.weight"), p("generator.bias"));
  if (attention === "none") return generate(s);
  if (attention === "bahdanau") return generate(ops.concat([s, c], -1));
  return generate(ops.tanh(ops.linear(ops.concat([c, s], -1), p("attention.combine.weight"))));
}

const rnnKinds: { arch: RnnConfig["arch"]; attention: RnnAttention }[] = [
  { arch: "gru", attention: "none" },
  { arch: "gru", attention: "bahdanau" },
  { arch: "gru", attention: "luong-general" },
  { arch: "lstm", attention: "luong-dot" },
  { arch: "lstm", attention: "bahdanau" },
];

for (const { arch, attention } of rnnKinds) {
  Deno.test(`RNN lens (${arch}, ${attention}, 2 layers): the top row is forward's logits, layer 0 reads layer 0`, async () => {
    const model = makeModel(
      tinyRnn({ arch, attention, layers: 2 }),
      new ParamStore(backend, { seed: 5 }),
    );
    const { layers, forward, expected } = await lensAndForward(model, (trace) => {
      const states = trace.hidden.find((r) => r.where === "decoder" && r.layer === 0)!.values;
      const context = trace.headOutputs?.find((r) => r.kind === "alignment")?.merged ??
        Tensor.full(backend, states.shape, 0); // none: no context (unused)
      return handReadout(model, attention, states, context); // [1, T, Vt]
    });
    assert.deepEqual(layers.map((l) => l.layer), [0, 1]);
    assertClose(layers[1].v, forward, { atol: 1e-6 }); // the model's own output
    assertClose(layers[0].v, expected, { atol: 1e-6 });
    assert.notDeepEqual(layers[0].v, layers[1].v, "layer 0's readout is not the top layer's");
    disposeModel(model);
  });
}

Deno.test("Transformer lens (2 decoder layers): embedding row, then the layers; the top is forward's", async () => {
  const model = makeModel(
    tinyTransformer({ decoderLayers: 2 }),
    new ParamStore(backend, { seed: 3 }),
  );
  const p = (name: string) => model.params.get(name)!;
  const { layers, forward, expected } = await lensAndForward(model, (trace) => {
    // Layer 0 by hand: the final decoder norm, then the generator.
    const h = trace.hidden.find((r) => r.where === "decoder" && r.layer === 0)!.values; // [1, T, d]
    const norm = ops.layerNorm(
      h,
      p("transformer.decoder.norm.weight"),
      p("transformer.decoder.norm.bias"),
    );
    return ops.linear(norm, p("generator.weight"), p("generator.bias")); // [1, T, Vt]
  });
  assert.deepEqual(layers.map((l) => l.layer), [EMBED_LAYER, 0, 1]);
  assertClose(layers[2].v, forward, { atol: 1e-6 });
  assertClose(layers[1].v, expected, { atol: 1e-6 });
  assert.notDeepEqual(layers[1].v, layers[2].v);
  disposeModel(model);
});

Deno.test("GPT lens: the embedding row and every block; the last is forward's logits", async () => {
  const model = randomGpt(backend, tinyConfig({ dModel: 8, heads: 2, layers: 2, ffn: 16 }), 4);
  const ids = Tensor.from(backend, [1, 5, 3, 6, 2], [1, 5]);
  const rows = gptLens(model, ids);
  assert.deepEqual(rows.map((r) => r.layer), [EMBED_LAYER, 0, 1]);
  const forward = await read(tidy(() => model.forward(ids)));
  const values = await Promise.all(rows.map((r) => read(r.logits)));
  assertClose(values[2], forward, { atol: 1e-6 }); // untraced forward: maybe a fused attention
  assert.notDeepEqual(values[1], values[2]);
  ids.dispose();
  disposeGpt(model);
});
