import assert from "node:assert/strict";
import { assertClose } from "../support/assert_close.ts";
import { randomArray } from "../support/backends.ts";
import { onBoth } from "../support/on_both.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

/** n ids in [0, vocab), with repeats, and out-of-range or fractional ids at fixed places. */
function idsFor(n: number, vocab: number): Float32Array {
  const ids = randomArray(n, n * 7 + vocab, 0, 1).map((u) => Math.floor(u * vocab));
  const bad = [-1, vocab, vocab + 5, 2.5, -0.5];
  for (let i = 3; i < n; i += 4) ids[i] = bad[(i >> 2) % bad.length];
  return ids;
}

Deno.test("embedding() and its backward match the cpu backend", gpuTest, async () => {
  for (const n of [1, 3, 17, 65, 130]) {
    for (const [vocab, dim] of [[1, 1], [3, 17], [17, 3], [65, 65], [130, 8]]) {
      const table = randomArray(vocab * dim, vocab * 100 + dim);
      const dy = randomArray(n * dim, n + dim);
      const ids = idsFor(n, vocab);
      const p = { n, dim, vocab };
      const r = await onBoth((b, up) => [
        b.embedding(up(table), up(ids), p),
        b.embeddingBackward(up(ids), up(dy), p),
      ]);
      assertClose(r[1][0], r[0][0], { what: `embedding n=${n} [${vocab}, ${dim}]` });
      assertClose(r[1][1], r[0][1], { what: `embeddingBackward n=${n} [${vocab}, ${dim}]` });
    }
  }
});

Deno.test("embedding() gives zero rows for out-of-range ids", gpuTest, async () => {
  const gpu = webgpuOrThrow();
  const table = gpu.upload(Float32Array.of(1, 2, 3, 4, 5, 6)); // [3, 2]
  const ids = gpu.upload(Float32Array.of(2, -1, 0, 3, 1.5));
  const out = await gpu.read(gpu.embedding(table, ids, { n: 5, dim: 2, vocab: 3 }));
  assert.deepEqual([...out], [5, 6, 0, 0, 1, 2, 0, 0, 0, 0]);
});

Deno.test(
  "embeddingBackward() sums repeated ids and skips out-of-range ones",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const ids = gpu.upload(Float32Array.of(1, 1, 7, 0, 1));
    const dy = gpu.upload(Float32Array.of(1, 2, 10, 20, 100, 200, 1000, 2000, 3, 4)); // [5, 2]
    const out = await gpu.read(gpu.embeddingBackward(ids, dy, { n: 5, dim: 2, vocab: 3 }));
    assert.deepEqual([...out], [1000, 2000, 14, 26, 0, 0]);
  },
);
