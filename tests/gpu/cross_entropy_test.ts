import assert from "node:assert/strict";
import type { Backend, CrossEntropyParams } from "../../src/engine/backend/contract.ts";
import { assertClose } from "../support/assert_close.ts";
import { randomArray } from "../support/backends.ts";
import { onBoth, type Upload } from "../support/on_both.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

/** Targets in [0, cols), with every `ignoreEvery`-th row set to ignoreIndex. */
function targetsFor(rows: number, cols: number, ignoreIndex: number, ignoreEvery: number) {
  const u = randomArray(rows, rows * 13 + cols, 0, 1);
  return u.map((
    v,
    i,
  ) => (ignoreEvery > 0 && i % ignoreEvery === 1 ? ignoreIndex : Math.floor(v * cols)));
}

function lossAndGrad(
  b: Backend,
  up: Upload,
  logits: Float32Array,
  targets: Float32Array,
  p: CrossEntropyParams,
) {
  const l = up(logits);
  const t = up(targets);
  return [b.crossEntropy(l, t, p), b.crossEntropyBackward(l, t, up(Float32Array.of(1.5)), p)];
}

Deno.test("crossEntropy() and its backward match the cpu backend", gpuTest, async () => {
  for (const rows of [1, 3, 17, 65, 130]) {
    for (const cols of [1, 3, 17, 65, 130]) {
      for (const labelSmoothing of [0, 0.1]) {
        const logits = randomArray(rows * cols, rows * 100 + cols, -5, 5);
        const p = { rows, cols, ignoreIndex: -100, labelSmoothing };
        const targets = targetsFor(rows, cols, p.ignoreIndex, 3);
        const r = await onBoth((b, up) => lossAndGrad(b, up, logits, targets, p));
        const what = `${rows}x${cols} smoothing ${labelSmoothing}`;
        assertClose(r[1][0], r[0][0], { what: `loss ${what}` });
        assertClose(r[1][1], r[0][1], { what: `grad ${what}` });
      }
    }
  }
});

Deno.test("crossEntropy() ignores rows whose target is the pad id 0", gpuTest, async () => {
  const [rows, cols] = [9, 5];
  const logits = randomArray(rows * cols, 5, -2, 2);
  const targets = Float32Array.of(0, 1, 2, 0, 4, 3, 0, 0, 1);
  const p = { rows, cols, ignoreIndex: 0, labelSmoothing: 0.2 };
  const r = await onBoth((b, up) => lossAndGrad(b, up, logits, targets, p));
  assertClose(r[1][0], r[0][0]);
  assertClose(r[1][1], r[0][1]);
  for (const row of [0, 3, 6, 7]) {
    assert.deepEqual([...r[1][1].subarray(row * cols, (row + 1) * cols)], [0, 0, 0, 0, 0]);
  }
  assert.ok(r[1][0][0] > 0, `expected a positive loss, got ${r[1][0][0]}`);
});

Deno.test("crossEntropy() of all-ignored rows is 0 with zero gradients", gpuTest, async () => {
  const [rows, cols] = [4, 3];
  const logits = randomArray(rows * cols, 9);
  const targets = new Float32Array(rows).fill(-100);
  const r = await onBoth((b, up) =>
    lossAndGrad(b, up, logits, targets, { rows, cols, ignoreIndex: -100 })
  );
  assert.deepEqual([...r[1][0]], [0]);
  assert.deepEqual([...r[1][1]], new Array(rows * cols).fill(0));
  assertClose(r[1][0], r[0][0]);
});

Deno.test("crossEntropy() of one confident correct row is near 0", gpuTest, async () => {
  const gpu = webgpuOrThrow();
  const logits = gpu.upload(Float32Array.of(20, 0, 0));
  const loss = gpu.crossEntropy(logits, gpu.upload(Float32Array.of(0)), {
    rows: 1,
    cols: 3,
    ignoreIndex: -100,
  });
  const [value] = await gpu.read(loss);
  assert.ok(value >= 0 && value < 1e-8, `expected about 4e-9, got ${value}`);
});

Deno.test(
  "crossEntropy() keeps its mean on the GPU: no round trip until read",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const [rows, cols] = [65, 17];
    const logits = gpu.upload(randomArray(rows * cols, 4, -3, 3));
    const targets = gpu.upload(targetsFor(rows, cols, -100, 5));
    const dLoss = gpu.upload(Float32Array.of(1));
    await gpu.sync();
    const { roundTrips, dispatches } = gpu.stats;
    const p = { rows, cols, ignoreIndex: -100 };
    const loss = gpu.crossEntropy(logits, targets, p);
    const grad = gpu.crossEntropyBackward(logits, targets, dLoss, p);
    assert.equal(gpu.stats.roundTrips, roundTrips, "recording must not wait for the GPU");
    assert.equal(gpu.stats.dispatches - dispatches, 4, "two dispatches each (rows, then the sum)");
    const [value] = await gpu.read(loss);
    assert.ok(value > 0 && Number.isFinite(value), `expected a positive loss, got ${value}`);
    for (const s of [logits, targets, dLoss, loss, grad]) gpu.release(s);
  },
);
