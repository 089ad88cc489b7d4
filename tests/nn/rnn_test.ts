/**
 * GRU and LSTM stacks: single steps against values worked out by hand (H = 2,
 * hand-set weights), multi-layer sequences against an independent plain
 * TypeScript reference of PyTorch's equations, padding that keeps a row's
 * state, and webgpu against cpu.
 */
import assert from "node:assert/strict";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { Tensor, tidy } from "../../src/engine/mod.ts";
import { Gru } from "../../src/models/gru.ts";
import { Lstm } from "../../src/models/lstm.ts";
import { type LoadedTensors, ParamStore } from "../../src/models/weights/param_store.ts";
import { type RecurrentStack, runSequence } from "../../src/models/recurrent.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

const LN2 = Math.log(2); // tanh(ln 2) = 3/5
const LN3 = Math.log(3); // sigmoid(ln 3) = 3/4, sigmoid(-ln 3) = 1/4, tanh(ln 3) = 4/5

/** A checkpoint-like map of one layer's tensors under PyTorch's names. */
function oneLayer(
  values: { wih: number[]; whh: number[]; bih: number[]; bhh: number[] },
  options: { gates: number; input: number; hidden: number },
): LoadedTensors {
  const { gates, input, hidden } = options;
  const rows = gates * hidden;
  return new Map([
    ["rnn.weight_ih_l0", { shape: [rows, input], data: Float32Array.from(values.wih) }],
    ["rnn.weight_hh_l0", { shape: [rows, hidden], data: Float32Array.from(values.whh) }],
    ["rnn.bias_ih_l0", { shape: [rows], data: Float32Array.from(values.bih) }],
    ["rnn.bias_hh_l0", { shape: [rows], data: Float32Array.from(values.bhh) }],
  ]);
}

Deno.test("Gru.cell() equals a GRU step worked out by hand (H = 2)", async () => {
  // Rows of each [3H, .] matrix are the gates r0 r1 z0 z1 n0 n1 (PyTorch's order).
  // x = [1], h = [1, -1].
  //   r = sigmoid([ln 3 * 1, 0])                         = [3/4, 1/2]
  //   z = sigmoid([0 + 1 - 1, -ln 3 * 1])                 = [1/2, 1/4]   (b_iz0 = 1, b_hz0 = -1)
  //   W_hn h + b_hn = [2 * 1, 2 ln 2]
  //   n = tanh([-1.5 + 3/4 * 2, 0 + 1/2 * 2 ln 2])        = tanh([0, ln 2]) = [0, 3/5]
  //       (b_hn sits inside r * (.), as in PyTorch: outside it would give tanh(2 ln 2) = 15/17)
  //   h' = (1 - z) n + z h = [1/2 * 0 + 1/2 * 1, 3/4 * 3/5 + 1/4 * -1] = [0.5, 0.2]
  const loaded = oneLayer({
    wih: [LN3, 0, 0, -LN3, -1.5, 0],
    whh: [0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0],
    bih: [0, 0, 1, 0, 0, 0],
    bhh: [0, 0, -1, 0, 0, 2 * LN2],
  }, { gates: 3, input: 1, hidden: 2 });
  const gru = new Gru(new ParamStore(cpuBackend, { loaded }), "rnn", {
    inputSize: 1,
    hidden: 2,
    layers: 1,
  });
  const next = tidy(() => {
    const x = Tensor.from(cpuBackend, [1], [1, 1]);
    const h = Tensor.from(cpuBackend, [1, -1], [1, 2]);
    return gru.cell(0, gru.projectInput(0, x), { h }).h;
  });
  assertClose(await next.toArray(), [0.5, 0.2], { rtol: 0, atol: 1e-6 });
});

Deno.test("Lstm.cell() equals an LSTM step worked out by hand (H = 2)", async () => {
  // Rows of each [4H, .] matrix are the gates i0 i1 f0 f1 g0 g1 o0 o1 (PyTorch's order).
  // x = [1], h = [1, -1], c = [2 ln 2 - 0.9, 4 ln 3].
  //   i = sigmoid([ln 3 * x, 0])                      = [3/4, 1/2]
  //   f = sigmoid([0, ln 3 * h1])  = sigmoid([0, -ln 3]) = [1/2, 1/4]   (through W_hh)
  //   g = tanh([ln 2, 0])                              = [3/5, 0]       (through b_ih)
  //   o = sigmoid([0, ln 3])                           = [1/2, 3/4]     (through b_hh)
  //   c' = f c + i g = [1/2 (2 ln 2 - 0.9) + 3/4 * 3/5, 1/4 * 4 ln 3 + 0] = [ln 2, ln 3]
  //   h' = o tanh(c') = [1/2 * 3/5, 3/4 * 4/5] = [0.3, 0.6]
  const whh = new Array(16).fill(0);
  whh[3 * 2 + 1] = LN3; // f1 row, column of h1
  const loaded = oneLayer({
    wih: [LN3, 0, 0, 0, 0, 0, 0, 0],
    whh,
    bih: [0, 0, 0, 0, LN2, 0, 0, 0],
    bhh: [0, 0, 0, 0, 0, 0, 0, LN3],
  }, { gates: 4, input: 1, hidden: 2 });
  const lstm = new Lstm(new ParamStore(cpuBackend, { loaded }), "rnn", {
    inputSize: 1,
    hidden: 2,
    layers: 1,
  });
  const next = tidy(() => {
    const x = Tensor.from(cpuBackend, [1], [1, 1]);
    const h = Tensor.from(cpuBackend, [1, -1], [1, 2]);
    const c = Tensor.from(cpuBackend, [2 * LN2 - 0.9, 4 * LN3], [1, 2]);
    return lstm.cell(0, lstm.projectInput(0, x), { h, c });
  });
  assertClose(await next.c!.toArray(), [LN2, LN3], { rtol: 0, atol: 1e-6 });
  assertClose(await next.h.toArray(), [0.3, 0.6], { rtol: 0, atol: 1e-6 });
});

// --- an independent reference: PyTorch's equations in plain loops ------------

type Matrix = { data: Float32Array; rows: number; cols: number };
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** W v + b for W [rows, cols]. */
function affine(w: Matrix, v: number[], b: Float32Array): number[] {
  return Array.from({ length: w.rows }, (_, r) => {
    let s = b[r];
    for (let c = 0; c < w.cols; c++) s += w.data[r * w.cols + c] * v[c];
    return s;
  });
}

/** One step of one layer, GRU or LSTM, on one row. */
function referenceStep(
  kind: "gru" | "lstm",
  p: { wih: Matrix; whh: Matrix; bih: Float32Array; bhh: Float32Array },
  x: number[],
  state: { h: number[]; c: number[] },
): { h: number[]; c: number[] } {
  const H = state.h.length;
  const gi = affine(p.wih, x, p.bih);
  const gh = affine(p.whh, state.h, p.bhh);
  if (kind === "gru") {
    const h = state.h.map((hj, j) => {
      const r = sigmoid(gi[j] + gh[j]);
      const z = sigmoid(gi[H + j] + gh[H + j]);
      const n = Math.tanh(gi[2 * H + j] + r * gh[2 * H + j]);
      return (1 - z) * n + z * hj;
    });
    return { h, c: state.c };
  }
  const c = state.c.map((cj, j) => {
    const i = sigmoid(gi[j] + gh[j]);
    const f = sigmoid(gi[H + j] + gh[H + j]);
    const g = Math.tanh(gi[2 * H + j] + gh[2 * H + j]);
    return f * cj + i * g;
  });
  const h = c.map((cj, j) => sigmoid(gi[3 * H + j] + gh[3 * H + j]) * Math.tanh(cj));
  return { h, c };
}

/** Random weights for a stack, as a checkpoint map under prefix "rnn". */
function randomStack(
  kind: "gru" | "lstm",
  options: { input: number; hidden: number; layers: number; seed: number },
): LoadedTensors {
  const { input, hidden, layers, seed } = options;
  const G = kind === "gru" ? 3 : 4;
  const map = new Map<string, { shape: number[]; data: Float32Array }>();
  for (let k = 0; k < layers; k++) {
    const inK = k === 0 ? input : hidden;
    const s = seed + 10 * k;
    map.set(`rnn.weight_ih_l${k}`, {
      shape: [G * hidden, inK],
      data: randomArray(G * hidden * inK, s),
    });
    map.set(`rnn.weight_hh_l${k}`, {
      shape: [G * hidden, hidden],
      data: randomArray(G * hidden * hidden, s + 1),
    });
    map.set(`rnn.bias_ih_l${k}`, { shape: [G * hidden], data: randomArray(G * hidden, s + 2) });
    map.set(`rnn.bias_hh_l${k}`, { shape: [G * hidden], data: randomArray(G * hidden, s + 3) });
  }
  return map;
}

/** The reference over a padded batch: per layer, per row, states after every real step. */
function referenceRun(
  kind: "gru" | "lstm",
  loaded: LoadedTensors,
  x: Float32Array,
  options: {
    batch: number;
    steps: number;
    input: number;
    hidden: number;
    layers: number;
    lengths: number[];
  },
): { outputs: number[][][][]; finalH: number[][][] } {
  const { batch, steps, input, hidden, layers, lengths } = options;
  const get = (name: string) => loaded.get(name)!;
  const outputs: number[][][][] = []; // [layer][row][step][unit]
  const finalH: number[][][] = []; // [layer][row][unit]
  let inputs: number[][][] = Array.from(
    { length: batch },
    (_, b) =>
      Array.from(
        { length: steps },
        (_, t) => Array.from(x.subarray((b * steps + t) * input, (b * steps + t + 1) * input)),
      ),
  );
  for (let k = 0; k < layers; k++) {
    const w = (name: string): Matrix => {
      const t = get(`rnn.${name}_l${k}`);
      return { data: t.data, rows: t.shape[0], cols: t.shape[1] };
    };
    const p = {
      wih: w("weight_ih"),
      whh: w("weight_hh"),
      bih: get(`rnn.bias_ih_l${k}`).data,
      bhh: get(`rnn.bias_hh_l${k}`).data,
    };
    const layerOut: number[][][] = [];
    const layerFinal: number[][] = [];
    for (let b = 0; b < batch; b++) {
      let state = { h: new Array(hidden).fill(0), c: new Array(hidden).fill(0) };
      const rowOut: number[][] = [];
      for (let t = 0; t < steps; t++) {
        if (t < lengths[b]) state = referenceStep(kind, p, inputs[b][t], state);
        rowOut.push(state.h);
      }
      layerOut.push(rowOut);
      layerFinal.push(state.h);
    }
    outputs.push(layerOut);
    finalH.push(layerFinal);
    inputs = layerOut;
  }
  return { outputs, finalH };
}

/** Runs a stack loaded from `loaded` on `backend` over a padded batch; reads everything back. */
async function runStack(
  backend: Backend,
  kind: "gru" | "lstm",
  loaded: LoadedTensors,
  x: Float32Array,
  options: {
    batch: number;
    steps: number;
    input: number;
    hidden: number;
    layers: number;
    lengths: number[];
  },
): Promise<{ outputs: Float32Array[]; finalH: Float32Array[] }> {
  const { batch, steps, input, hidden, layers, lengths } = options;
  const store = new ParamStore(backend, { loaded });
  const sizes = { inputSize: input, hidden, layers };
  const stack: RecurrentStack = kind === "gru"
    ? new Gru(store, "rnn", sizes)
    : new Lstm(store, "rnn", sizes);
  const result = tidy(() => {
    const xs = Tensor.from(backend, x, [batch, steps, input]);
    return runSequence(stack, xs, { lengths });
  });
  const outputs = await Promise.all(result.outputs.map((t) => t.toArray()));
  const finalH = await Promise.all(result.final.map((s) => s.h.toArray()));
  for (const t of result.outputs) t.dispose();
  for (const s of result.final) for (const t of [s.h, s.c]) t?.dispose();
  for (const t of store.params.values()) t.dispose();
  return { outputs, finalH };
}

const sequenceCase = { batch: 3, steps: 5, input: 3, hidden: 4, layers: 3, lengths: [5, 2, 4] };

for (const kind of ["gru", "lstm"] as const) {
  Deno.test(`a 3-layer ${kind} over a padded batch equals PyTorch's equations step by step`, async () => {
    const loaded = randomStack(kind, { ...sequenceCase, seed: 7 });
    const x = randomArray(sequenceCase.batch * sequenceCase.steps * sequenceCase.input, 99);
    const expected = referenceRun(kind, loaded, x, sequenceCase);
    const got = await runStack(cpuBackend, kind, loaded, x, sequenceCase);
    for (let k = 0; k < sequenceCase.layers; k++) {
      assertClose(got.outputs[k], expected.outputs[k].flat(2), { what: `layer ${k} outputs` });
      assertClose(got.finalH[k], expected.finalH[k].flat(), { what: `layer ${k} final h` });
    }
    // Padding kept row 1's state after its 2 real steps: its last outputs repeat step 2.
    const H = sequenceCase.hidden;
    const top = got.outputs[sequenceCase.layers - 1];
    const row1 = (t: number) => Array.from(top.subarray((5 + t) * H, (5 + t + 1) * H));
    assert.deepEqual(row1(4), row1(1));
    assert.notDeepEqual(row1(1), row1(0));
  });

  Deno.test(`layers stack: a 2-layer ${kind} equals two 1-layer ${kind}s chained`, async () => {
    const c = { batch: 2, steps: 4, input: 3, hidden: 4, layers: 2, lengths: [4, 4] };
    const loaded = randomStack(kind, { ...c, seed: 21 });
    const renamed = (k: number): LoadedTensors =>
      new Map(
        [...loaded].filter(([n]) => n.endsWith(`_l${k}`)).map((
          [n, v],
        ) => [n.replace(/_l\d$/, "_l0"), v]),
      );
    const x = randomArray(c.batch * c.steps * c.input, 5);
    const both = await runStack(cpuBackend, kind, loaded, x, c);
    const first = await runStack(cpuBackend, kind, renamed(0), x, { ...c, layers: 1 });
    const second = await runStack(cpuBackend, kind, renamed(1), first.outputs[0], {
      ...c,
      input: c.hidden,
      layers: 1,
    });
    assert.deepEqual(both.outputs[0], first.outputs[0]);
    assert.deepEqual(both.outputs[1], second.outputs[0]);
    assert.deepEqual(both.finalH[1], second.finalH[0]);
  });
}

for (const kind of ["gru", "lstm"] as const) {
  Deno.test(
    `a 3-layer ${kind} over a padded batch gives the same states on webgpu as on cpu`,
    gpuTest,
    async () => {
      const loaded = randomStack(kind, { ...sequenceCase, seed: 3 });
      const x = randomArray(sequenceCase.batch * sequenceCase.steps * sequenceCase.input, 4);
      const cpu = await runStack(cpuBackend, kind, loaded, x, sequenceCase);
      const gpu = await runStack(webgpuOrThrow(), kind, loaded, x, sequenceCase);
      for (let k = 0; k < sequenceCase.layers; k++) {
        assertClose(gpu.outputs[k], cpu.outputs[k], { what: `layer ${k}`, rtol: 1e-4, atol: 1e-5 });
      }
    },
  );
}
