/**
 * `experiment kv-cache`: measured through the command users run, and its conclusion computed
 * from the data (hand-made points both ways: the claim, its reverse, no difference).
 */
import assert from "node:assert/strict";
import {
  concludeKvCache,
  type KvCachePoint,
  runKvCache,
} from "../../src/experiments/kv_cache/mod.ts";
import { testContext } from "../support/experiment_context.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";
import { runAttn } from "../support/run_attn.ts";

Deno.test("experiment kv-cache --quick --json measures both ways and concludes from the slopes", async () => {
  const run = await runAttn([
    "experiment",
    "kv-cache",
    "--quick",
    "--backend",
    "cpu",
    "--json",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.equal(result.experiment, "kv-cache");
  assert.equal(result.quick, true);
  assert.deepEqual(result.tables[0].rows.map((r: number[]) => r[0]), [8, 16, 32, 64]);
  assert.deepEqual(
    result.tables[0].rows.map((r: number[]) => r[4]),
    [8, 16, 32, 64].map((n) => 2 * 2 * n * 64 * 4),
  );
  for (const key of ["cacheSlope", "noCacheSlope", "speedupAtLongest"]) {
    assert.ok(Number.isFinite(result.headline[key]), `${key}: ${result.headline[key]}`);
  }
  assert.equal(result.headline.sameTokens, true);
  assert.deepEqual(result.charts[0].series.map((s: { name: string }) => s.name), [
    "kv cache",
    "no cache",
  ]);
  assert.match(result.conclusion.en, /slope -?\d+\.\d\d/);
  assert.match(result.conclusion.ko, /기울기 -?\d+\.\d\d/);
});

Deno.test("experiment lists kv-cache with its claim", async () => {
  const run = await runAttn(["experiment"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^kv-cache +With a KV cache/m);
});

const lengths = [16, 32, 64, 128, 256];
function points(cache: (n: number) => number, noCache: (n: number) => number): KvCachePoint[] {
  return lengths.map((n) => ({
    n,
    cacheMs: cache(n),
    noCacheMs: noCache(n),
    cacheBytes: n * 1024,
  }));
}

Deno.test("concludeKvCache() follows the data: flat with the cache, both growing, reversed, no difference", () => {
  const flat = concludeKvCache(points(() => 2, (n) => 0.1 * n));
  assert.match(
    flat.conclusion.en,
    /^Recomputing the prefix, a step grows with it: slope 1\.00, 1\.60 ms at n = 16 to 25\.6 ms at n = 256 \(16x\)\. With the KV cache it stays about flat: slope 0\.00/,
  );
  assert.match(
    flat.conclusion.en,
    /At n = 256 the cache makes a step 13x faster, for 256 KiB of keys/,
  );
  assert.match(flat.conclusion.ko, /KV 캐시를 쓰면 거의 일정합니다: 기울기 0\.00/);
  assert.match(flat.conclusion.ko, /256 KiB만큼 보관합니다/);
  assert.ok(Math.abs((flat.headline.noCacheSlope as number) - 1) < 1e-9);

  const both = concludeKvCache(points((n) => 0.01 * n ** 0.5, (n) => 0.1 * n ** 1.5));
  assert.match(both.conclusion.en, /^Both grow, the recomputing one faster/);

  const reversed = concludeKvCache(points((n) => 0.1 * n, () => 2));
  assert.match(reversed.conclusion.en, /contradicts the claim/);
  assert.match(reversed.conclusion.ko, /주장과 반대/);

  const same = concludeKvCache(points(() => 2, () => 2.1));
  assert.match(same.conclusion.en, /^The measurement did not show the difference/);
  assert.match(same.conclusion.ko, /차이가 드러나지 않았습니다/);
  assert.throws(() => concludeKvCache(points(() => 1, () => 1).slice(0, 1)), /two prefix lengths/);
});

Deno.test(
  "experiment kv-cache on webgpu: same tokens both ways, slopes measured",
  gpuTest,
  async () => {
    const findings = await runKvCache(testContext(webgpuOrThrow()), { lengths: [8, 16], reps: 1 });
    assert.equal(findings.headline.sameTokens, true);
    assert.ok(Number.isFinite(findings.headline.cacheSlope));
    assert.ok(Number.isFinite(findings.headline.noCacheSlope));
  },
);
