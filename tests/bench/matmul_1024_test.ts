/**
 * `bench matmul` includes the 1024 cube (the size `bench matmul --numpy` compares at): on webgpu
 * its three 4 MiB matrices fit the storage binding limit, the suite times it, and the product it
 * times is right.
 */
import assert from "node:assert/strict";
import { MATMUL_CASES, runMatmulSuite } from "../../src/bench/matmul_suite.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";
import { randomArray } from "../support/backends.ts";

const N = 1024;

Deno.test("bench matmul's default cases include the 1024 cube", () => {
  const cube = MATMUL_CASES.find((c) => c.name === `matmul ${N}x${N}x${N}`);
  assert.deepEqual(cube?.p, { batch: 1, m: N, k: N, n: N });
});

Deno.test(
  "the 1024 cube runs on webgpu within the binding limit and multiplies right",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    assert.ok(
      N * N * 4 <= gpu.rt.limits.maxStorageBindingBytes,
      "4 MiB per matrix fits one binding",
    );
    const cube = MATMUL_CASES.find((c) => c.name === `matmul ${N}x${N}x${N}`)!;
    const report = await runMatmulSuite(gpu, { reps: 1, cases: [cube] });
    const r = report.results[0];
    assert.equal(r.name, `matmul ${N}x${N}x${N}`);
    assert.ok(r.value! > 0 && r.unit === "GFLOP/s", JSON.stringify(r));

    // The product itself, checked at a spread of entries against float64 dot products.
    const a = randomArray(N * N, 1); // [N, N]
    const b = randomArray(N * N, 2); // [N, N]
    const [sa, sb] = [gpu.upload(a), gpu.upload(b)];
    const sc = gpu.matmul(sa, sb, cube.p); // [N, N]
    const c = await gpu.read(sc);
    for (const s of [sa, sb, sc]) gpu.release(s);
    for (const [i, j] of [[0, 0], [0, N - 1], [N - 1, 0], [N - 1, N - 1], [517, 263], [128, 900]]) {
      let want = 0;
      for (let k = 0; k < N; k++) want += a[i * N + k] * b[k * N + j];
      assert.ok(
        Math.abs(c[i * N + j] - want) < 1e-3,
        `c[${i}, ${j}] = ${c[i * N + j]}, want ${want}`,
      );
    }
  },
);
