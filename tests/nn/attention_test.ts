/**
 * Scaled dot-product and multi-head attention: a case worked out by hand, an
 * independent loop reference for PyTorch's packed multi-head layout, and the
 * masks (causal, key padding) giving rows that sum to 1 over visible keys.
 */
import assert from "node:assert/strict";
import { Tensor, tidy } from "../../src/engine/mod.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { keyPaddingMask, MultiHeadAttention } from "../../src/models/attention.ts";
import { ops } from "../../src/engine/mod.ts";
import { TraceRecorder } from "../../src/models/trace.ts";
import { Transformer } from "../../src/models/transformer.ts";
import { transformerDefaults } from "../../src/models/config.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { assertClose } from "../support/assert_close.ts";

const backend = cpuBackend;

/** Runs fn in a tidy scope, reads the tensors it returns, then frees them. */
async function evaluate(fn: () => Tensor[]): Promise<Float32Array[]> {
  const tensors = tidy(fn);
  const values = await Promise.all(tensors.map((t) => t.toArray()));
  for (const t of tensors) t.dispose();
  return values;
}

/** fn's output and the attention weights it recorded (a trace at "encoder", layer 0). */
function withWeights(
  fn: (trace: { recorder: TraceRecorder; site: "encoder"; layer: number }) => Tensor,
): [Tensor, Tensor] {
  const recorder = new TraceRecorder();
  const output = fn({ recorder, site: "encoder", layer: 0 });
  return [output, recorder.attention[0].weights];
}

/** A store that "loads" the given tensors (hand-set weights). */
function handSetStore(tensors: Record<string, [number[], number[]]>): ParamStore {
  const loaded = new Map(
    Object.entries(tensors).map((
      [name, [shape, values]],
    ) => [name, { shape, data: Float32Array.from(values) }]),
  );
  return new ParamStore(backend, { loaded });
}

// d = 2, one head, x = [[1, 0], [0, 2]]:
//   W^Q = 2I            -> q = [[2, 0], [0, 4]]
//   W^K = I             -> k = [[1, 0], [0, 2]]
//   W^V = swap, b^V = [1, 0] -> v = [[1, 1], [3, 0]]
//   W^O = I, b^O = [0, 0.5]
// scores / sqrt(2) = [[sqrt 2, 0], [0, 4 sqrt 2]]
//   row 0: softmax = [e^r2 / (e^r2 + 1), 1 / (e^r2 + 1)] = [0.80442968, 0.19557032]
//   row 1: softmax = [1 / (e^4r2 + 1), e^4r2 / (e^4r2 + 1)] = [0.00348133, 0.99651867]
// out = weights v + b^O:
//   row 0: [0.80442968 + 3 * 0.19557032, 0.80442968 + 0.5] = [1.39114063, 1.30442968]
//   row 1: [0.00348133 + 3 * 0.99651867, 0.00348133 + 0.5] = [2.99303735, 0.50348133]
function handSetAttention(): MultiHeadAttention {
  const store = handSetStore({
    "attn.in_proj_weight": [[6, 2], [2, 0, 0, 2, 1, 0, 0, 1, 0, 1, 1, 0]],
    "attn.in_proj_bias": [[6], [0, 0, 0, 0, 1, 0]],
    "attn.out_proj.weight": [[2, 2], [1, 0, 0, 1]],
    "attn.out_proj.bias": [[2], [0, 0.5]],
  });
  const mha = new MultiHeadAttention(store, "attn", { dModel: 2, heads: 1 });
  store.finish();
  return mha;
}

Deno.test("selfAttention() equals a hand-computed scaled dot-product case (d = 2, 1 head)", async () => {
  const mha = handSetAttention();
  const [output, weights] = await evaluate(() => {
    const x = Tensor.from(backend, [1, 0, 0, 2], [1, 2, 2]);
    return withWeights((trace) => mha.selfAttention(x, { trace }));
  });
  assertClose(weights, [0.80442968, 0.19557032, 0.00348133, 0.99651867], {
    rtol: 1e-5,
    what: "weights",
  });
  assertClose(output, [1.39114063, 1.30442968, 2.99303735, 0.50348133], {
    rtol: 1e-5,
    what: "output",
  });
});

Deno.test("selfAttention() with a causal mask: the first query sees only the first value", async () => {
  const mha = handSetAttention();
  const [output, weights] = await evaluate(() => {
    const x = Tensor.from(backend, [1, 0, 0, 2], [1, 2, 2]);
    return withWeights((trace) => mha.selfAttention(x, { causal: true, trace }));
  });
  assertClose(weights, [1, 0, 0.00348133, 0.99651867], { rtol: 1e-5 });
  // Row 0 = v0 + b^O = [1, 1] + [0, 0.5].
  assertClose(output, [1, 1.5, 2.99303735, 0.50348133], { rtol: 1e-5 });
});

Deno.test("selfAttention() with a key padding mask of length 1: every query sees only key 0", async () => {
  const mha = handSetAttention();
  const [mask, output] = await evaluate(() => {
    const x = Tensor.from(backend, [1, 0, 0, 2], [1, 2, 2]);
    const keyMask = keyPaddingMask(backend, [1], 2);
    return [keyMask, mha.selfAttention(x, { keyMask })];
  });
  assert.deepEqual([...mask], [0, -Infinity]);
  assertClose(output, [1, 1.5, 1, 1.5], { rtol: 1e-6 });
});

Deno.test("keyPaddingMask() rejects a length outside 1..S", () => {
  assert.throws(
    () => keyPaddingMask(backend, [3, 5], 4),
    /expected every source length in 1..4, got 5/,
  );
  assert.throws(() => keyPaddingMask(backend, [0], 4), /got 0/);
});

/**
 * Independent reference: PyTorch's MultiheadAttention written as plain loops.
 * x [B, Tq, d] queries, m [B, Tk, d] keys/values source, lens: visible keys per row.
 */
function referenceMultiHead(
  x: Float32Array,
  m: Float32Array,
  w: { inW: Float32Array; inB: Float32Array; outW: Float32Array; outB: Float32Array },
  dims: {
    b: number;
    tq: number;
    tk: number;
    d: number;
    h: number;
    lens: number[];
    causal: boolean;
  },
): Float32Array {
  const { b, tq, tk, d, h, lens, causal } = dims;
  const dk = d / h;
  const project = (src: Float32Array, rows: number, part: number) => {
    const out = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) {
      for (let o = 0; o < d; o++) {
        let s = w.inB[part * d + o];
        for (let i = 0; i < d; i++) s += src[r * d + i] * w.inW[(part * d + o) * d + i];
        out[r * d + o] = s;
      }
    }
    return out;
  };
  const q = project(x, b * tq, 0);
  const k = project(m, b * tk, 1);
  const v = project(m, b * tk, 2);
  const concat = new Float32Array(b * tq * d);
  for (let bi = 0; bi < b; bi++) {
    for (let hi = 0; hi < h; hi++) {
      for (let i = 0; i < tq; i++) {
        const scores: number[] = [];
        for (let j = 0; j < tk; j++) {
          let s = 0;
          for (let c = 0; c < dk; c++) {
            s += q[(bi * tq + i) * d + hi * dk + c] * k[(bi * tk + j) * d + hi * dk + c];
          }
          const visible = j < lens[bi] && (!causal || j <= i);
          scores.push(visible ? s / Math.sqrt(dk) : -Infinity);
        }
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        const z = e.reduce((a, c) => a + c, 0);
        for (let c = 0; c < dk; c++) {
          let s = 0;
          for (let j = 0; j < tk; j++) s += (e[j] / z) * v[(bi * tk + j) * d + hi * dk + c];
          concat[(bi * tq + i) * d + hi * dk + c] = s;
        }
      }
    }
  }
  const out = new Float32Array(b * tq * d);
  for (let r = 0; r < b * tq; r++) {
    for (let o = 0; o < d; o++) {
      let s = w.outB[o];
      for (let i = 0; i < d; i++) s += concat[r * d + i] * w.outW[o * d + i];
      out[r * d + o] = s;
    }
  }
  return out;
}

function randomAttention(d: number, h: number) {
  const w = {
    inW: randomArray(3 * d * d, 11),
    inB: randomArray(3 * d, 12),
    outW: randomArray(d * d, 13),
    outB: randomArray(d, 14),
  };
  const store = handSetStore({
    "mha.in_proj_weight": [[3 * d, d], [...w.inW]],
    "mha.in_proj_bias": [[3 * d], [...w.inB]],
    "mha.out_proj.weight": [[d, d], [...w.outW]],
    "mha.out_proj.bias": [[d], [...w.outB]],
  });
  return { w, mha: new MultiHeadAttention(store, "mha", { dModel: d, heads: h }) };
}

Deno.test("selfAttention() with 4 heads and padding equals PyTorch's packed layout (loop reference)", async () => {
  const [b, t, d, h] = [2, 5, 8, 4];
  const { w, mha } = randomAttention(d, h);
  const xs = randomArray(b * t * d, 21);
  for (const causal of [false, true]) {
    const lens = causal ? [t, t] : [5, 3];
    const [output] = await evaluate(() => {
      const x = Tensor.from(backend, xs, [b, t, d]);
      const keyMask = causal ? undefined : keyPaddingMask(backend, lens, t);
      return [mha.selfAttention(x, { causal, keyMask })];
    });
    const expected = referenceMultiHead(xs, xs, w, { b, tq: t, tk: t, d, h, lens, causal });
    assertClose(output, expected, { rtol: 1e-4, atol: 1e-5, what: `causal ${causal}` });
  }
});

Deno.test("crossAttention() uses W^Q on the queries and W^K, W^V on the memory (loop reference)", async () => {
  const [b, tq, tk, d, h] = [2, 3, 4, 8, 2];
  const { w, mha } = randomAttention(d, h);
  const xs = randomArray(b * tq * d, 31);
  const ms = randomArray(b * tk * d, 32);
  const lens = [4, 2];
  const [output] = await evaluate(() => {
    const x = Tensor.from(backend, xs, [b, tq, d]);
    const memory = Tensor.from(backend, ms, [b, tk, d]);
    const keyMask = keyPaddingMask(backend, lens, tk);
    const [output, weights] = withWeights((trace) =>
      mha.crossAttention(x, mha.projectMemory(memory), { keyMask, trace })
    );
    assert.deepEqual(weights.shape, [b, h, tq, tk]);
    return [output];
  });
  const expected = referenceMultiHead(xs, ms, w, { b, tq, tk, d, h, lens, causal: false });
  assertClose(output, expected, { rtol: 1e-4, atol: 1e-5 });
});

Deno.test("scaledDotProductAttention() rejects q and k of different head widths", () => {
  tidy(() => {
    const q = Tensor.zeros(backend, [1, 1, 2, 4]);
    const k = Tensor.zeros(backend, [1, 1, 2, 3]);
    assert.throws(
      () => ops.scaledDotProductAttention(q, k, k),
      /expected q \[B, h, Tq, dk\] and k, v \[B, h, Tk, dk\], got q \[1, 1, 2, 4\], k \[1, 1, 2, 3\]/,
    );
  });
});

Deno.test("every attention row of a Transformer sums to 1; masked keys get exactly 0", async () => {
  const config = {
    ...transformerDefaults,
    srcVocab: 11,
    tgtVocab: 9,
    dModel: 16,
    heads: 2,
    ffn: 32,
    maxLen: 16,
    dropout: 0,
  };
  const store = new ParamStore(backend, { seed: 5 });
  const model = new Transformer(config, store);
  const srcLengths = [6, 3];
  const trace = new TraceRecorder();
  const weightsList = await evaluate(() => {
    const src = Tensor.from(backend, [4, 5, 6, 7, 8, 2, 9, 10, 2, 0, 0, 0], [2, 6]);
    const tgtIn = Tensor.from(backend, [1, 4, 5, 6, 1, 7, 8, 0], [2, 4]);
    model.forward({ src, srcLengths, tgtIn }, { trace });
    return trace.attention.map((a) => a.weights);
  });
  const kinds = trace.attention.map((a) => `${a.kind}${a.layer}`);
  assert.deepEqual(kinds, ["encoder0", "encoder1", "decoder0", "cross0", "decoder1", "cross1"]);
  trace.attention.forEach(({ kind, weights }, n) => {
    const [b, h, tq, tk] = weights.shape;
    const w = weightsList[n];
    for (let bi = 0; bi < b; bi++) {
      for (let r = 0; r < h * tq; r++) {
        const q = r % tq;
        let sum = 0;
        for (let j = 0; j < tk; j++) {
          const value = w[(bi * h * tq + r) * tk + j];
          const hidden = (kind !== "decoder" && j >= srcLengths[bi]) ||
            (kind === "decoder" && j > q);
          if (hidden) assert.equal(value, 0, `${kind} row ${r} key ${j} should be masked`);
          sum += value;
        }
        assert.ok(Math.abs(sum - 1) < 1e-5, `${kind} batch ${bi} row ${r} sums to ${sum}`);
      }
    }
  });
});
