/**
 * Every op's backward against central finite differences on the cpu backend:
 * d loss / d x_i ~ (loss(x_i + h) - loss(x_i - h)) / 2h with
 * loss = sum(op(inputs) * fixed random weights), the loss summed in float64.
 */
import assert from "node:assert/strict";
import { ops } from "../../src/engine/mod.ts";
import { Tape, Tensor } from "../../src/engine/mod.ts";
import { CpuBackend } from "../../src/engine/cpu/backend.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend } from "../support/backends.ts";
import {
  cases,
  type GradCase,
  lossWeights,
  makeInputs,
  runForward,
  runWithGradients,
} from "./gradient_cases.ts";

/** Central differences of the weighted-sum loss for every element of every grad input. */
async function numericGradients(c: GradCase, caseIndex: number): Promise<Float32Array[]> {
  const inputs = makeInputs(cpuBackend, c, caseIndex);
  const values = await Promise.all(inputs.map((t) => t.toArray()));
  for (const t of inputs) t.dispose();
  const eps = c.eps ?? 1e-2;
  let weights: Float32Array | null = null;
  const loss = async (vals: Float32Array[]): Promise<number> => {
    const y = await runForward(cpuBackend, c, vals);
    weights ??= lossWeights(outputShapeOf(c, values), caseIndex);
    let total = 0;
    for (let i = 0; i < y.length; i++) total += y[i] * weights[i];
    return total;
  };
  const out: Float32Array[] = [];
  for (const [j, spec] of c.inputs.entries()) {
    if (spec.grad === false) continue;
    const g = new Float32Array(values[j].length);
    for (let i = 0; i < g.length; i++) {
      const x = values[j][i];
      const plus = values.map((v) => v.slice());
      const minus = values.map((v) => v.slice());
      plus[j][i] = x + eps;
      minus[j][i] = x - eps;
      const h = plus[j][i] - minus[j][i]; // the step float32 really took
      g[i] = (await loss(plus) - await loss(minus)) / h;
    }
    out.push(g);
  }
  return out;
}

function outputShapeOf(c: GradCase, values: Float32Array[]): number[] {
  return ops.tidy(() => {
    const y = c.run(values.map((v, j) => Tensor.from(cpuBackend, v, c.inputs[j].shape)));
    return [...y.shape];
  });
}

for (const [index, c] of cases.entries()) {
  Deno.test(`backward of ${c.name} matches finite differences`, async () => {
    const { grads } = await runWithGradients(cpuBackend, c, index);
    const numeric = await numericGradients(c, index);
    assert.equal(grads.length, numeric.length);
    const tol = c.fdTol ?? { rtol: 1e-2, atol: 2e-3 };
    grads.forEach((g, j) => assertClose(g, numeric[j], { ...tol, what: `${c.name}: input ${j}` }));
  });
}

// --- values checked by hand, so a consistently wrong forward cannot hide -----

Deno.test("matmul() with transB and a shared b equals the hand product", async () => {
  const a = Tensor.from(cpuBackend, [1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
  const b = Tensor.from(cpuBackend, [1, 0, 1, 1, 0, 2], [3, 2]); // b^T is [2, 3]
  const y = ops.matmul(a, b, { transB: true });
  assert.deepEqual(y.shape, [2, 2, 3]);
  assert.deepEqual([...await y.toArray()], [1, 3, 4, 3, 7, 8, 5, 11, 12, 7, 15, 16]);
});

Deno.test("linear() equals x W^T + b for a [2, 1, 2] input", async () => {
  const x = Tensor.from(cpuBackend, [1, 2, 3, 4], [2, 1, 2]);
  const w = Tensor.from(cpuBackend, [1, 1, 2, -1, 0, 3], [3, 2]);
  const b = Tensor.from(cpuBackend, [0.5, 0, -1], [3]);
  const y = ops.linear(x, w, b);
  assert.deepEqual(y.shape, [2, 1, 3]);
  assert.deepEqual([...await y.toArray()], [3.5, 0, 5, 7.5, 2, 11]);
});

Deno.test("crossEntropy() of uniform logits is log V over non-ignored rows", async () => {
  const logits = Tensor.zeros(cpuBackend, [3, 4]);
  const targets = Tensor.from(cpuBackend, [1, 0, 3], [3]);
  const loss = ops.crossEntropy(logits, targets);
  assert.deepEqual(loss.shape, []);
  assertClose(await loss.toArray(), [Math.log(4)]);
});

Deno.test("sum() and mean() give scalars; mean over an axis divides by its length", async () => {
  const x = Tensor.from(cpuBackend, [1, 2, 3, 4, 5, 6], [2, 3]);
  assert.deepEqual(ops.sum(x).shape, []);
  assertClose(await ops.sum(x).toArray(), [21]);
  assertClose(await ops.mean(x).toArray(), [3.5]);
  assertClose(await ops.mean(x, { axis: -1 }).toArray(), [2, 5]);
  assertClose(await ops.sum(x, { axis: 0 }).toArray(), [5, 7, 9]);
});

Deno.test("splitHeads() then mergeHeads() is the identity, and heads hold the right columns", async () => {
  const x = Tensor.from(cpuBackend, Array.from({ length: 12 }, (_, i) => i), [1, 3, 4]);
  const heads = ops.splitHeads(x, 2); // [1, 2, 3, 2]
  assert.deepEqual(heads.shape, [1, 2, 3, 2]);
  assert.deepEqual([...await heads.toArray()], [0, 1, 4, 5, 8, 9, 2, 3, 6, 7, 10, 11]);
  assert.deepEqual([...await ops.mergeHeads(heads).toArray()], [...await x.toArray()]);
});

Deno.test("argmax() picks the first largest index of each row and has no gradient", async () => {
  const x = Tensor.from(cpuBackend, [0, 3, 3, 1, 5, -1], [2, 3]);
  x.requiresGrad = true;
  const tape = new Tape();
  const ids = tape.record(() => ops.argmax(x));
  assert.deepEqual(ids.shape, [2]);
  assert.deepEqual([...await ids.toArray()], [1, 1]);
  assert.equal(ids.node, null);
});

Deno.test("dropout() is the identity when not training and keeps about 1 - rate of the values", async () => {
  const x = Tensor.full(cpuBackend, [1000], 1);
  assert.equal(ops.dropout(x, { rate: 0.5, seed: 1, training: false }), x);
  const y = await ops.dropout(x, { rate: 0.25, seed: 3, training: true }).toArray();
  const kept = y.filter((v) => v !== 0);
  assert.ok(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6));
  assert.ok(Math.abs(kept.length - 750) < 60, `kept ${kept.length} of 1000`);
});

Deno.test("softmax() with a fully masked row gives zeros and rows that sum to 1 otherwise", async () => {
  const x = Tensor.from(cpuBackend, [1, 2, 3, 4, 5, 6], [2, 3]);
  const mask = Tensor.from(cpuBackend, [-Infinity, -Infinity, -Infinity, 0, 0, 0], [2, 3]);
  const y = await ops.softmax(x, { mask }).toArray();
  assert.deepEqual([...y.slice(0, 3)], [0, 0, 0]);
  assertClose([y[3] + y[4] + y[5]], [1]);
});

// --- errors that say what was expected and what was got ---------------------

Deno.test("ops reject bad shapes with messages naming both shapes", () => {
  const a = Tensor.zeros(cpuBackend, [2, 3]);
  const b = Tensor.zeros(cpuBackend, [4, 5]);
  assert.throws(
    () => ops.matmul(a, b),
    /matmul: inner dimensions differ: a is \[2, 3\], b is \[4, 5\]/,
  );
  assert.throws(
    () => ops.matmul(Tensor.zeros(cpuBackend, [2, 2, 3]), Tensor.zeros(cpuBackend, [3, 3, 4])),
    /matmul: batch dimensions differ/,
  );
  assert.throws(
    () => ops.add(a, Tensor.zeros(cpuBackend, [2])),
    /add: shapes do not broadcast: a is \[2, 3\], b is \[2\]/,
  );
  assert.throws(
    () =>
      ops.softmax(Tensor.zeros(cpuBackend, [2, 3, 4]), { mask: Tensor.zeros(cpuBackend, [5, 4]) }),
    /softmax: expected a mask of shape .* got \[5, 4\]/,
  );
  assert.throws(() => ops.linear(a, b), /linear: expected x of shape \[\.\.\., 5\]/);
  assert.throws(() => ops.reshape(a, [4, -1]), /reshape: cannot view \[2, 3\]/);
  assert.throws(() => ops.split(a, 1, [1, 1]), /split: expected sizes adding up to 3/);
  assert.throws(() => ops.crossEntropy(a, Tensor.zeros(cpuBackend, [3])), /expected 2 targets/);
  assert.throws(() => ops.splitHeads(Tensor.zeros(cpuBackend, [1, 2, 5]), 2), /splitHeads/);
  assert.throws(() => ops.slice(a, -1, 2, 2), /slice: expected 0 <= start and start \+ len <= 3/);
  assert.throws(() => ops.sum(a, { axis: 2 }), /sum: expected an axis in \[-2, 1\], got 2/);
});

Deno.test("ops reject operands on different backends", () => {
  const other = new CpuBackend();
  const a = Tensor.zeros(cpuBackend, [2, 2]);
  const b = Tensor.zeros(other, [2, 2]);
  assert.throws(() => ops.add(a, b), /add: operands live on different backends/);
  assert.throws(() => ops.matmul(a, b), /matmul: operands live on different backends/);
});
