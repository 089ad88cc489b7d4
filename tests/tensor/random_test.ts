import assert from "node:assert/strict";
import { fnv1a, mixSeed, pcgHash, uniformAt } from "../../src/engine/random.ts";

const MOD = 1n << 32n;

/** PCG-RXS-M-XS 32 (O'Neill 2014) written independently with BigInt arithmetic mod 2^32. */
function pcgHashBig(v: number): number {
  const state = (BigInt(v >>> 0) * 747796405n + 2891336453n) % MOD;
  const shift = (state >> 28n) + 4n;
  const word = (((state >> shift) ^ state) * 277803737n) % MOD;
  return Number((word >> 22n) ^ word);
}

Deno.test("pcgHash() matches a BigInt re-implementation of PCG-RXS-M-XS", () => {
  const inputs = [0, 1, 2, 3, 42, 12345, 65535, 1 << 24, 0x7fffffff, 0x80000000, 0xffffffff];
  for (const v of inputs) assert.equal(pcgHash(v), pcgHashBig(v), `pcgHash(${v})`);
  for (let v = 0; v < 2000; v++) {
    const x = (v * 2654435761) >>> 0;
    assert.equal(pcgHash(x), pcgHashBig(x), `pcgHash(${x})`);
  }
});

Deno.test("pcgHash() gives the values a Python big-integer reference printed", () => {
  // python3: s=(v*747796405+2891336453)%2**32; w=(((s>>((s>>28)+4))^s)*277803737)%2**32; (w>>22)^w
  const known: [number, number][] = [
    [0, 129708002],
    [1, 2831084092],
    [2, 2055130248],
    [42, 1223963391],
    [0xffffffff, 3861530882],
  ];
  for (const [v, h] of known) assert.equal(pcgHash(v), h, `pcgHash(${v})`);
});

Deno.test("pcgHash() returns unsigned 32-bit integers and treats -1 as 0xffffffff", () => {
  for (let v = 0; v < 1000; v++) {
    const h = pcgHash(v);
    assert.ok(Number.isInteger(h) && h >= 0 && h < 2 ** 32, `pcgHash(${v}) = ${h}`);
  }
  assert.equal(pcgHash(-1), pcgHash(0xffffffff));
});

Deno.test("uniformAt() is the top 24 bits of hash(i ^ hash(seed)) scaled into [0, 1)", () => {
  for (const seed of [0, 7, 123456]) {
    for (let i = 0; i < 100; i++) {
      const expected = Math.floor(pcgHashBig((i ^ pcgHashBig(seed)) >>> 0) / 256) / 16777216;
      assert.equal(uniformAt(seed, i), expected);
    }
  }
});

Deno.test("uniformAt() is uniform over [0, 1) (chi-square over 20 bins)", () => {
  const n = 100000;
  const bins = new Array<number>(20).fill(0);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const u = uniformAt(2024, i);
    assert.ok(u >= 0 && u < 1, `uniformAt(2024, ${i}) = ${u}`);
    bins[Math.floor(u * 20)]++;
    sum += u;
  }
  const expected = n / 20;
  const chiSquare = bins.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
  // 19 degrees of freedom: P(chi2 > 43.8) = 0.001.
  assert.ok(chiSquare < 43.8, `chi-square ${chiSquare.toFixed(1)} over bins ${bins}`);
  assert.ok(Math.abs(sum / n - 0.5) < 0.005, `mean ${sum / n}`);
});

Deno.test("uniformAt() streams for different seeds are uncorrelated", () => {
  const n = 20000;
  let sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const a = uniformAt(1, i);
    const b = uniformAt(2, i);
    sa += a;
    sb += b;
    sab += a * b;
    saa += a * a;
    sbb += b * b;
  }
  const cov = sab / n - (sa / n) * (sb / n);
  const corr = cov / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
  assert.ok(Math.abs(corr) < 0.03, `correlation ${corr}`);
  assert.notEqual(uniformAt(1, 0), uniformAt(2, 0));
});

Deno.test("fnv1a() hashes UTF-8 bytes: the published FNV-1a 32 test vectors and Hangul", () => {
  // The FNV authors' vectors: "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968.
  assert.equal(fnv1a(""), 0x811c9dc5);
  assert.equal(fnv1a("a"), 0xe40c292c);
  assert.equal(fnv1a("foobar"), 0xbf9cf968);
  // Printed by Python over "나는 학생이다".encode("utf-8"): bytes, not UTF-16 code units, so the
  // splits of src/data/split.ts never move.
  assert.equal(fnv1a("나는 학생이다"), 4030624535);
});

Deno.test("mixSeed() is hash(seed + k * 0x9e3779b9) and differs per step and per seed", () => {
  for (const [seed, k] of [[0, 0], [1, 1], [7, 123], [0xffffffff, 2 ** 31]]) {
    const sum = Number((BigInt(seed >>> 0) + BigInt(k) * 0x9e3779b9n) % MOD);
    assert.equal(mixSeed(seed, k), pcgHashBig(sum), `mixSeed(${seed}, ${k})`);
  }
  const seen = new Set<number>();
  for (let seed = 1; seed <= 10; seed++) {
    for (let k = 1; k <= 100; k++) seen.add(mixSeed(seed, k));
  }
  assert.equal(seen.size, 1000);
});
