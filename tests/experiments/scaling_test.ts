import assert from "node:assert/strict";
import {
  concludeScaling,
  runScaling,
  type ScalingPoint,
} from "../../src/experiments/scaling/mod.ts";
import { cpuBackend } from "../support/backends.ts";
import { testContext } from "../support/experiment_context.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

const tiny = { dks: [4, 64, 256], rows: 8, keys: 16, draws: 1, seed: 3 };

Deno.test("experiment scaling measures saturation without the scale and concludes so", async () => {
  const findings = await runScaling(testContext(cpuBackend), tiny);
  assert.deepEqual(findings.tables[0].rows.map((r) => r[0]), [4, 64, 256]);
  assert.equal(findings.tables[0].columns.length, 7);
  const h = findings.headline;
  assert.ok((h.entropyScaled as number) > (h.entropyUnscaled as number));
  assert.ok((h.entropyScaled as number) <= Math.log(16) + 1e-6, "entropy is at most ln(keys)");
  assert.match(findings.conclusion.en, /^Without 1\/sqrt\(d_k\) the softmax saturates/);
  assert.match(findings.conclusion.ko, /포화/);
  assert.equal(findings.charts[0].series.length, 2);
});

Deno.test(
  "experiment scaling gives the same numbers on webgpu as on cpu",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const [a, b] = [
      await runScaling(testContext(cpuBackend), tiny),
      await runScaling(testContext(gpu), tiny),
    ];
    for (const key of ["entropyScaled", "entropyUnscaled", "gradScaled", "gradUnscaled"]) {
      const x = a.headline[key] as number;
      const y = b.headline[key] as number;
      assert.ok(Math.abs(x - y) <= 1e-3 * Math.max(1, Math.abs(x)), `${key}: ${x} vs ${y}`);
    }
  },
);

function point(dk: number, scaled: number, unscaled: number, gs: number, gu: number): ScalingPoint {
  return {
    dk,
    entropyScaled: scaled,
    entropyUnscaled: unscaled,
    maxWeightScaled: 0,
    maxWeightUnscaled: 0,
    gradScaled: gs,
    gradUnscaled: gu,
  };
}

Deno.test("concludeScaling() follows the data: the claim, its reverse, no effect, mixed", () => {
  const keys = 32; // ln 32 = 3.47
  const claim = concludeScaling(
    [point(8, 3.4, 3.0, 0.2, 0.2), point(512, 3.4, 0.1, 0.2, 0.02)],
    keys,
  );
  assert.match(claim.conclusion.en, /^Without 1\/sqrt\(d_k\) the softmax saturates/);
  assert.match(claim.conclusion.en, /10x smaller unscaled/);
  const reversed = concludeScaling(
    [point(8, 3.0, 3.4, 0.2, 0.2), point(512, 0.1, 3.4, 0.02, 0.2)],
    keys,
  );
  assert.match(reversed.conclusion.en, /contradicts the claim/);
  assert.match(reversed.conclusion.ko, /반대/);
  const flat = concludeScaling(
    [point(8, 3.4, 3.4, 0.2, 0.2), point(512, 3.3, 3.2, 0.2, 0.19)],
    keys,
  );
  assert.match(flat.conclusion.en, /No saturation shows/);
  const mixed = concludeScaling([point(8, 3, 3, 1, 1), point(512, 3.4, 0.1, 0.2, 0.2)], keys);
  assert.match(mixed.conclusion.en, /mixed/);
});
