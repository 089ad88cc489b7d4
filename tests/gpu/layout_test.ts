import assert from "node:assert/strict";
import type { AxisParams } from "../../src/engine/backend/contract.ts";
import { randomArray } from "../support/backends.ts";
import { assertClose } from "../support/assert_close.ts";
import { simplifyPermutation } from "../../src/engine/webgpu/kernels/layout.ts";
import { onBothInputs } from "../support/on_both.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

const AXIS_CASES: AxisParams[] = [
  { outer: 1, axisLen: 1, inner: 1, start: 0, len: 1 },
  { outer: 1, axisLen: 3, inner: 1, start: 1, len: 2 },
  { outer: 17, axisLen: 3, inner: 1, start: 0, len: 1 },
  { outer: 2, axisLen: 65, inner: 3, start: 10, len: 50 },
  { outer: 5, axisLen: 130, inner: 2, start: 129, len: 1 },
  { outer: 3, axisLen: 4, inner: 17, start: 1, len: 3 },
  { outer: 3, axisLen: 4, inner: 17, start: 2, len: 0 },
];

Deno.test("sliceAxis() takes the same window as the cpu", gpuTest, async () => {
  for (const p of AXIS_CASES) {
    const x = randomArray(p.outer * p.axisLen * p.inner, p.axisLen);
    const r = await onBothInputs([x], (b, [xs]) => b.sliceAxis(xs, p));
    assertClose(r.gpu, r.cpu, { rtol: 0, atol: 0, what: `sliceAxis ${JSON.stringify(p)}` });
  }
});

Deno.test("writeAxis() writes the window in place and leaves the rest", gpuTest, async () => {
  for (const p of AXIS_CASES) {
    const dst = randomArray(p.outer * p.axisLen * p.inner, 1);
    const src = randomArray(p.outer * p.len * p.inner, 2);
    const r = await onBothInputs([dst, src], (b, [ds, ss]) => {
      b.writeAxis(ds, ss, p);
    });
    assertClose(r.gpu, r.cpu, { rtol: 0, atol: 0, what: `writeAxis ${JSON.stringify(p)}` });
  }
});

Deno.test("sliceAxis() and writeAxis() reject a window past the axis", gpuTest, () => {
  const gpu = webgpuOrThrow();
  const x = gpu.upload(new Float32Array(12));
  const p = { outer: 1, axisLen: 12, inner: 1, start: 10, len: 3 };
  assert.throws(() => gpu.sliceAxis(x, p), /start \+ len <= axisLen 12/);
  assert.throws(() => gpu.writeAxis(x, x, { ...p, len: 2 }), /src has 12 elements, expected 2/);
  gpu.release(x);
});

const PERMUTE_CASES: { shape: number[]; perm: number[] }[] = [
  { shape: [17], perm: [0] },
  { shape: [3, 17], perm: [1, 0] },
  { shape: [65, 2], perm: [1, 0] },
  { shape: [2, 3, 4], perm: [0, 2, 1] },
  { shape: [2, 3, 4], perm: [2, 0, 1] },
  { shape: [2, 5, 3, 4], perm: [0, 2, 1, 3] }, // [B, T, H, D] -> [B, H, T, D]
  { shape: [2, 1, 3, 1, 4], perm: [4, 3, 2, 1, 0] },
  { shape: [2, 3, 1, 2, 3, 2], perm: [5, 0, 4, 1, 3, 2] },
  { shape: [1, 1, 1], perm: [2, 0, 1] },
  { shape: [130, 3], perm: [1, 0] },
  { shape: [2, 0, 3], perm: [2, 1, 0] },
];

Deno.test("permute() matches the cpu up to rank 6", gpuTest, async () => {
  for (const p of PERMUTE_CASES) {
    const n = p.shape.reduce((a, b) => a * b, 1);
    const x = randomArray(n, n + p.shape.length);
    const r = await onBothInputs([x], (b, [xs]) => b.permute(xs, p));
    assertClose(r.gpu, r.cpu, { rtol: 0, atol: 0, what: `permute ${JSON.stringify(p)}` });
  }
});

Deno.test("permute() matches the cpu on random shapes and permutations", gpuTest, async () => {
  let seed = 1;
  const next = (k: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % k;
  };
  for (let trial = 0; trial < 30; trial++) {
    const rank = 1 + next(6);
    const shape = Array.from({ length: rank }, () => 1 + next(4));
    const perm = [...shape.keys()];
    for (let i = rank - 1; i > 0; i--) {
      const j = next(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const n = shape.reduce((a, b) => a * b, 1);
    const r = await onBothInputs(
      [randomArray(n, trial)],
      (b, [xs]) => b.permute(xs, { shape, perm }),
    );
    assertClose(r.gpu, r.cpu, { rtol: 0, atol: 0, what: `permute ${shape} by ${perm}` });
  }
});

Deno.test("simplifyPermutation() drops size-1 dims and merges adjacent runs", () => {
  assert.deepEqual(simplifyPermutation([2, 3, 4], [0, 1, 2]), { shape: [24], perm: [0] });
  assert.deepEqual(simplifyPermutation([2, 5, 3, 4], [0, 2, 1, 3]), {
    shape: [2, 5, 3, 4],
    perm: [0, 2, 1, 3],
  });
  assert.deepEqual(simplifyPermutation([2, 3, 4], [2, 0, 1]), { shape: [6, 4], perm: [1, 0] });
  assert.deepEqual(simplifyPermutation([2, 1, 4], [1, 2, 0]), { shape: [2, 4], perm: [1, 0] });
  assert.deepEqual(simplifyPermutation([1, 1], [1, 0]), { shape: [1], perm: [0] });
});

Deno.test("permute() rejects a rank above 6 and a non-permutation", gpuTest, () => {
  const gpu = webgpuOrThrow();
  const x = gpu.upload(new Float32Array(6));
  assert.throws(
    () => gpu.permute(x, { shape: [1, 1, 1, 1, 1, 2, 3], perm: [0, 1, 2, 3, 4, 5, 6] }),
    /rank 1..6, got rank 7/,
  );
  assert.throws(() => gpu.permute(x, { shape: [2, 3], perm: [0, 0] }), /permutation of 0..1/);
  gpu.release(x);
});

Deno.test("rope() rotates like the cpu, forward and inverse, with offsets", gpuTest, async () => {
  const cases = [
    { rows: 1, t: 1, dim: 2 },
    { rows: 3, t: 17, dim: 4 },
    { rows: 2, t: 65, dim: 8, offset: 3 },
    { rows: 4, t: 5, dim: 16, offset: 500, base: 500 },
    { rows: 1, t: 130, dim: 6, inverse: true },
    { rows: 2, t: 3, dim: 32, offset: 1000, inverse: true },
  ];
  for (const p of cases) {
    const x = randomArray(p.rows * p.t * p.dim, p.t + p.dim);
    const r = await onBothInputs([x], (b, [xs]) => b.rope(xs, p));
    assertClose(r.gpu, r.cpu, { what: `rope ${JSON.stringify(p)}` });
  }
});

Deno.test("rope() inverse undoes rope() on webgpu", gpuTest, async () => {
  const gpu = webgpuOrThrow();
  const p = { rows: 2, t: 9, dim: 8, offset: 2 };
  const data = randomArray(2 * 9 * 8, 5);
  const x = gpu.upload(data);
  const y = gpu.rope(x, p);
  const back = gpu.rope(y, { ...p, inverse: true });
  const [ys, bs] = await Promise.all([gpu.read(y), gpu.read(back)]);
  assert.notDeepEqual([...ys], [...data], "expected rope to change x");
  assertClose(bs, data, { atol: 1e-6 });
  [x, y, back].forEach((b) => gpu.release(b));
});
