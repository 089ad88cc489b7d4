/**
 * Small graphs, one per op and variant, shared by gradients_test.ts (finite
 * differences on cpu) and webgpu_gradients_test.ts (webgpu against cpu).
 * Each case builds its output from input tensors; the tests reduce it to
 * loss = sum(output * fixed random weights) so that every output element
 * matters with its own weight (a wrong axis or a swapped element shows).
 */
import type { Backend } from "../../src/engine/backend/contract.ts";
import { ops } from "../../src/engine/mod.ts";
import { Tape, Tensor } from "../../src/engine/mod.ts";
import { randomArray } from "../support/backends.ts";

/** One input of a case: random values in [lo, hi) unless given; constants have grad false. */
export interface CaseInput {
  shape: number[];
  values?: number[];
  lo?: number;
  hi?: number;
  /** Differentiate with respect to this input (default true). */
  grad?: boolean;
}

/** A graph to differentiate. */
export interface GradCase {
  name: string;
  inputs: CaseInput[];
  run: (x: Tensor[]) => Tensor;
  /** Finite-difference step (default 1e-2). */
  eps?: number;
  /** Tolerance of finite differences against backward (default rtol 1e-2, atol 2e-3). */
  fdTol?: { rtol: number; atol: number };
}

const NEG_INF = -Infinity;

/** Values in ±[0.2, 1): away from relu's kink at 0. */
function awayFromZero(n: number, seed: number): number[] {
  return [...randomArray(n, seed, 0.2, 1)].map((v, i) => (i % 3 === 1 ? -v : v));
}

export const cases: GradCase[] = [
  // --- arithmetic --------------------------------------------------------
  {
    name: "add same shape",
    inputs: [{ shape: [2, 3] }, { shape: [2, 3] }],
    run: ([a, b]) => ops.add(a, b),
  },
  {
    name: "add broadcast bias [4] over [2, 3, 4]",
    inputs: [{ shape: [2, 3, 4] }, { shape: [4] }],
    run: ([a, b]) => ops.add(a, b),
  },
  {
    name: "add broadcast with the smaller on the left [3, 4] + [2, 3, 4]",
    inputs: [{ shape: [3, 4] }, { shape: [2, 3, 4] }],
    run: ([a, b]) => ops.add(a, b),
  },
  {
    name: "add with leading 1s [1, 4] + [3, 4]",
    inputs: [{ shape: [1, 4] }, { shape: [3, 4] }],
    run: ([a, b]) => ops.add(a, b),
  },
  { name: "add(a, a)", inputs: [{ shape: [5] }], run: ([a]) => ops.add(a, a) },
  {
    name: "sub broadcast [2, 3] - [3]",
    inputs: [{ shape: [2, 3] }, { shape: [3] }],
    run: ([a, b]) => ops.sub(a, b),
  },
  {
    name: "sub broadcast [3] - [2, 3]",
    inputs: [{ shape: [3] }, { shape: [2, 3] }],
    run: ([a, b]) => ops.sub(a, b),
  },
  {
    name: "mul broadcast [2, 3, 4] * [3, 4]",
    inputs: [{ shape: [2, 3, 4] }, { shape: [3, 4] }],
    run: ([a, b]) => ops.mul(a, b),
  },
  {
    name: "mul by a scalar [] * [2, 3]",
    inputs: [{ shape: [] }, { shape: [2, 3] }],
    run: ([a, b]) => ops.mul(a, b),
  },
  { name: "mul(a, a)", inputs: [{ shape: [4] }], run: ([a]) => ops.mul(a, a) },
  {
    name: "div broadcast [2, 3] / [3]",
    inputs: [{ shape: [2, 3] }, { shape: [3], lo: 0.5, hi: 1.5 }],
    run: ([a, b]) => ops.div(a, b),
  },
  {
    name: "div broadcast [3] / [2, 3]",
    inputs: [{ shape: [3] }, { shape: [2, 3], lo: 0.5, hi: 1.5 }],
    run: ([a, b]) => ops.div(a, b),
  },
  { name: "scale by -2.5", inputs: [{ shape: [2, 3] }], run: ([x]) => ops.scale(x, -2.5) },
  {
    name: "addBias [2, 3, 4] + [4]",
    inputs: [{ shape: [2, 3, 4] }, { shape: [4] }],
    run: ([x, b]) => ops.addBias(x, b),
  },

  // --- matmul --------------------------------------------------------------
  ...matmulCases(),
  {
    name: "linear with bias, x [2, 3, 4], weight [5, 4]",
    inputs: [{ shape: [2, 3, 4] }, { shape: [5, 4] }, { shape: [5] }],
    run: ([x, w, b]) => ops.linear(x, w, b),
  },
  {
    name: "linear without bias, x [3, 4], weight [2, 4]",
    inputs: [{ shape: [3, 4] }, { shape: [2, 4] }],
    run: ([x, w]) => ops.linear(x, w),
  },
  {
    name: "linear with a constant x",
    inputs: [{ shape: [3, 4], grad: false }, { shape: [2, 4] }, { shape: [2] }],
    run: ([x, w, b]) => ops.linear(x, w, b),
  },

  // --- activations ---------------------------------------------------------
  {
    name: "relu",
    inputs: [{ shape: [3, 4], values: awayFromZero(12, 5) }],
    run: ([x]) => ops.relu(x),
  },
  { name: "gelu", inputs: [{ shape: [3, 4], lo: -3, hi: 3 }], run: ([x]) => ops.gelu(x) },
  { name: "tanh", inputs: [{ shape: [3, 4], lo: -2, hi: 2 }], run: ([x]) => ops.tanh(x) },
  { name: "sigmoid", inputs: [{ shape: [3, 4], lo: -3, hi: 3 }], run: ([x]) => ops.sigmoid(x) },
  { name: "exp", inputs: [{ shape: [3, 4] }], run: ([x]) => ops.exp(x) },
  { name: "log", inputs: [{ shape: [3, 4], lo: 0.5, hi: 2 }], run: ([x]) => ops.log(x) },
  { name: "neg", inputs: [{ shape: [3, 4] }], run: ([x]) => ops.neg(x) },
  { name: "sqrt", inputs: [{ shape: [3, 4], lo: 0.5, hi: 2 }], run: ([x]) => ops.sqrt(x) },
  { name: "square", inputs: [{ shape: [3, 4] }], run: ([x]) => ops.square(x) },

  // --- softmax -------------------------------------------------------------
  {
    name: "softmax [3, 5]",
    inputs: [{ shape: [3, 5], lo: -2, hi: 2 }],
    run: ([x]) => ops.softmax(x),
  },
  {
    name: "softmax with scale 0.5 and causal [2, 4, 4]",
    inputs: [{ shape: [2, 4, 4], lo: -2, hi: 2 }],
    run: ([x]) => ops.softmax(x, { scale: 0.5, causal: true }),
  },
  {
    name: "softmax causal with offset 2 [2, 2, 3, 5]",
    inputs: [{ shape: [2, 2, 3, 5], lo: -2, hi: 2 }],
    run: ([x]) => ops.softmax(x, { causal: true, causalOffset: 2 }),
  },
  {
    name: "softmax with a key-padding mask [G, 1, cols] over [G, heads, tq, cols]",
    inputs: [
      { shape: [2, 2, 3, 4], lo: -2, hi: 2 },
      { shape: [2, 1, 4], values: [0, 0, 0, NEG_INF, 0, 0, NEG_INF, NEG_INF], grad: false },
    ],
    run: ([x, m]) => ops.softmax(x, { mask: m, scale: 0.7 }),
  },
  {
    name: "softmax with a mask [tq, cols]",
    inputs: [
      { shape: [2, 3, 4], lo: -2, hi: 2 },
      { shape: [3, 4], values: [0, NEG_INF, 0, 0, 0, 0, 0.5, 0, NEG_INF, 0, 0, -1], grad: false },
    ],
    run: ([x, m]) => ops.softmax(x, { mask: m }),
  },
  {
    name: "softmax with a mask [cols] and a fully masked row from causal",
    inputs: [
      { shape: [3, 4], lo: -2, hi: 2 },
      { shape: [4], values: [NEG_INF, 0, 0, 0], grad: false },
    ],
    run: ([x, m]) => ops.softmax(x, { mask: m, causal: true }),
  },
  {
    name: "softmax with a mask [G, tq, cols] and heads packed [G * heads, tq, cols]",
    inputs: [
      { shape: [4, 2, 3], lo: -2, hi: 2 },
      { shape: [2, 2, 3], values: [0, 0, NEG_INF, 0, 1, 0, NEG_INF, 0, 0, 0, 0, -2], grad: false },
    ],
    run: ([x, m]) => ops.softmax(x, { mask: m, heads: 2 }),
  },
  {
    name: "logSoftmax [3, 5]",
    inputs: [{ shape: [3, 5], lo: -2, hi: 2 }],
    run: ([x]) => ops.logSoftmax(x),
  },

  // --- losses and normalization -------------------------------------------
  {
    name: "crossEntropy with ignoreIndex 0 (rows with target 0 ignored)",
    inputs: [
      { shape: [5, 6], lo: -2, hi: 2 },
      { shape: [5], values: [2, 0, 5, 1, 0], grad: false },
    ],
    run: ([logits, t]) => ops.crossEntropy(logits, t),
  },
  {
    name: "crossEntropy with label smoothing 0.1 and ignoreIndex -1 over [2, 3, 4]",
    inputs: [
      { shape: [2, 3, 4], lo: -2, hi: 2 },
      { shape: [2, 3], values: [0, 3, -1, 2, 1, 3], grad: false },
    ],
    run: ([logits, t]) => ops.crossEntropy(logits, t, { ignoreIndex: -1, labelSmoothing: 0.1 }),
  },
  {
    name: "layerNorm over [2, 3, 5]",
    inputs: [{ shape: [2, 3, 5], lo: -2, hi: 2 }, { shape: [5], lo: 0.5, hi: 1.5 }, { shape: [5] }],
    run: ([x, g, b]) => ops.layerNorm(x, g, b),
    eps: 3e-3,
  },
  {
    name: "embedding with repeated ids",
    inputs: [{ shape: [5, 3] }, { shape: [2, 3], values: [1, 4, 1, 0, 1, 4], grad: false }],
    run: ([table, ids]) => ops.embedding(table, ids),
  },

  // --- shapes --------------------------------------------------------------
  {
    name: "concat on axis 1",
    inputs: [{ shape: [2, 1, 3] }, { shape: [2, 2, 3] }],
    run: ([a, b]) => ops.concat([a, b], 1),
  },
  {
    name: "concat on axis -1 of three tensors",
    inputs: [{ shape: [2, 2] }, { shape: [2, 3] }, { shape: [2, 1] }],
    run: ([a, b, c]) => ops.concat([a, b, c], -1),
  },
  { name: "slice axis 1", inputs: [{ shape: [2, 5, 3] }], run: ([x]) => ops.slice(x, 1, 1, 3) },
  {
    name: "split on axis -1, parts recombined with different weights",
    inputs: [{ shape: [3, 5] }],
    run: ([x]) => {
      const [a, b] = ops.split(x, -1, [2, 3]); // [3, 2], [3, 3]
      return ops.concat([ops.scale(b, 2), ops.square(a)], 1);
    },
  },
  {
    name: "permute [2, 3, 4] by [2, 0, 1]",
    inputs: [{ shape: [2, 3, 4] }],
    run: ([x]) => ops.permute(x, [2, 0, 1]),
  },
  { name: "transpose [2, 3, 4]", inputs: [{ shape: [2, 3, 4] }], run: ([x]) => ops.transpose(x) },
  {
    name: "reshape with -1 then square",
    inputs: [{ shape: [2, 6] }],
    run: ([x]) => ops.square(ops.reshape(x, [3, -1])),
  },
  {
    name: "splitHeads [2, 3, 4] into 2 heads",
    inputs: [{ shape: [2, 3, 4] }],
    run: ([x]) => ops.splitHeads(x, 2),
  },
  {
    name: "mergeHeads of [2, 2, 3, 2], times itself",
    inputs: [{ shape: [2, 2, 3, 2] }],
    run: ([x]) => ops.mul(ops.mergeHeads(x), ops.mergeHeads(x)),
  },
  {
    name: "rope with offset 3 and base 100 over [1, 2, 3, 4]",
    inputs: [{ shape: [1, 2, 3, 4] }],
    run: ([x]) => ops.rope(x, { offset: 3, base: 100 }),
  },

  // --- reductions and dropout ---------------------------------------------
  { name: "sum of everything", inputs: [{ shape: [2, 3] }], run: ([x]) => ops.sum(ops.square(x)) },
  { name: "sum axis -1", inputs: [{ shape: [2, 3, 4] }], run: ([x]) => ops.sum(x, { axis: -1 }) },
  { name: "sum axis 0", inputs: [{ shape: [2, 3, 4] }], run: ([x]) => ops.sum(x, { axis: 0 }) },
  {
    name: "sum axis 1 (middle)",
    inputs: [{ shape: [2, 3, 4] }],
    run: ([x]) => ops.sum(x, { axis: 1 }),
  },
  {
    name: "mean of everything",
    inputs: [{ shape: [2, 3] }],
    run: ([x]) => ops.mean(ops.square(x)),
  },
  { name: "mean axis -1", inputs: [{ shape: [2, 3, 4] }], run: ([x]) => ops.mean(x, { axis: -1 }) },
  {
    name: "dropout rate 0.4 while training",
    inputs: [{ shape: [4, 8] }],
    run: ([x]) => ops.dropout(x, { rate: 0.4, seed: 11, training: true }),
  },

  // --- a small attention block: the ops composed --------------------------
  {
    name: "scaled dot-product attention with causal mask",
    inputs: [{ shape: [2, 3, 4] }, { shape: [12, 4] }, { shape: [4, 4] }],
    run: ([x, wqkv, wo]) => {
      const qkv = ops.linear(x, wqkv); // [B, T, 3C]
      const [q, k, v] = ops.split(qkv, -1, [4, 4, 4]).map((t) => ops.splitHeads(t, 2)); // [B, h, T, dk]
      const weights = ops.softmax(ops.matmul(q, k, { transB: true }), {
        scale: 1 / Math.sqrt(2),
        causal: true,
      }); // [B, h, T, T]
      return ops.linear(ops.mergeHeads(ops.matmul(weights, v)), wo); // [B, T, C]
    },
  },
];

/** matmul for each transpose combination, with equal batches, a shared b and a shared a. */
function matmulCases(): GradCase[] {
  const out: GradCase[] = [];
  const [m, k, n, batch] = [2, 3, 4, 2];
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      const a = transA ? [k, m] : [m, k];
      const b = transB ? [n, k] : [k, n];
      const flags = `transA ${transA}, transB ${transB}`;
      const run = ([x, y]: Tensor[]) => ops.matmul(x, y, { transA, transB });
      out.push(
        { name: `matmul 2-D, ${flags}`, inputs: [{ shape: a }, { shape: b }], run },
        {
          name: `matmul batched [2, 2, ...], ${flags}`,
          inputs: [{ shape: [batch, 2, ...a] }, { shape: [batch, 2, ...b] }],
          run,
        },
        {
          name: `matmul with b shared over the batch, ${flags}`,
          inputs: [{ shape: [batch, 3, ...a] }, { shape: b }],
          run,
        },
        {
          name: `matmul with a shared over the batch, ${flags}`,
          inputs: [{ shape: a }, { shape: [batch, ...b] }],
          run,
        },
      );
    }
  }
  return out;
}

/** The case's inputs as tensors on `backend` (seeded by case and input index). */
export function makeInputs(backend: Backend, c: GradCase, caseIndex: number): Tensor[] {
  return c.inputs.map((spec, j) => {
    const n = spec.shape.reduce((p, d) => p * d, 1);
    const values = spec.values ??
      [...randomArray(n, 1000 * caseIndex + j + 1, spec.lo ?? -1, spec.hi ?? 1)];
    const t = Tensor.from(backend, values, spec.shape);
    t.requiresGrad = spec.grad ?? true;
    return t;
  });
}

/** The fixed random loss weights for an output of `shape`. */
export function lossWeights(shape: readonly number[], caseIndex: number): Float32Array {
  return randomArray(shape.reduce((p, d) => p * d, 1), 7919 + caseIndex, -1, 1);
}

/**
 * Runs the case under a tape: its output values and the gradient of
 * sum(output * weights) with respect to every input marked grad.
 */
export async function runWithGradients(
  backend: Backend,
  c: GradCase,
  caseIndex: number,
): Promise<{ output: Float32Array; grads: Float32Array[] }> {
  const kept = ops.tidy(() => {
    const inputs = makeInputs(backend, c, caseIndex);
    const tape = new Tape();
    const output = tape.record(() => c.run(inputs));
    const weights = Tensor.from(backend, lossWeights(output.shape, caseIndex), output.shape);
    const loss = tape.record(() => ops.sum(ops.mul(output, weights)));
    const wrt = inputs.filter((t) => t.requiresGrad);
    const grads = tape.backward(loss, wrt);
    return [output, ...wrt.map((t) => grads.get(t)!)];
  });
  const values = await Promise.all(kept.map((t) => t.toArray()));
  for (const t of kept) t.dispose();
  return { output: values[0], grads: values.slice(1) };
}

/** The case's output for the given input values, without a tape. */
export async function runForward(
  backend: Backend,
  c: GradCase,
  inputValues: Float32Array[],
): Promise<Float32Array> {
  const output = ops.tidy(() =>
    c.run(inputValues.map((v, j) => Tensor.from(backend, v, c.inputs[j].shape)))
  );
  const values = await output.toArray();
  output.dispose();
  return values;
}
