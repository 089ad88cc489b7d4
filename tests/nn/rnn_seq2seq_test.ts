/**
 * The RNN Seq2Seq with every cell and attention: docs/CONTRACT.md's parameter
 * names and shapes, alignment weights (rows sum to 1, padding gets exactly
 * 0), padding that changes nothing, step-by-step decoding that equals teacher
 * forcing, row selection for beam search, webgpu against cpu, and a copy task
 * that trains.
 */
import assert from "node:assert/strict";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { ops } from "../../src/engine/mod.ts";
import { Tape, Tensor, tidy } from "../../src/engine/mod.ts";
import { Adam } from "../../src/engine/optim/adam.ts";
import { type RnnAttention, type RnnConfig, rnnDefaults } from "../../src/models/config.ts";
import { BOS, EOS, PAD } from "../../src/data/vocab.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { RnnSeq2Seq } from "../../src/models/rnn_seq2seq.ts";
import { TraceRecorder } from "../../src/models/trace.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";
import { disposeModel } from "../support/models.ts";

const ARCHS = ["gru", "lstm"] as const;
const ATTENTIONS: RnnAttention[] = ["none", "bahdanau", "luong-dot", "luong-general"];
const COMBOS = ARCHS.flatMap((arch) => ATTENTIONS.map((attention) => ({ arch, attention })));

const SIZES = { srcVocab: 11, tgtVocab: 13, embed: 6, hidden: 8, layers: 2 };

function configOf(arch: "gru" | "lstm", attention: RnnAttention, extra: Partial<RnnConfig> = {}) {
  return { ...rnnDefaults, ...SIZES, arch, attention, dropout: 0, ...extra } as RnnConfig;
}

function makeModel(
  backend: Backend,
  arch: "gru" | "lstm",
  attention: RnnAttention,
  options: { seed?: number; config?: Partial<RnnConfig> } = {},
): RnnSeq2Seq {
  const store = new ParamStore(backend, { seed: options.seed ?? 1 });
  const model = new RnnSeq2Seq(configOf(arch, attention, options.config), store);
  store.finish();
  return model;
}

/** Host-side batch: sources get <eos>, decoder inputs <bos>, both right-padded with <pad>. */
function hostBatch(sources: number[][], targets: number[][]) {
  const S = Math.max(...sources.map((s) => s.length)) + 1;
  const T = Math.max(...targets.map((t) => t.length)) + 1;
  const src = sources.flatMap((s) => [...s, EOS, ...new Array(S - s.length - 1).fill(PAD)]);
  const tgtIn = targets.flatMap((t) => [BOS, ...t, ...new Array(T - t.length - 1).fill(PAD)]);
  const tgtOut = targets.flatMap((t) => [...t, EOS, ...new Array(T - t.length - 1).fill(PAD)]);
  return {
    B: sources.length,
    S,
    T,
    src,
    tgtIn,
    tgtOut,
    srcLengths: sources.map((s) => s.length + 1),
    tgtLengths: targets.map((t) => t.length + 1),
  };
}
type HostBatch = ReturnType<typeof hostBatch>;

function deviceBatch(backend: Backend, h: HostBatch) {
  return {
    src: Tensor.from(backend, h.src, [h.B, h.S]),
    srcLengths: h.srcLengths,
    tgtIn: Tensor.from(backend, h.tgtIn, [h.B, h.T]),
    tgtOut: Tensor.from(backend, h.tgtOut, [h.B, h.T]),
  };
}

const SOURCES = [[4, 5, 6, 7, 8], [9, 4], [10, 5, 4]];
const TARGETS = [[5, 6, 7], [8, 9, 10, 11, 12], [4]];

/** Teacher-forced logits [B, T, V] on the host, with an optional trace. */
async function forwardLogits(
  model: RnnSeq2Seq,
  h: HostBatch,
  trace?: TraceRecorder,
): Promise<Float32Array> {
  const backend = model.params.values().next().value!.backend;
  // The trace's tensors leave the scope with the logits; the caller reads and disposes them.
  const { logits } = tidy(() => ({
    logits: model.forward(deviceBatch(backend, h), { trace }),
    traced: [
      ...(trace?.hidden.map((r) => r.values) ?? []),
      ...(trace?.attention ?? []).map((r) => r.weights),
    ],
  }));
  const values = await logits.toArray();
  logits.dispose();
  return values;
}

/** Logits [B, T, V] from startDecoding + decodeStep fed the teacher's tokens. */
async function steppedLogits(model: RnnSeq2Seq, h: HostBatch): Promise<Float32Array> {
  const backend = model.params.values().next().value!.backend;
  const steps = tidy(() => {
    const batch = deviceBatch(backend, h);
    const state = model.startDecoding(batch);
    const out: Tensor[] = [];
    for (let t = 0; t < h.T; t++) {
      out.push(model.decodeStep(state, ops.slice(batch.tgtIn, 1, 0, t + 1))); // [B, V]
    }
    return out;
  });
  const values = await Promise.all(steps.map((t) => t.toArray()));
  for (const t of steps) t.dispose();
  const V = SIZES.tgtVocab;
  const out = new Float32Array(h.B * h.T * V);
  values.forEach((v, t) => {
    for (let b = 0; b < h.B; b++) out.set(v.subarray(b * V, (b + 1) * V), (b * h.T + t) * V);
  });
  return out;
}

Deno.test("RnnSeq2Seq names and shapes its parameters as docs/CONTRACT.md", () => {
  const shapes = (arch: "gru" | "lstm", attention: RnnAttention) => {
    const model = makeModel(cpuBackend, arch, attention, { config: { layers: 1 } });
    const out = Object.fromEntries([...model.params].map(([n, t]) => [n, [...t.shape]]));
    disposeModel(model);
    return out;
  };
  const { srcVocab: Vs, tgtVocab: Vt, embed: E, hidden: H } = SIZES;
  const rnn = (prefix: string, gates: number, input: number) => ({
    [`${prefix}.weight_ih_l0`]: [gates * H, input],
    [`${prefix}.weight_hh_l0`]: [gates * H, H],
    [`${prefix}.bias_ih_l0`]: [gates * H],
    [`${prefix}.bias_hh_l0`]: [gates * H],
  });
  const embeds = { "src_embed.weight": [Vs, E], "tgt_embed.weight": [Vt, E] };
  assert.deepEqual(shapes("gru", "none"), {
    ...embeds,
    ...rnn("encoder", 3, E),
    ...rnn("decoder", 3, E),
    "generator.weight": [Vt, H],
    "generator.bias": [Vt],
  });
  assert.deepEqual(shapes("gru", "bahdanau"), {
    ...embeds,
    ...rnn("encoder", 3, E),
    ...rnn("decoder", 3, E + H),
    "attention.W.weight": [H, H],
    "attention.U.weight": [H, H],
    "attention.U.bias": [H],
    "attention.v.weight": [1, H],
    "generator.weight": [Vt, 2 * H],
    "generator.bias": [Vt],
  });
  assert.deepEqual(shapes("lstm", "luong-general"), {
    ...embeds,
    ...rnn("encoder", 4, E),
    ...rnn("decoder", 4, E),
    "attention.W.weight": [H, H],
    "attention.combine.weight": [H, 2 * H],
    "generator.weight": [Vt, H],
    "generator.bias": [Vt],
  });
  assert.deepEqual(shapes("lstm", "luong-dot"), {
    ...embeds,
    ...rnn("encoder", 4, E),
    ...rnn("decoder", 4, E),
    "attention.combine.weight": [H, 2 * H],
    "generator.weight": [Vt, H],
    "generator.bias": [Vt],
  });
});

Deno.test("RnnSeq2Seq refuses a config it cannot build, and source lengths that do not fit", () => {
  const store = new ParamStore(cpuBackend);
  assert.throws(
    () => new RnnSeq2Seq(configOf("gru", "scaled-dot" as RnnAttention), store),
    /expected attention none, bahdanau, luong-dot, luong-general, got "scaled-dot"/,
  );
  const model = makeModel(cpuBackend, "gru", "bahdanau");
  tidy(() => {
    const src = Tensor.from(cpuBackend, [4, 5, EOS], [1, 3]);
    assert.throws(
      () => model.startDecoding({ src, srcLengths: [4] }),
      /expected 1 source lengths in 1\.\.3, got \[4\]/,
    );
  });
  disposeModel(model);
});

for (const { arch, attention } of COMBOS) {
  const name = `${arch} + ${attention}`;

  if (attention !== "none") {
    Deno.test(`${name}: alignment rows sum to 1 and padded source positions get exactly 0`, async () => {
      const model = makeModel(cpuBackend, arch, attention);
      const h = hostBatch(SOURCES, TARGETS);
      const trace = new TraceRecorder();
      await forwardLogits(model, h, trace);
      assert.equal(trace.attention.length, 1);
      const { kind, layer, weights } = trace.attention[0];
      assert.equal(kind, "alignment");
      assert.equal(layer, 0);
      assert.deepEqual(weights.shape, [h.B, 1, h.T, h.S]);
      const w = await weights.toArray();
      for (let b = 0; b < h.B; b++) {
        for (let t = 0; t < h.T; t++) {
          const row = w.subarray((b * h.T + t) * h.S, (b * h.T + t + 1) * h.S);
          const sum = row.reduce((s, v) => s + v, 0);
          assert.ok(Math.abs(sum - 1) < 1e-5, `row ${b},${t} sums to ${sum}`);
          for (let j = h.srcLengths[b]; j < h.S; j++) assert.equal(row[j], 0);
          for (let j = 0; j < h.srcLengths[b]; j++) assert.ok(row[j] > 0);
        }
      }
      disposeModel(model);
    });
  }

  Deno.test(`${name}: the trace holds every layer's states after every step`, async () => {
    const model = makeModel(cpuBackend, arch, attention);
    const h = hostBatch(SOURCES, TARGETS);
    const trace = new TraceRecorder();
    await forwardLogits(model, h, trace);
    const shapes = trace.hidden.map((r) => `${r.where} ${r.layer} [${r.values.shape}]`);
    const H = SIZES.hidden;
    assert.deepEqual(shapes, [
      `encoder 0 [${h.B},${h.S},${H}]`,
      `encoder 1 [${h.B},${h.S},${H}]`,
      `decoder 0 [${h.B},${h.T},${H}]`,
      `decoder 1 [${h.B},${h.T},${H}]`,
    ]);
    disposeModel(model);
  });

  Deno.test(`${name}: padded batch rows give the same logits as each row alone`, async () => {
    const model = makeModel(cpuBackend, arch, attention);
    const h = hostBatch(SOURCES, TARGETS);
    const batched = await forwardLogits(model, h);
    const V = SIZES.tgtVocab;
    for (let b = 0; b < h.B; b++) {
      const alone = hostBatch([SOURCES[b]], [TARGETS[b]]);
      const single = await forwardLogits(model, alone);
      const valid = h.tgtLengths[b] * V; // positions past the target's <eos> are padding
      assertClose(batched.subarray(b * h.T * V, b * h.T * V + valid), single.subarray(0, valid), {
        what: `row ${b}`,
        rtol: 1e-5,
        atol: 1e-6,
      });
    }
    disposeModel(model);
  });

  Deno.test(`${name}: decodeStep fed the same tokens equals teacher-forced forward`, async () => {
    const model = makeModel(cpuBackend, arch, attention);
    const h = hostBatch(SOURCES, TARGETS);
    assertClose(await steppedLogits(model, h), await forwardLogits(model, h), {
      rtol: 1e-5,
      atol: 1e-6,
    });
    disposeModel(model);
  });

  Deno.test(`${name}: selectRows() reorders the decoding state by batch rows`, async () => {
    const model = makeModel(cpuBackend, arch, attention);
    const h = hostBatch(SOURCES, TARGETS);
    const V = SIZES.tgtVocab;
    const [all, picked] = tidy(() => {
      const batch = deviceBatch(cpuBackend, h);
      const state = model.startDecoding(batch);
      const first = model.decodeStep(state, ops.slice(batch.tgtIn, 1, 0, 1));
      const rows = Tensor.from(cpuBackend, [2, 0, 2], [3]);
      const selected = model.selectRows(state, rows);
      const prefix = Tensor.from(cpuBackend, [BOS, 7, BOS, 7, BOS, 7], [3, 2]);
      return [
        model.decodeStep(state, prefix),
        model.decodeStep(selected, prefix),
        first,
      ];
    });
    const a = await all.toArray();
    const p = await picked.toArray();
    assertClose(p.subarray(0, V), a.subarray(2 * V, 3 * V), { what: "row 0 <- 2" });
    assertClose(p.subarray(V, 2 * V), a.subarray(0, V), { what: "row 1 <- 0" });
    assertClose(p.subarray(2 * V, 3 * V), a.subarray(2 * V, 3 * V), { what: "row 2 <- 2" });
    all.dispose();
    picked.dispose();
    disposeModel(model);
  });
}

for (const { arch, attention } of COMBOS) {
  Deno.test(
    `${arch} + ${attention}: webgpu gives the same logits as cpu, teacher-forced and step by step`,
    gpuTest,
    async () => {
      const h = hostBatch(SOURCES, TARGETS);
      const cpu = makeModel(cpuBackend, arch, attention, { seed: 5 });
      const gpu = makeModel(webgpuOrThrow(), arch, attention, { seed: 5 });
      const trace = new TraceRecorder();
      const expected = await forwardLogits(cpu, h);
      assertClose(await forwardLogits(gpu, h, trace), expected, { rtol: 1e-4, atol: 1e-5 });
      assertClose(await steppedLogits(gpu, h), expected, { rtol: 1e-4, atol: 1e-5 });
      for (const r of trace.hidden) r.values.dispose();
      for (const r of trace.attention) r.weights.dispose();
      disposeModel(cpu);
      disposeModel(gpu);
    },
  );
}

/** Trains on a tiny reverse task; returns the losses read every few steps. */
async function trainReverse(
  backend: Backend,
  arch: "gru" | "lstm",
  attention: RnnAttention,
  steps: number,
): Promise<number[]> {
  const model = makeModel(backend, arch, attention, {
    seed: 2,
    config: { embed: 16, hidden: 32, layers: 1, dropout: 0.1 },
  });
  const params = [...model.params.values()];
  const adam = new Adam(params, { lr: 0.01, clipNorm: 1 });
  // Sequences over tokens 4..10, reversed: a task attention solves by alignment.
  const sources = [[4, 5, 6, 7], [8, 9, 10], [5, 7, 9, 4, 6], [10, 4, 8], [6, 6, 9, 5]];
  const h = hostBatch(sources, sources.map((s) => [...s].reverse()));
  const losses: number[] = [];
  for (let step = 1; step <= steps; step++) {
    const loss = tidy(() => {
      const batch = deviceBatch(backend, h);
      const tape = new Tape();
      const loss = tape.record(() =>
        ops.crossEntropy(model.forward(batch, { training: true, seed: step }), batch.tgtOut)
      );
      adam.step(tape.backward(loss, params));
      return loss;
    });
    if (step === 1 || step % 10 === 0) losses.push((await loss.toArray())[0]);
    loss.dispose();
  }
  adam.dispose();
  disposeModel(model);
  return losses;
}

for (const [arch, attention] of [["gru", "bahdanau"], ["lstm", "luong-general"]] as const) {
  Deno.test(`${arch} + ${attention} learns to reverse short sequences on cpu`, async () => {
    const losses = await trainReverse(cpuBackend, arch, attention, 60);
    const first = losses[0];
    const last = losses[losses.length - 1];
    assert.ok(last < first * 0.1, `loss went from ${first} to ${last}: ${losses.join(", ")}`);
  });
}

type Weights = Map<string, { shape: readonly number[]; data: Float32Array }>;

/** The teacher-forced cross-entropy of a model with parameters `weights`, and its gradients. */
async function lossAndGradients(
  arch: "gru" | "lstm",
  attention: RnnAttention,
  weights: Weights,
  h: HostBatch,
): Promise<{ loss: number; grads: Map<string, Float32Array> }> {
  const model = new RnnSeq2Seq(
    configOf(arch, attention),
    new ParamStore(cpuBackend, { loaded: weights }),
  );
  const params = [...model.params.values()];
  const { loss, grads } = tidy(() => {
    const batch = deviceBatch(cpuBackend, h);
    const tape = new Tape();
    const loss = tape.record(() => ops.crossEntropy(model.forward(batch), batch.tgtOut));
    return { loss, grads: tape.backward(loss, params) };
  });
  const out = new Map<string, Float32Array>();
  for (const [name, p] of model.params) out.set(name, await grads.get(p)!.toArray());
  const value = (await loss.toArray())[0];
  for (const t of [loss, ...grads.values()]) t.dispose();
  disposeModel(model);
  return { loss: value, grads: out };
}

for (const [arch, attention] of [["gru", "bahdanau"], ["lstm", "luong-general"]] as const) {
  Deno.test(`${arch} + ${attention}: gradients agree with finite differences`, async () => {
    const initial = makeModel(cpuBackend, arch, attention, { seed: 9 });
    const weights: Weights = new Map();
    for (const [name, t] of initial.params) {
      weights.set(name, { shape: t.shape, data: await t.toArray() });
    }
    disposeModel(initial);
    const h = hostBatch(SOURCES, TARGETS);
    const { grads } = await lossAndGradients(arch, attention, weights, h);
    const eps = 1e-2;
    let checked = 0;
    for (const [name, { data }] of weights) {
      // The element with the largest gradient in each parameter: a clear signal over float32 noise.
      const g = grads.get(name)!;
      let i = 0;
      for (let j = 1; j < g.length; j++) if (Math.abs(g[j]) > Math.abs(g[i])) i = j;
      if (Math.abs(g[i]) < 1e-3) continue;
      const at = async (delta: number) => {
        const moved = new Map(weights);
        const copy = data.slice();
        copy[i] += delta;
        moved.set(name, { shape: weights.get(name)!.shape, data: copy });
        return (await lossAndGradients(arch, attention, moved, h)).loss;
      };
      const numeric = (await at(eps) - await at(-eps)) / (2 * eps);
      assertClose([g[i]], [numeric], { what: `${name}[${i}]`, rtol: 3e-2, atol: 1e-3 });
      checked++;
    }
    assert.ok(checked >= 10, `only ${checked} parameters had a gradient to check`);
  });
}
