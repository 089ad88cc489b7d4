import assert from "node:assert/strict";
import type { AdamParams, Backend } from "../../src/engine/backend/contract.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

/**
 * Runs `steps` Adam updates on one backend from the same start, with grads that change every
 * step and the global-norm input taken from that backend's sumSquares; returns param, m, v.
 */
async function train(
  b: Backend,
  n: number,
  steps: number,
  p: Omit<AdamParams, "n" | "step">,
): Promise<Float32Array[]> {
  const param = b.upload(randomArray(n, n, -1, 1));
  const m = b.upload(new Float32Array(n));
  const v = b.upload(new Float32Array(n));
  for (let step = 1; step <= steps; step++) {
    const grad = b.upload(randomArray(n, n * 10 + step, -3, 3));
    const normSq = p.clip ? b.sumSquares(grad, { n }) : null;
    b.adam(param, grad, m, v, normSq, { ...p, n, step });
    b.release(grad);
    if (normSq) b.release(normSq);
  }
  return await Promise.all([param, m, v].map((s) => b.read(s)));
}

const BASE = { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

Deno.test("adam() matches the cpu backend over several steps", gpuTest, async () => {
  const gpu = webgpuOrThrow();
  const variants: [string, Omit<AdamParams, "n" | "step">][] = [
    ["plain", BASE],
    ["weight decay", { ...BASE, weightDecay: 0.1 }],
    // Grads in [-3, 3]: the norm is far above 1, so the clip scales them.
    ["clip active", { ...BASE, clip: { maxNorm: 1 } }],
    ["clip inactive", { ...BASE, clip: { maxNorm: 1e6 } }],
    ["clip and decay", { ...BASE, weightDecay: 0.01, clip: { maxNorm: 0.5 }, beta1: 0.8 }],
  ];
  // Multiples of 4 take the vec4 kernel (16 per invocation).
  for (const n of [1, 3, 17, 65, 130, 4, 1028, 5000]) {
    for (const [name, p] of variants) {
      const expected = await train(cpuBackend as Backend, n, 5, p);
      const actual = await train(gpu as Backend, n, 5, p);
      for (const [i, what] of ["param", "m", "v"].entries()) {
        assertClose(actual[i], expected[i], { what: `${what} n=${n} ${name}` });
      }
    }
  }
});

Deno.test("adam() with an active clip scales the gradients", gpuTest, async () => {
  const gpu = webgpuOrThrow();
  // After one step m = (1 - beta1) * g, so m shows the grads the update used.
  const [, mClipped] = await train(gpu as Backend, 17, 1, { ...BASE, clip: { maxNorm: 0.1 } });
  const [, mPlain] = await train(gpu as Backend, 17, 1, BASE);
  for (let i = 0; i < 17; i++) {
    const ratio = mClipped[i] / mPlain[i];
    assert.ok(
      ratio > 0 && ratio < 0.1,
      `expected grad ${i} scaled by a factor in (0, 0.1), got ${ratio}`,
    );
  }
});

Deno.test("adam() rejects clip without a normSq storage", gpuTest, () => {
  const gpu = webgpuOrThrow();
  const s = gpu.upload(new Float32Array(2));
  assert.throws(
    () => gpu.adam(s, s, s, s, null, { ...BASE, n: 2, step: 1, clip: { maxNorm: 1 } }),
    /expected a normSq storage, got null/,
  );
  gpu.release(s);
});
