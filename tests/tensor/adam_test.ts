import assert from "node:assert/strict";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { Tensor } from "../../src/engine/mod.ts";
import { Adam } from "../../src/engine/optim/adam.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

/** Two parameters, two steps of Adam with the given gradients; returns the parameters after. */
async function twoSteps(
  backend: Backend,
  options: ConstructorParameters<typeof Adam>[1],
): Promise<Float32Array[]> {
  const w = Tensor.from(backend, [1, -2, 3], [3]);
  const b = Tensor.from(backend, [0.5], [1]);
  const adam = new Adam([w, b], options);
  const gradients = [[[3, 0, -4], [12]], [[1, 1, 1], [-1]]];
  for (const [gw, gb] of gradients) {
    const grads = new Map([[w, Tensor.from(backend, gw, [3])], [b, Tensor.from(backend, gb, [1])]]);
    adam.step(grads);
    for (const g of grads.values()) g.dispose();
  }
  assert.equal(adam.stepCount, 2);
  const out = await Promise.all([w.toArray(), b.toArray()]);
  adam.dispose();
  w.dispose();
  b.dispose();
  return out;
}

/** The same two steps in float64, written out from Kingma & Ba 2015, Algorithm 1 (+ AdamW, clipping). */
function reference(
  options: { lr: number; weightDecay?: number; clipNorm?: number },
): number[][] {
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  const params = [[1, -2, 3], [0.5]];
  const m = [[0, 0, 0], [0]];
  const v = [[0, 0, 0], [0]];
  const gradients = [[[3, 0, -4], [12]], [[1, 1, 1], [-1]]];
  gradients.forEach((grads, s) => {
    const t = s + 1;
    const norm = Math.sqrt(grads.flat().reduce((acc, g) => acc + g * g, 0));
    const clip = options.clipNorm ? Math.min(1, options.clipNorm / (norm + 1e-6)) : 1;
    params.forEach((p, i) =>
      p.forEach((_, j) => {
        const g = grads[i][j] * clip;
        p[j] -= options.lr * (options.weightDecay ?? 0) * p[j];
        m[i][j] = beta1 * m[i][j] + (1 - beta1) * g;
        v[i][j] = beta2 * v[i][j] + (1 - beta2) * g * g;
        const mHat = m[i][j] / (1 - beta1 ** t);
        const vHat = v[i][j] / (1 - beta2 ** t);
        p[j] -= options.lr * mHat / (Math.sqrt(vHat) + eps);
      })
    );
  });
  return params;
}

const variants = [
  { name: "plain", options: { lr: 0.1 } },
  { name: "with weight decay", options: { lr: 0.1, weightDecay: 0.5 } },
  { name: "with global grad-norm clipping", options: { lr: 0.1, clipNorm: 1 } },
];

for (const { name, options } of variants) {
  Deno.test(`Adam ${name} matches Kingma & Ba's algorithm on cpu`, async () => {
    const [w, b] = await twoSteps(cpuBackend, options);
    const [rw, rb] = reference(options);
    assertClose(w, rw, { rtol: 1e-5, atol: 1e-6 });
    assertClose(b, rb, { rtol: 1e-5, atol: 1e-6 });
  });
}

Deno.test("Adam clipping changes the update only when the global norm exceeds clipNorm", async () => {
  const [clipped] = await twoSteps(cpuBackend, { lr: 0.1, clipNorm: 1 });
  const [plain] = await twoSteps(cpuBackend, { lr: 0.1 });
  const [loose] = await twoSteps(cpuBackend, { lr: 0.1, clipNorm: 100 });
  assert.notDeepEqual([...clipped], [...plain]);
  assertClose(loose, plain, { rtol: 1e-6, atol: 1e-7 });
});

Deno.test("Adam rejects a gradient of the wrong size", () => {
  const w = Tensor.from(cpuBackend, [1, 2], [2]);
  const adam = new Adam([w], { lr: 0.1 });
  assert.throws(
    () => adam.step(new Map([[w, Tensor.zeros(cpuBackend, [3])]])),
    /Adam: expected a gradient of shape \[2\] for a parameter, got \[3\]/,
  );
});

Deno.test("Adam rejects parameters on two backends", gpuTest, () => {
  const w = Tensor.from(cpuBackend, [1, 2], [2]);
  const other = Tensor.zeros(webgpuOrThrow(), [1]);
  assert.throws(() => new Adam([w, other], { lr: 0.1 }), /one backend/);
  other.dispose();
});

Deno.test(
  "Adam on webgpu matches cpu, with weight decay and clipping",
  gpuTest,
  async () => {
    const options = { lr: 0.1, weightDecay: 0.1, clipNorm: 1 };
    const expected = await twoSteps(cpuBackend, options);
    const actual = await twoSteps(webgpuOrThrow(), options);
    actual.forEach((a, i) => assertClose(a, expected[i], { rtol: 1e-5, atol: 1e-6 }));
  },
);
