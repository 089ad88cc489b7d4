/**
 * Head ablation (src/models/intervention.ts) against hand-built equivalents: switching head i
 * off before W^O must equal a model whose W^O has head i's input columns zeroed (zero
 * ablation) and, for mean ablation, whose W^O bias also absorbs W^O m_i; an ablation of no
 * head changes nothing; every head of a layer switched off (with a zero W^O bias) equals the
 * residual stream without that attention sublayer. On a GPT, the encoder-decoder Transformer's
 * three attention sites and an RNN's attention (its context vector), on the cpu backend.
 */
import assert from "node:assert/strict";
import { ops, Tensor, tidy } from "../../src/engine/mod.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { type RnnConfig, rnnDefaults, transformerDefaults } from "../../src/models/config.ts";
import { HeadAblation, type HeadRef } from "../../src/models/intervention.ts";
import { makeModel } from "../../src/models/make_model.ts";
import type { ForwardOptions, Seq2Seq } from "../../src/models/model.ts";
import { DropoutRun } from "../../src/models/layers/dropout.ts";
import { TraceRecorder } from "../../src/models/trace.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import type { Gpt } from "../../src/models/gpt.ts";
import { cpuBackend } from "../support/backends.ts";
import { assertClose } from "../support/assert_close.ts";
import { disposeModel } from "../support/models.ts";
import { disposeGpt, randomGpt, tinyConfig } from "./gpt_support.ts";

const backend: Backend = cpuBackend;
const ids = [1, 5, 3, 6, 2, 4];

/** A 2-layer GPT, d 8, 2 heads of width 4, every parameter random. */
function gpt(): Gpt {
  return randomGpt(backend, tinyConfig({ dModel: 8, heads: 2, layers: 2, ffn: 16 }), 3);
}

async function gptLogits(model: Gpt, options: ForwardOptions = {}): Promise<Float32Array> {
  const logits = tidy(() => model.forward(Tensor.from(backend, ids, [1, ids.length]), options));
  const values = await logits.toArray();
  logits.dispose();
  return values;
}

/** Rewrites a parameter in place: fn gets its values (row-major) and its shape. */
async function edit(
  params: ReadonlyMap<string, Tensor>,
  name: string,
  fn: (values: Float32Array, shape: readonly number[]) => void,
): Promise<void> {
  const p = params.get(name);
  assert.ok(p, `a parameter ${name}`);
  const values = await p.toArray();
  fn(values, p.shape);
  const src = Tensor.from(backend, values, p.shape);
  ops.assign(p, src);
  src.dispose();
}

/** Zeroes input columns from..to of a [out, in] weight. */
function zeroColumns(from: number, to: number) {
  return (w: Float32Array, [, cols]: readonly number[]) => {
    for (let r = 0; r < w.length / cols; r++) w.fill(0, r * cols + from, r * cols + to);
  };
}

Deno.test("ablating no head changes no logit (bit for bit)", async () => {
  const model = gpt();
  const plain = await gptLogits(model);
  const ablation = new HeadAblation([]);
  assert.deepEqual(await gptLogits(model, { ablation }), plain);
  ablation.dispose();
  disposeGpt(model);
});

Deno.test("GPT: zero-ablating head 1 of layer 0 equals zeroing its columns of W^O", async () => {
  const model = gpt();
  const ablation = new HeadAblation([{ site: "decoder", layer: 0, head: 1 }]);
  const ablated = await gptLogits(model, { ablation });
  assert.notDeepEqual(ablated, await gptLogits(model), "the head mattered");
  await edit(model.params, "blocks.layers.0.self_attn.out_proj.weight", zeroColumns(4, 8));
  assertClose(ablated, await gptLogits(model), { atol: 1e-5 });
  ablation.dispose();
  disposeGpt(model);
});

Deno.test("GPT: mean ablation equals W^O without the head's columns and b^O + W^O m", async () => {
  const model = gpt();
  // The reference mean: head 0 of layer 1's outputs over every position of the sequence.
  const recorded = tidy(() => {
    const trace = new TraceRecorder({ headOutputs: true });
    model.forward(Tensor.from(backend, ids, [1, ids.length]), { trace });
    return trace.headOutputs!.find((r) => r.kind === "decoder" && r.layer === 1)!.merged;
  });
  const merged = await recorded.toArray(); // [1, T, 8]
  recorded.dispose();
  const mean = new Float32Array(8);
  for (let t = 0; t < ids.length; t++) {
    for (let j = 0; j < 8; j++) mean[j] += merged[t * 8 + j] / ids.length;
  }
  const ablation = new HeadAblation(
    [{ site: "decoder", layer: 1, head: 0 }],
    new Map([["decoder.1", mean]]),
  );
  const ablated = await gptLogits(model, { ablation });
  const prefix = "blocks.layers.1.self_attn.out_proj";
  const w = await model.params.get(`${prefix}.weight`)!.toArray(); // [8, 8]
  await edit(model.params, `${prefix}.bias`, (b) => {
    for (let r = 0; r < 8; r++) for (let j = 0; j < 4; j++) b[r] += w[r * 8 + j] * mean[j];
  });
  await edit(model.params, `${prefix}.weight`, zeroColumns(0, 4));
  assertClose(ablated, await gptLogits(model), { atol: 1e-5 });
  ablation.dispose();
  disposeGpt(model);
});

Deno.test("GPT: every head of layer 1 off (b^O = 0) is the stream without that attention", async () => {
  const model = gpt();
  await edit(model.params, "blocks.layers.1.self_attn.out_proj.bias", (b) => b.fill(0));
  const heads: HeadRef[] = [0, 1].map((head) => ({ site: "decoder", layer: 1, head }));
  const ablation = new HeadAblation(heads);
  const ablated = await gptLogits(model, { ablation });
  // By hand: h_0, block 0 whole, then block 1's FFN sublayer only, LN_f, unembedding.
  const run = new DropoutRun();
  const byHand = tidy(() => {
    const x0 = ops.add(
      model.tokEmbed.forward(Tensor.from(backend, ids, [1, ids.length])),
      ops.slice(model.posEmbed!.weight, 0, 0, ids.length),
    );
    const x1 = model.blocks[0].forward(x0, 0, { run, rotary: false });
    const block = model.blocks[1];
    const x2 = block.sublayer[1].forward(x1, (h) => block.ff!.forward(h, run), run);
    return model.readout(x2);
  });
  assertClose(ablated, await byHand.toArray(), { atol: 1e-5 });
  byHand.dispose();
  ablation.dispose();
  disposeGpt(model);
});

Deno.test("a head outside the layer's range is refused with what was expected", async () => {
  const model = gpt();
  const ablation = new HeadAblation([{ site: "decoder", layer: 0, head: 2 }]);
  await assert.rejects(
    () => gptLogits(model, { ablation }),
    /expected a head in 0\.\.1 of decoder\.0, got 2/,
  );
  ablation.dispose();
  disposeGpt(model);
});

/** Teacher-forced logits of a Seq2Seq model on one sentence pair. */
async function seq2seqLogits(model: Seq2Seq, options: ForwardOptions = {}): Promise<Float32Array> {
  const logits = tidy(() =>
    model.forward({
      src: Tensor.from(backend, [4, 7, 5, 2], [1, 4]),
      srcLengths: [4],
      tgtIn: Tensor.from(backend, [1, 6, 3, 8], [1, 4]),
    }, options)
  );
  const values = await logits.toArray();
  logits.dispose();
  return values;
}

Deno.test("Transformer: each site's head ablation equals zeroing that attention's W^O columns", async () => {
  const config = {
    ...transformerDefaults,
    srcVocab: 9,
    tgtVocab: 9,
    dModel: 8,
    heads: 2,
    ffn: 16,
    maxLen: 8,
    dropout: 0,
  };
  const names = {
    encoder: "transformer.encoder.layers.1.self_attn",
    decoder: "transformer.decoder.layers.0.self_attn",
    cross: "transformer.decoder.layers.1.multihead_attn",
  } as const;
  const layers = { encoder: 1, decoder: 0, cross: 1 } as const;
  for (const site of ["encoder", "decoder", "cross"] as const) {
    const model = makeModel(config, new ParamStore(backend, { seed: 5 })) as Seq2Seq;
    const ablation = new HeadAblation([{ site, layer: layers[site], head: 0 }]);
    const ablated = await seq2seqLogits(model, { ablation });
    assert.notDeepEqual(ablated, await seq2seqLogits(model), `${site}: the head mattered`);
    await edit(model.params, `${names[site]}.out_proj.weight`, zeroColumns(0, 4));
    assertClose(ablated, await seq2seqLogits(model), { atol: 1e-5 });
    ablation.dispose();
    disposeModel(model);
  }
});

Deno.test("RNN: ablating the attention zeroes c_t (Luong: W_c's context half, Bahdanau: both uses)", async () => {
  const H = 6;
  const base = { ...rnnDefaults, srcVocab: 9, tgtVocab: 9, embed: 5, hidden: H, dropout: 0 };
  const cases: [RnnConfig["attention"], [string, number, number][]][] = [
    ["luong-general", [["attention.combine.weight", 0, H]]],
    ["bahdanau", [["decoder.weight_ih_l0", 5, 5 + H], ["generator.weight", H, 2 * H]]],
  ];
  for (const [attention, zeroed] of cases) {
    const model = makeModel(
      { ...base, attention } as RnnConfig,
      new ParamStore(backend, { seed: 2 }),
    );
    const ablation = new HeadAblation([{ site: "alignment", layer: 0, head: 0 }]);
    const ablated = await seq2seqLogits(model as Seq2Seq, { ablation });
    assert.notDeepEqual(ablated, await seq2seqLogits(model as Seq2Seq), `${attention} mattered`);
    for (const [name, from, to] of zeroed) await edit(model.params, name, zeroColumns(from, to));
    assertClose(ablated, await seq2seqLogits(model as Seq2Seq), { atol: 1e-5 });
    ablation.dispose();
    disposeModel(model as Seq2Seq);
  }
});
