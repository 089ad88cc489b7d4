import { assertClose } from "../support/assert_close.ts";
import { randomArray } from "../support/backends.ts";
import assert from "node:assert/strict";
import { testOnBackends } from "../support/gpu.ts";

const SIZES = [1, 3, 17, 65, 130, 16384];

testOnBackends("sumSquaresInto() writes each partial into its slot", async (b) => {
  const xs = SIZES.map((n, i) => randomArray(n, 40 + i, -2, 2));
  const expected = new Float32Array(SIZES.length + 1).fill(7); // the last slot stays 7
  xs.forEach((x, i) => (expected[i] = x.reduce((s, v) => s + v * v, 0)));
  const target = b.full(SIZES.length + 1, 7);
  const ups = xs.map((x) => b.upload(x));
  ups.forEach((x, index) => b.sumSquaresInto(target, x, { n: xs[index].length, index }));
  const got = await b.read(target);
  assertClose(got, expected, { rtol: 1e-5, atol: 1e-6, what: b.name });
  for (const s of [target, ...ups]) b.release(s);
});

testOnBackends("sumSquaresInto() refuses an index past the target", (b) => {
  const target = b.full(2, 0);
  const x = b.upload(new Float32Array(3));
  assert.throws(
    () => b.sumSquaresInto(target, x, { n: 3, index: 2 }),
    /index below the target's 2 elements, got 2/,
  );
  b.release(target);
  b.release(x);
});
