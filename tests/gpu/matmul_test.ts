import assert from "node:assert/strict";
import type { MatmulParams } from "../../src/engine/backend/contract.ts";
import { MATMUL_VARIANTS, setMatmulOverride } from "../../src/engine/webgpu/matmul_tuning.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

/** Odd sizes (the scalar kernels) and multiples of 4 that are not multiples of a tile (vec4 ones). */
const SIZE_SETS = [[1, 3, 17, 65, 130], [4, 12, 68, 132]];

/** Every (m, k, n) from sizes, batch 1 and 3, no / A / B broadcast, for one transpose pair. */
function cases(sizes: number[], transA: boolean, transB: boolean): MatmulParams[] {
  const out: MatmulParams[] = [];
  for (const m of sizes) {
    for (const k of sizes) {
      for (const n of sizes) {
        out.push({ batch: 1, m, k, n, transA, transB });
        out.push({ batch: 3, m, k, n, transA, transB });
        out.push({ batch: 3, m, k, n, transA, transB, broadcastA: true });
        out.push({ batch: 3, m, k, n, transA, transB, broadcastB: true });
      }
    }
  }
  return out;
}

/** The reference product from the cpu backend. */
async function cpuMatmul(a: Float32Array, b: Float32Array, p: MatmulParams): Promise<Float32Array> {
  const ca = cpuBackend.upload(a);
  const cb = cpuBackend.upload(b);
  const out = cpuBackend.matmul(ca, cb, p);
  const result = await cpuBackend.read(out);
  for (const s of [ca, cb, out]) cpuBackend.release(s);
  return result;
}

function describe(p: MatmulParams): string {
  const flags = ["transA", "transB", "broadcastA", "broadcastB"].filter((f) =>
    p[f as keyof MatmulParams]
  );
  return `batch ${p.batch} m ${p.m} k ${p.k} n ${p.n}${flags.length ? ` ${flags.join(" ")}` : ""}`;
}

/**
 * Float32 sums of k products of values in [-1, 1): rounding error grows with k (the kernels
 * and the cpu loop add in different orders), so the absolute tolerance does too.
 */
function tolerance(k: number) {
  return { rtol: 1e-4, atol: Math.max(1e-5, 2e-6 * k) };
}

for (const sizes of SIZE_SETS) {
  for (const [transA, transB] of [[false, false], [false, true], [true, false], [true, true]]) {
    const all = cases(sizes, transA, transB);
    for (const variant of MATMUL_VARIANTS) {
      Deno.test(
        `matmul() ${variant} equals the cpu backend, transA ${transA} transB ${transB}, ` +
          `m, k, n in {${sizes.join(", ")}}, batched and broadcast`,
        gpuTest,
        async () => {
          const gpu = webgpuOrThrow(); // no adapter on this machine: the cpu backend is all there is
          const previous = setMatmulOverride(variant);
          try {
            // Record every case, then read them all in one tick: one submit, one round trip.
            const runs = all.map((p, i) => {
              const a = randomArray((p.broadcastA ? 1 : p.batch) * p.m * p.k, 2 * i + 1);
              const b = randomArray((p.broadcastB ? 1 : p.batch) * p.k * p.n, 2 * i + 2);
              const ga = gpu.upload(a);
              const gb = gpu.upload(b);
              const out = gpu.matmul(ga, gb, p);
              gpu.release(ga);
              gpu.release(gb);
              return { p, a, b, out };
            });
            const roundTrips = gpu.stats.roundTrips;
            const results = await Promise.all(runs.map((r) => gpu.read(r.out)));
            assert.equal(gpu.stats.roundTrips, roundTrips + 1, "all reads share one round trip");
            for (const [i, { p, a, b, out }] of runs.entries()) {
              gpu.release(out);
              const expected = await cpuMatmul(a, b, p);
              assertClose(results[i], expected, { ...tolerance(p.k), what: describe(p) });
            }
          } finally {
            setMatmulOverride(previous);
          }
        },
      );
    }
  }
}

Deno.test(
  "matmul() blocked vec4 path handles partial workgroup tiles",
  gpuTest,
  async () => {
    // k and n multiples of 4 select the vec4 entry point; m, n not multiples of the 64 x 64
    // workgroup tile exercise its clamped loads and skipped stores.
    const gpu = webgpuOrThrow(); // no adapter on this machine: the cpu backend is all there is
    const previous = setMatmulOverride("blocked");
    try {
      for (const p of [{ batch: 2, m: 100, k: 132, n: 76 }, { batch: 1, m: 72, k: 4, n: 4 }]) {
        const a = randomArray(p.batch * p.m * p.k, 7);
        const b = randomArray(p.batch * p.k * p.n, 8);
        const ga = gpu.upload(a);
        const gb = gpu.upload(b);
        const out = gpu.matmul(ga, gb, p);
        const got = await gpu.read(out);
        for (const s of [ga, gb, out]) gpu.release(s);
        assertClose(got, await cpuMatmul(a, b, p), { ...tolerance(p.k), what: describe(p) });
      }
    } finally {
      setMatmulOverride(previous);
    }
  },
);

Deno.test("matmul() with k = 0 gives zeros on both variants", gpuTest, async () => {
  const gpu = webgpuOrThrow(); // no adapter on this machine: the cpu backend is all there is
  for (const variant of MATMUL_VARIANTS) {
    const previous = setMatmulOverride(variant);
    try {
      const empty = gpu.upload(new Float32Array(0));
      const out = gpu.matmul(empty, empty, { batch: 2, m: 3, k: 0, n: 5 });
      assert.deepEqual([...await gpu.read(out)], new Array(30).fill(0), variant);
      gpu.release(out);
      gpu.release(empty);
    } finally {
      setMatmulOverride(previous);
    }
  }
});

Deno.test("matmul() says which operand has the wrong size", gpuTest, () => {
  const gpu = webgpuOrThrow(); // no adapter on this machine: the cpu backend is all there is
  const a = gpu.upload(new Float32Array(6));
  const b = gpu.upload(new Float32Array(6));
  try {
    assert.throws(
      () => gpu.matmul(a, b, { batch: 1, m: 2, k: 3, n: 4 }),
      /matmul: b has 6 elements, expected 12 for \[batch 1, k 3, n 4\]/,
    );
    assert.throws(
      () => gpu.matmul(a, b, { batch: 2, m: 2, k: 3, n: 2, broadcastB: true }),
      /matmul: a has 6 elements, expected 12 for \[batch 2, m 2, k 3\]/,
    );
  } finally {
    gpu.release(a);
    gpu.release(b);
  }
});
