import assert from "node:assert/strict";
import {
  clearMatmulTunings,
  defaultMatmulVariant,
  MATMUL_VARIANTS,
  type MatmulVariant,
  matmulVariantFor,
  setMatmulOverride,
  shapeClass,
  tuningPath,
} from "../../src/engine/webgpu/matmul_tuning.ts";
import { tuneMatmul } from "../../src/engine/webgpu/kernels/matmul.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

Deno.test("defaultMatmulVariant() picks wide on CPU rasterizers and tiled on GPUs", () => {
  assert.equal(defaultMatmulVariant("llvmpipe (LLVM 15.0.6, 256 bits)"), "wide");
  assert.equal(defaultMatmulVariant("SwiftShader Device (Subzero)"), "wide");
  assert.equal(defaultMatmulVariant("NVIDIA GeForce RTX 4090"), "tiled");
  assert.equal(defaultMatmulVariant("Apple M2"), "tiled");
});

Deno.test("shapeClass() groups products by FLOPs", () => {
  assert.equal(shapeClass({ batch: 32, m: 12, k: 16, n: 12 }), "small");
  assert.equal(shapeClass({ batch: 1, m: 768, k: 64, n: 256 }), "medium");
  assert.equal(shapeClass({ batch: 1, m: 512, k: 512, n: 512 }), "large");
});

Deno.test("setMatmulOverride() wins over the adapter default and rejects unknown names", () => {
  const p = { batch: 1, m: 8, k: 8, n: 8 };
  clearMatmulTunings();
  const previous = setMatmulOverride("tiled");
  try {
    assert.equal(matmulVariantFor("llvmpipe (test)", p), "tiled");
    setMatmulOverride("blocked");
    assert.equal(matmulVariantFor("Some Real GPU", p), "blocked");
    assert.throws(
      () => setMatmulOverride("naive" as MatmulVariant),
      /expected one of blocked, tiled, wide, got "naive"/,
    );
  } finally {
    setMatmulOverride(previous);
  }
});

Deno.test(
  "tuneMatmul() measures once, writes the state file, and later runs read it",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow(); // no adapter on this machine
    const stateDir = await Deno.makeTempDir({ prefix: "attn-tuning-test-" });
    try {
      clearMatmulTunings();
      const roundTrips = gpu.stats.roundTrips;
      const measured = await tuneMatmul(gpu.rt, { stateDir, force: true });
      assert.equal(measured.source, "measured");
      if (gpu.rt.hasTimestamps) {
        assert.equal(gpu.stats.roundTrips - roundTrips, 1, "the tuning pass costs one round trip");
      }
      for (const c of ["small", "medium", "large"] as const) {
        assert.ok(MATMUL_VARIANTS.includes(measured.choice[c]));
        for (const v of MATMUL_VARIANTS) {
          const ms = measured.measuredMs[c][v];
          assert.ok(
            Number.isFinite(ms) && ms > 0,
            `${c}/${v}: expected a positive time, got ${ms}`,
          );
        }
      }
      const file = JSON.parse(await Deno.readTextFile(tuningPath(stateDir, gpu.deviceName)));
      assert.deepEqual(file.choice, measured.choice);

      clearMatmulTunings(); // a new process, as far as the cache knows
      const before = gpu.stats.roundTrips;
      const reused = await tuneMatmul(gpu.rt, { stateDir });
      assert.equal(reused.source, "file");
      assert.deepEqual(reused.choice, measured.choice);
      assert.equal(gpu.stats.roundTrips, before, "reading the file costs no GPU work");
    } finally {
      clearMatmulTunings();
      await Deno.remove(stateDir, { recursive: true });
    }
  },
);

Deno.test(
  "tuneMatmul() keeps the result in memory when the state dir is not writable",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const blocker = await Deno.makeTempFile({ prefix: "attn-not-a-dir-" });
    try {
      clearMatmulTunings();
      const stateDir = `${blocker}/attn`; // below a regular file: mkdir fails
      const tuning = await tuneMatmul(gpu.rt, { stateDir });
      assert.equal(tuning.source, "measured");
      const again = await tuneMatmul(gpu.rt, { stateDir });
      assert.equal(again, tuning, "the second call reuses the in-memory result");
    } finally {
      clearMatmulTunings();
      await Deno.remove(blocker);
    }
  },
);
