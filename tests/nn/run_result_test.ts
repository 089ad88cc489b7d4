import assert from "node:assert/strict";
import {
  buildRunResult,
  concatHost,
  type HostTrace,
  readRun,
  rowTrace,
  type RunResult,
} from "../../src/models/run_result.ts";
import { TraceRecorder } from "../../src/models/trace.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { type ModelConfig, rnnDefaults, transformerDefaults } from "../../src/models/config.ts";
import { type Seq2Seq } from "../../src/models/model.ts";
import { EOS } from "../../src/data/vocab.ts";
import { greedyDecode, makeSourceBatch } from "../../src/models/decode/greedy.ts";
import { Vocab } from "../../src/data/vocab.ts";
import { Tensor } from "../../src/engine/mod.ts";
import { cpuBackend } from "../support/backends.ts";

const iota = (n: number, from = 0) => Float32Array.from({ length: n }, (_, i) => from + i);

Deno.test("concatHost() joins along the middle axis", () => {
  const a = { shape: [2, 1, 2], data: iota(4) }; // [[0 1]], [[2 3]]
  const b = { shape: [2, 2, 2], data: iota(8, 10) }; // [[10 11] [12 13]], [[14 15] [16 17]]
  const c = concatHost([a, b], 1);
  assert.deepEqual(c.shape, [2, 3, 2]);
  assert.deepEqual([...c.data], [0, 1, 10, 11, 12, 13, 2, 3, 14, 15, 16, 17]);
  assert.throws(() => concatHost([a, { shape: [2, 1, 3], data: iota(6) }], 1), /cannot join/);
});

Deno.test("readRun() reads everything and joins per-step records of one layer", async () => {
  const trace = new TraceRecorder();
  const t = (values: Float32Array, shape: number[]) => Tensor.from(cpuBackend, values, shape);
  trace.recordAttention("alignment", 0, t(iota(3), [1, 1, 1, 3]));
  trace.recordHidden("decoder", 0, t(iota(2), [1, 1, 2]));
  trace.recordAttention("alignment", 0, t(iota(3, 3), [1, 1, 1, 3]));
  trace.recordHidden("decoder", 0, t(iota(2, 2), [1, 1, 2]));
  trace.recordHidden("encoder", 0, t(iota(6), [1, 3, 2]));
  const tokens = t(iota(3), [1, 3]);
  const read = await readRun(tokens, trace);
  assert.deepEqual([...read.tokens.data], [0, 1, 2]);
  assert.equal(read.trace!.attention.length, 1);
  assert.deepEqual(read.trace!.attention[0].weights.shape, [1, 1, 2, 3]);
  assert.deepEqual([...read.trace!.attention[0].weights.data], [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(read.trace!.hidden.map((h) => [h.where, ...h.values.shape]), [
    ["decoder", 1, 2, 2],
    ["encoder", 1, 3, 2],
  ]);
  tokens.dispose();
  for (
    const r of [
      ...trace.attention.map((a) => a.weights),
      ...trace.hidden.map((h) => h.values),
    ]
  ) {
    r.dispose();
  }
});

Deno.test("rowTrace() cuts queries and keys by what they index", () => {
  // batch 2, 1 head; source width 4, 3 decoder steps recorded.
  const trace: HostTrace = {
    attention: [
      { kind: "encoder", layer: 0, weights: { shape: [2, 1, 4, 4], data: iota(32) } },
      { kind: "cross", layer: 0, weights: { shape: [2, 1, 3, 4], data: iota(24) } },
      { kind: "decoder", layer: 0, weights: { shape: [2, 1, 3, 3], data: iota(18) } },
    ],
    hidden: [{ where: "decoder", layer: 0, values: { shape: [2, 3, 2], data: iota(12) } }],
  };
  const row = rowTrace(trace, 1, { srcLength: 2, steps: 2 });
  const [enc, cross, dec] = row.attention;
  assert.deepEqual(enc.weights.shape, [1, 2, 2]);
  assert.deepEqual([...enc.weights.data], [16, 17, 20, 21]);
  assert.deepEqual(cross.weights.shape, [1, 2, 2]);
  assert.deepEqual([...cross.weights.data], [12, 13, 16, 17]);
  assert.deepEqual(dec.weights.shape, [1, 2, 2]);
  assert.deepEqual([...dec.weights.data], [9, 10, 12, 13]);
  assert.deepEqual([...row.hidden[0].values.data], [6, 7, 8, 9]);
  assert.throws(
    () => rowTrace(trace, 0, { srcLength: 5, steps: 1 }),
    /at least 5 positions, got 4/,
  );
});

Deno.test("buildRunResult() labels rows with emitted tokens and cols with what was read", () => {
  const heads = 2;
  const trace = {
    attention: [
      { kind: "encoder" as const, layer: 0, weights: { shape: [heads, 3, 3], data: iota(18) } },
      { kind: "decoder" as const, layer: 0, weights: { shape: [heads, 3, 3], data: iota(18) } },
      { kind: "cross" as const, layer: 0, weights: { shape: [heads, 3, 3], data: iota(18) } },
    ],
    hidden: [{ where: "encoder" as const, layer: 1, values: { shape: [3, 2], data: iota(6) } }],
  };
  const result = buildRunResult({
    model: "m",
    backend: "cpu",
    sourceTokens: ["a", "b"],
    emittedTokens: ["x", "y", "<eos>"],
    separator: "",
    trace,
    timings: [{ name: "encoder", wallMs: 1 }],
    decoding: { method: "greedy", steps: 3, maxSteps: 14, finished: true },
    warnings: ["w"],
  });
  assert.deepEqual(result.input.tokens, ["a", "b"]);
  assert.deepEqual(result.output, { tokens: ["x", "y"], text: "xy" });
  assert.equal(result.attention.length, 3 * heads);
  const [enc, , dec, , cross, cross1] = result.attention;
  assert.deepEqual([enc.rows, enc.cols], [["a", "b", "<eos>"], ["a", "b", "<eos>"]]);
  assert.deepEqual([dec.rows, dec.cols], [["x", "y", "<eos>"], ["<bos>", "x", "y"]]);
  assert.deepEqual([cross.rows, cross.cols], [["x", "y", "<eos>"], ["a", "b", "<eos>"]]);
  assert.equal(cross1.head, 1);
  assert.deepEqual(cross1.weights, [[9, 10, 11], [12, 13, 14], [15, 16, 17]]);
  assert.deepEqual(result.hidden, [{
    where: "encoder",
    layer: 1,
    values: [[0, 1], [2, 3], [4, 5]],
  }]);
  assert.deepEqual(result.warnings, ["w"]);

  const unfinished = buildRunResult({
    model: "m",
    backend: "cpu",
    sourceTokens: ["the", "cat"],
    emittedTokens: ["le", "<bos>", "chat", "<pad>"], // an untrained model's stray specials
    separator: " ",
    trace: null,
    timings: [],
    decoding: { method: "greedy", steps: 4, maxSteps: 4, finished: false },
  });
  assert.deepEqual(unfinished.output, { tokens: ["le", "chat"], text: "le chat" });
  assert.throws(
    () =>
      buildRunResult({
        model: "m",
        backend: "cpu",
        sourceTokens: ["a"],
        emittedTokens: ["x", "<eos>"],
        separator: "",
        trace: { attention: [trace.attention[2]], hidden: [] },
        timings: [],
        decoding: { method: "greedy", steps: 2, maxSteps: 4, finished: true },
      }),
    /cross attention of layer 0 is 3 x 3, its labels 2 x 2/,
  );
});

const configs: ModelConfig[] = [
  {
    ...transformerDefaults,
    srcVocab: 13,
    tgtVocab: 11,
    dModel: 16,
    heads: 2,
    ffn: 32,
    encoderLayers: 2,
    decoderLayers: 3,
    maxLen: 24,
    dropout: 0,
  },
  {
    ...rnnDefaults,
    arch: "lstm",
    srcVocab: 13,
    tgtVocab: 11,
    embed: 8,
    hidden: 12,
    layers: 2,
    maxLen: 24,
    dropout: 0,
    attention: "bahdanau",
  },
];

async function runOf(model: Seq2Seq, src: number[]): Promise<RunResult> {
  const vocab = new Vocab(["<pad>", "<bos>", "<eos>", "<unk>", ..."abcdefghi"]);
  const batch = makeSourceBatch(cpuBackend, [src]);
  const { rows, timings } = await greedyDecode(model, batch);
  batch.src.dispose();
  return buildRunResult({
    model: "test",
    backend: "cpu",
    sourceTokens: src.slice(0, -1).map((id) => vocab.token(id)),
    emittedTokens: rows[0].ids.map((id) => vocab.token(id)),
    separator: "",
    trace: rows[0].trace,
    timings,
    decoding: {
      method: "greedy",
      steps: rows[0].ids.length,
      maxSteps: rows[0].maxSteps,
      finished: rows[0].finished,
    },
  });
}

for (const config of configs) {
  Deno.test(`run result of a ${config.arch} decode: rectangular, labeled, rows sum to 1`, async () => {
    const model = makeModel(config, new ParamStore(cpuBackend, { seed: 21 }));
    const src = [4, 5, 6, 7, EOS];
    const result = await runOf(model, src);
    const steps = result.decoding.steps;
    assert.ok(steps >= result.output.tokens.length + (result.decoding.finished ? 1 : 0));
    if (config.arch === "transformer") {
      const { encoderLayers: e, decoderLayers: d, heads } = config;
      assert.equal(result.attention.length, (e + 2 * d) * heads);
      assert.deepEqual(
        [...new Set(result.attention.map((a) => `${a.kind}${a.layer}`))],
        ["encoder0", "encoder1", "decoder0", "cross0", "decoder1", "cross1", "decoder2", "cross2"],
      );
      assert.equal(result.hidden.length, e + d);
      for (const h of result.hidden) {
        assert.equal(h.values.length, h.where === "encoder" ? src.length : steps);
        assert.equal(h.values[0].length, config.dModel);
      }
    } else {
      assert.deepEqual(result.attention.map((a) => [a.kind, a.layer, a.head]), [[
        "alignment",
        0,
        0,
      ]]);
      assert.deepEqual(
        result.hidden.map((h) => [h.where, h.layer, h.values.length, h.values[0].length]),
        [
          ["encoder", 0, src.length, config.hidden],
          ["encoder", 1, src.length, config.hidden],
          ["decoder", 0, steps, config.hidden],
          ["decoder", 1, steps, config.hidden],
        ],
      );
    }
    for (const a of result.attention) {
      assert.equal(a.weights.length, a.rows.length, `${a.kind} rows`);
      a.weights.forEach((row, i) => {
        assert.equal(row.length, a.cols.length, `${a.kind} cols`);
        const sum = row.reduce((s, w) => s + w, 0);
        assert.ok(Math.abs(sum - 1) < 1e-4, `${a.kind} ${a.layer} row ${i} sums to ${sum}`);
        if (a.kind === "decoder") {
          assert.ok(row.slice(i + 1).every((w) => w === 0), "causal: no weight on later inputs");
        }
      });
      if (a.kind === "decoder") assert.equal(a.cols[0], "<bos>");
      else assert.equal(a.cols.at(-1), "<eos>");
    }
    assert.deepEqual(result.timings.map((t) => t.name), ["encoder", "decoder", "trace"]);
    JSON.parse(JSON.stringify(result)); // plain data
    for (const t of model.params.values()) t.dispose();
  });
}

Deno.test("buildRunResult() refuses a trace holding NaN or Infinity, naming where: JSON would say null", () => {
  const input = (hidden: Float32Array, weights = iota(8)) => ({
    model: "m",
    backend: "cpu" as const,
    sourceTokens: ["a"],
    emittedTokens: ["x", "<eos>"],
    separator: "",
    trace: {
      attention: [{
        kind: "cross" as const,
        layer: 0,
        weights: { shape: [2, 2, 2], data: weights },
      }],
      hidden: [{ where: "decoder" as const, layer: 1, values: { shape: [2, 3], data: hidden } }],
    },
    timings: [],
    decoding: { method: "greedy" as const, steps: 2, maxSteps: 4, finished: true },
  });
  assert.equal(buildRunResult(input(iota(6))).hidden[0].values[1][2], 5);
  assert.throws(
    () => buildRunResult(input(Float32Array.from([0, 1, 2, 3, NaN, 5]))),
    /^Error: model m computed NaN in the decoder hidden states of layer 1 \(step 1, unit 1\): float32 overflowed inside the model; expected finite numbers/,
  );
  assert.throws(
    () => buildRunResult(input(iota(6), Float32Array.from([0, 1, 2, 3, 4, 5, 6, -Infinity]))),
    /computed -Infinity in the cross attention of layer 0, head 1 \(row 1, column 1\)/,
  );
});
