/**
 * sumSquaresIntoMany() (kernels/sum_squares_many.wgsl): the partials of Adam's global
 * grad-norm clip, up to 16 per dispatch. Same numbers as one sumSquaresInto() per tensor and as
 * the cpu backend, over more tensors than one dispatch takes and with an empty one among them.
 */
import assert from "node:assert/strict";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { gpuTest, testOnBackends, webgpuOrThrow } from "../support/gpu.ts";

/** 19 tensors: two sum_squares_many dispatches (16 + 3). */
const SIZES = [1, 3, 64, 65, 0, 130, 5000, 64, 192, 7, 16384, 2, 64, 64, 100, 1, 33, 4096, 9];

/** Partials of SIZES' tensors from index 2 of a target of -1s, many or one per call. */
async function partials(b: Backend, many: boolean): Promise<Float32Array> {
  const xs = SIZES.map((n, i) => b.upload(randomArray(n, 7 + i, -2, 2)));
  const target = b.full(SIZES.length + 3, -1);
  if (many) b.sumSquaresIntoMany(target, xs, { ns: SIZES, index: 2 });
  else xs.forEach((x, j) => b.sumSquaresInto(target, x, { n: SIZES[j], index: 2 + j }));
  const out = await b.read(target);
  for (const s of [...xs, target]) b.release(s);
  return out;
}

Deno.test("sumSquaresIntoMany() on cpu writes every partial from index on", async () => {
  const many = await partials(cpuBackend as Backend, true);
  assert.deepEqual([many[0], many[1], many[SIZES.length + 2]], [-1, -1, -1]);
  assert.equal(many[2 + SIZES.indexOf(0)], 0, "an empty tensor's partial is 0");
  assertClose(many, await partials(cpuBackend as Backend, false), { rtol: 0, atol: 0 });
});

Deno.test(
  "sumSquaresIntoMany() on webgpu equals one sumSquaresInto() each and cpu",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const many = await partials(gpu as Backend, true);
    assertClose(many, await partials(gpu as Backend, false), { rtol: 1e-6, atol: 1e-6 });
    assertClose(many, await partials(cpuBackend as Backend, true), { rtol: 1e-5, atol: 1e-5 });
  },
);

testOnBackends("sumSquaresIntoMany() says what does not fit", (b) => {
  const x = b.upload(new Float32Array(4));
  const target = b.full(2, 0);
  assert.throws(() => b.sumSquaresIntoMany(target, [x], { ns: [4, 4], index: 0 }), /one length/);
  assert.throws(
    () => b.sumSquaresIntoMany(target, [x, x], { ns: [4, 4], index: 1 }),
    /index below|fit the target/,
  );
  assert.throws(() => b.sumSquaresIntoMany(target, [x], { ns: [3], index: 0 }), /expected 3/);
  for (const s of [x, target]) b.release(s);
});
