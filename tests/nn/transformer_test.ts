/**
 * The Transformer encoder-decoder: PyTorch parameter names, the causal mask,
 * permutation equivariance without positions, padding invariance, decoding
 * consistency, webgpu against cpu, and a copy task that trains.
 */
import assert from "node:assert/strict";
import { ops } from "../../src/engine/mod.ts";
import { Tape, Tensor, tidy } from "../../src/engine/mod.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { Adam } from "../../src/engine/optim/adam.ts";
import { type TransformerConfig, transformerDefaults } from "../../src/models/config.ts";
import { BOS, EOS, PAD } from "../../src/data/vocab.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { TraceRecorder } from "../../src/models/trace.ts";
import { Transformer } from "../../src/models/transformer.ts";
import { Rng } from "../../src/engine/random.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";
import { assertClose } from "../support/assert_close.ts";
import { disposeModel } from "../support/models.ts";

/** A small model: d 16, 2 heads, 2 + 2 layers, vocabularies of 12 and 10. */
function tinyConfig(overrides: Partial<TransformerConfig> = {}): TransformerConfig {
  return {
    ...transformerDefaults,
    srcVocab: 12,
    tgtVocab: 10,
    dModel: 16,
    heads: 2,
    ffn: 32,
    maxLen: 16,
    dropout: 0,
    ...overrides,
  };
}

function makeTransformer(
  backend: Backend,
  overrides: Partial<TransformerConfig> = {},
  seed = 7,
): Transformer {
  return new Transformer(tinyConfig(overrides), new ParamStore(backend, { seed }));
}

/** Right-pads rows of ids with <pad> into a [B, T] tensor. */
function padded(backend: Backend, rows: number[][]): Tensor {
  const t = Math.max(...rows.map((r) => r.length));
  const flat = rows.flatMap((r) => [...r, ...Array(t - r.length).fill(PAD)]);
  return Tensor.from(backend, flat, [rows.length, t]);
}

/** Logits [B, T, Vt] of a teacher-forced forward, read back. */
async function logitsOf(
  model: Transformer,
  src: number[][],
  tgtIn: number[][],
): Promise<Float32Array> {
  const backend = model.srcEmbed.weight.backend;
  const logits = tidy(() =>
    model.forward({
      src: padded(backend, src),
      srcLengths: src.map((r) => r.length),
      tgtIn: padded(backend, tgtIn),
    })
  );
  const values = await logits.toArray();
  logits.dispose();
  return values;
}

Deno.test("Transformer parameters carry torch.nn.Transformer's state_dict names and shapes", () => {
  const model = makeTransformer(cpuBackend, {
    encoderLayers: 1,
    decoderLayers: 1,
    pe: "learned",
  });
  const d = 16;
  const attention = (p: string) => [
    [`${p}.in_proj_weight`, [3 * d, d]],
    [`${p}.in_proj_bias`, [3 * d]],
    [`${p}.out_proj.weight`, [d, d]],
    [`${p}.out_proj.bias`, [d]],
  ];
  const ffn = (p: string) => [
    [`${p}.linear1.weight`, [32, d]],
    [`${p}.linear1.bias`, [32]],
    [`${p}.linear2.weight`, [d, 32]],
    [`${p}.linear2.bias`, [d]],
  ];
  const norm = (p: string) => [[`${p}.weight`, [d]], [`${p}.bias`, [d]]];
  const enc = "transformer.encoder.layers.0";
  const dec = "transformer.decoder.layers.0";
  const expected = [
    ["src_embed.weight", [12, d]],
    ["tgt_embed.weight", [10, d]],
    ["pos_embed.weight", [16, d]],
    ...attention(`${enc}.self_attn`),
    ...ffn(enc),
    ...norm(`${enc}.norm1`),
    ...norm(`${enc}.norm2`),
    ...norm("transformer.encoder.norm"),
    ...attention(`${dec}.self_attn`),
    ...attention(`${dec}.multihead_attn`),
    ...ffn(dec),
    ...norm(`${dec}.norm1`),
    ...norm(`${dec}.norm2`),
    ...norm(`${dec}.norm3`),
    ...norm("transformer.decoder.norm"),
    ["generator.weight", [10, d]],
    ["generator.bias", [10]],
  ];
  const actual = [...model.params].map(([name, t]) => [name, [...t.shape]]);
  assert.deepEqual(actual, expected);
  disposeModel(model);
});

Deno.test("a Transformer with sinusoidal or rope positions has no pos_embed parameter", () => {
  for (const pe of ["sinusoidal", "rope", "none"] as const) {
    const model = makeTransformer(cpuBackend, { pe });
    assert.ok(!model.params.has("pos_embed.weight"), pe);
    disposeModel(model);
  }
});

Deno.test("a causal decoder: outputs at positions <= p ignore target tokens after p (bit-exact, cpu)", async () => {
  for (const pe of ["sinusoidal", "rope"] as const) {
    for (const norm of ["pre", "post"] as const) {
      const model = makeTransformer(cpuBackend, { pe, norm });
      const src = [[4, 5, 6, 7, EOS]];
      const a = await logitsOf(model, src, [[BOS, 4, 5, 6, 7, 8]]);
      const b = await logitsOf(model, src, [[BOS, 4, 5, 9, 3, 4]]); // changed after p = 2
      const v = 10;
      const p = 2;
      assert.deepEqual(a.slice(0, (p + 1) * v), b.slice(0, (p + 1) * v), `${pe} ${norm}`);
      assert.notDeepEqual(a.slice((p + 1) * v), b.slice((p + 1) * v), "later positions change");
      disposeModel(model);
    }
  }
});

Deno.test("an encoder without positional encoding is permutation-equivariant", async () => {
  const model = makeTransformer(cpuBackend, { pe: "none" });
  const tokens = [4, 5, 6, 7, 8, 9, EOS];
  const perm = [3, 0, 6, 1, 5, 2, 4]; // position i of the permuted input holds tokens[perm[i]]
  const encode = async (ids: number[]) => {
    const memory = tidy(() =>
      model.encode({ src: padded(cpuBackend, [ids]), srcLengths: [ids.length] })
    );
    const values = await memory.toArray();
    memory.dispose();
    return values;
  };
  const d = 16;
  const original = await encode(tokens);
  const permuted = await encode(perm.map((i) => tokens[i]));
  const expected = perm.flatMap((i) => [...original.slice(i * d, (i + 1) * d)]);
  assertClose(permuted, expected, { rtol: 0, atol: 1e-5 });
  // With sinusoidal positions the same permutation changes the outputs.
  const positional = makeTransformer(cpuBackend, { pe: "sinusoidal" });
  const withPe = async (ids: number[]) => {
    const m = tidy(() =>
      positional.encode({ src: padded(cpuBackend, [ids]), srcLengths: [ids.length] })
    );
    const values = await m.toArray();
    m.dispose();
    return values;
  };
  const o2 = await withPe(tokens);
  const p2 = await withPe(perm.map((i) => tokens[i]));
  assert.throws(() =>
    assertClose(p2, perm.flatMap((i) => [...o2.slice(i * d, (i + 1) * d)]), { atol: 1e-5 })
  );
  disposeModel(model);
  disposeModel(positional);
});

Deno.test("padded batch rows give the same logits as the rows run alone", async () => {
  for (const pe of ["sinusoidal", "learned", "rope", "none"] as const) {
    for (const norm of ["pre", "post"] as const) {
      const model = makeTransformer(cpuBackend, { pe, norm });
      const src = [[4, 5, 6, 7, 8, EOS], [9, 10, EOS], [6, EOS]];
      const tgt = [[BOS, 4, 5, 6], [BOS, 7], [BOS, 8, 9]];
      const batch = await logitsOf(model, src, tgt);
      const v = 10;
      const t = 4;
      for (let b = 0; b < src.length; b++) {
        const alone = await logitsOf(model, [src[b]], [tgt[b]]);
        const rows = batch.slice(b * t * v, (b * t + tgt[b].length) * v);
        assertClose(rows, alone, { rtol: 1e-5, atol: 1e-6, what: `${pe} ${norm} row ${b}` });
      }
      disposeModel(model);
    }
  }
});

Deno.test("decodeStep() equals the last position of forward(); selectRows() reorders the state", async () => {
  const model = makeTransformer(cpuBackend, { pe: "rope", norm: "post" });
  const src = [[4, 5, 6, 7, EOS], [9, 10, EOS]];
  const prefix = [[BOS, 4, 5], [BOS, 7, 8]];
  const full = await logitsOf(model, src, prefix); // [2, 3, 10]
  const [step, swapped] = tidy(() => {
    const state = model.startDecoding({
      src: padded(cpuBackend, src),
      srcLengths: src.map((r) => r.length),
    });
    const step = model.decodeStep(state, padded(cpuBackend, prefix)); // [2, 10]
    const reordered = model.selectRows(state, Tensor.from(cpuBackend, [1, 0, 1], [3]));
    const swapped = model.decodeStep(
      reordered,
      padded(cpuBackend, [prefix[1], prefix[0], prefix[1]]),
    ); // [3, 10]
    return [step, swapped];
  });
  assert.deepEqual(step.shape, [2, 10]);
  const last = (b: number) => full.slice((b * 3 + 2) * 10, (b * 3 + 3) * 10);
  const s = await step.toArray();
  assertClose(s, [...last(0), ...last(1)], { rtol: 1e-5, atol: 1e-6 });
  assertClose(await swapped.toArray(), [...last(1), ...last(0), ...last(1)], {
    rtol: 1e-5,
    atol: 1e-6,
  });
  step.dispose();
  swapped.dispose();
  disposeModel(model);
});

Deno.test("the trace holds every layer's hidden states [B, T, d] for encoder and decoder", () => {
  const model = makeTransformer(cpuBackend);
  const trace = new TraceRecorder();
  tidy(() => {
    model.forward({
      src: padded(cpuBackend, [[4, 5, EOS]]),
      srcLengths: [3],
      tgtIn: padded(cpuBackend, [[BOS, 4]]),
    }, { trace });
  });
  const hidden = trace.hidden.map((h) => `${h.where}${h.layer} [${h.values.shape.join(", ")}]`);
  assert.deepEqual(hidden, [
    "encoder0 [1, 3, 16]",
    "encoder1 [1, 3, 16]",
    "decoder0 [1, 2, 16]",
    "decoder1 [1, 2, 16]",
  ]);
  disposeModel(model);
});

Deno.test("training mode applies dropout reproducibly from the seed; gradients reach every parameter", async () => {
  const model = makeTransformer(cpuBackend, { dropout: 0.3, pe: "learned", norm: "post" });
  const batch = () => ({
    src: padded(cpuBackend, [[4, 5, 6, EOS], [7, EOS]]),
    srcLengths: [4, 2],
    tgtIn: padded(cpuBackend, [[BOS, 4, 5], [BOS, 6]]),
  });
  const run = async (options: { training: boolean; seed?: number }) => {
    const logits = tidy(() => model.forward(batch(), options));
    const values = await logits.toArray();
    logits.dispose();
    return values;
  };
  const inference = await run({ training: false });
  const a = await run({ training: true, seed: 1 });
  assert.deepEqual(a, await run({ training: true, seed: 1 }));
  assert.notDeepEqual(a, await run({ training: true, seed: 2 }));
  assert.notDeepEqual(a, inference);
  const norms = await tidy(() => {
    const tape = new Tape();
    const b = batch();
    const loss = tape.record(() =>
      ops.crossEntropy(
        model.forward(b, { training: true, seed: 3 }),
        padded(cpuBackend, [[4, 5, EOS], [6, EOS]]),
      )
    );
    const params = [...model.params.values()];
    const grads = tape.backward(loss, params);
    return params.map((p) => ops.sum(ops.square(grads.get(p)!)));
  }).reduce(async (acc, t) => {
    const list = await acc;
    list.push((await t.toArray())[0]);
    t.dispose();
    return list;
  }, Promise.resolve([] as number[]));
  const names = [...model.params.keys()];
  norms.forEach((n, i) => assert.ok(n > 0, `${names[i]} gets no gradient`));
  disposeModel(model);
});

/** Copy task batches: random strings of symbols 4..9 of length 2..5. */
function copyBatch(
  rng: Rng,
  size: number,
): { src: number[][]; tgtIn: number[][]; tgtOut: number[][] } {
  const src: number[][] = [];
  const tgtIn: number[][] = [];
  const tgtOut: number[][] = [];
  for (let i = 0; i < size; i++) {
    const tokens = Array.from({ length: 2 + rng.int(4) }, () => 4 + rng.int(6));
    src.push([...tokens, EOS]);
    tgtIn.push([BOS, ...tokens]);
    tgtOut.push([...tokens, EOS]);
  }
  return { src, tgtIn, tgtOut };
}

Deno.test("a tiny Transformer learns to copy: the loss falls over 40 Adam steps (cpu)", async () => {
  const model = makeTransformer(cpuBackend, {
    encoderLayers: 1,
    decoderLayers: 1,
    dModel: 32,
    heads: 2,
    ffn: 64,
  }, 1);
  const params = [...model.params.values()];
  const adam = new Adam(params, { lr: 3e-3, clipNorm: 1 });
  const rng = new Rng(42);
  const losses: number[] = [];
  for (let step = 0; step < 40; step++) {
    const data = copyBatch(rng, 16);
    const loss = tidy(() => {
      const tape = new Tape();
      const batch = {
        src: padded(cpuBackend, data.src),
        srcLengths: data.src.map((r) => r.length),
        tgtIn: padded(cpuBackend, data.tgtIn),
      };
      const targets = padded(cpuBackend, data.tgtOut);
      const loss = tape.record(() => ops.crossEntropy(model.forward(batch), targets));
      adam.step(tape.backward(loss, params));
      return loss;
    });
    losses.push((await loss.toArray())[0]);
    loss.dispose();
  }
  const first = (losses[0] + losses[1] + losses[2]) / 3;
  const last = (losses[37] + losses[38] + losses[39]) / 3;
  assert.ok(first > 1.5, `an untrained model should be near ln 10 = 2.3, got ${first}`);
  assert.ok(last < 0.6 * first, `loss fell from ${first.toFixed(3)} only to ${last.toFixed(3)}`);
  adam.dispose();
  disposeModel(model);
});

Deno.test({
  name: "webgpu equals cpu on whole Transformer forwards (pre/post norm, every positional kind)",
  ...gpuTest,
  fn: async () => {
    const src = [[4, 5, 6, 7, 8, EOS], [9, 10, EOS]];
    const tgt = [[BOS, 4, 5, 6], [BOS, 7]];
    for (const pe of ["sinusoidal", "learned", "rope", "none"] as const) {
      for (const norm of ["pre", "post"] as const) {
        const overrides = { pe, norm, activation: norm === "pre" ? "gelu" : "relu" } as const;
        const onCpu = makeTransformer(cpuBackend, overrides);
        const onGpu = makeTransformer(webgpuOrThrow(), overrides);
        const expected = await logitsOf(onCpu, src, tgt);
        const actual = await logitsOf(onGpu, src, tgt);
        assertClose(actual, expected, { rtol: 1e-4, atol: 1e-4, what: `${pe} ${norm}` });
        disposeModel(onCpu);
        disposeModel(onGpu);
      }
    }
  },
});

Deno.test({
  name: "webgpu equals cpu on a whole Transformer training step's gradients (with dropout)",
  ...gpuTest,
  fn: async () => {
    const gradientsOn = async (backend: Backend) => {
      const model = makeTransformer(backend, { pe: "rope", norm: "post", dropout: 0.2 });
      const params = [...model.params.values()];
      const grads = tidy(() => {
        const tape = new Tape();
        const batch = {
          src: padded(backend, [[4, 5, 6, 7, EOS], [8, EOS]]),
          srcLengths: [5, 2],
          tgtIn: padded(backend, [[BOS, 4, 5, 6], [BOS, 8]]),
        };
        const targets = padded(backend, [[4, 5, 6, EOS], [8, EOS]]);
        const loss = tape.record(() =>
          ops.crossEntropy(model.forward(batch, { training: true, seed: 11 }), targets)
        );
        const grads = tape.backward(loss, params);
        return params.map((p) => grads.get(p)!);
      });
      const values = await Promise.all(grads.map((g) => g.toArray()));
      for (const g of grads) g.dispose();
      const names = [...model.params.keys()];
      disposeModel(model);
      return { names, values };
    };
    const expected = await gradientsOn(cpuBackend);
    const actual = await gradientsOn(webgpuOrThrow());
    expected.values.forEach((e, i) => {
      assertClose(actual.values[i], e, { rtol: 1e-3, atol: 1e-5, what: expected.names[i] });
    });
  },
});
