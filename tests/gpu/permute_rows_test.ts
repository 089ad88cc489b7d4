/**
 * permute() with the last dim kept last (attention head split/merge): the row-copy kernel
 * (permute_rows) gives exactly the cpu's result, for row lengths on both sides of its
 * threshold (4) and the sizes 1, 3, 17, 65, 130.
 */
import { cpuBackend, randomArray } from "../support/backends.ts";
import assert from "node:assert/strict";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

const SIZES = [1, 3, 17, 65, 130];

const cases: { shape: number[]; perm: number[] }[] = [];
for (const last of SIZES) {
  cases.push({ shape: [3, 5, 2, last], perm: [0, 2, 1, 3] }); // split / merge heads
  cases.push({ shape: [2, 3, 3, 2, last], perm: [2, 0, 3, 1, 4] }); // packed q, k, v
  cases.push({ shape: [last, 4, 5], perm: [1, 0, 2] });
}
cases.push({ shape: [7, 4], perm: [1, 0] }); // last dim moves: the per-element kernel

Deno.test("permute() keeping the last dim matches the cpu exactly", gpuTest, async () => {
  const gpu = webgpuOrThrow();
  for (const [i, c] of cases.entries()) {
    const n = c.shape.reduce((a, b) => a * b, 1);
    const data = randomArray(n, 100 + i);
    const outs = [];
    for (const b of [cpuBackend, gpu] as const) {
      // deno-lint-ignore no-explicit-any
      const be = b as any;
      const x = be.upload(data);
      const y = be.permute(x, c);
      outs.push(await be.read(y));
      be.release(x);
      be.release(y);
    }
    assert.deepEqual(outs[1], outs[0], `shape [${c.shape}] perm [${c.perm}]`);
  }
});
