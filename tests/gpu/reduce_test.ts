import assert from "node:assert/strict";
import { assertClose } from "../support/assert_close.ts";
import { randomArray } from "../support/backends.ts";
import { onBoth } from "../support/on_both.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

const SIZES = [1, 3, 17, 65, 130];

Deno.test("sumRows() and sumCols() match the cpu backend", gpuTest, async () => {
  for (const rows of SIZES) {
    for (const cols of SIZES) {
      const x = randomArray(rows * cols, rows * 1000 + cols);
      const p = { rows, cols };
      const r = await onBoth((b, up) => {
        const xs = up(x);
        return [b.sumRows(xs, p), b.sumCols(xs, p)];
      });
      assertClose(r[1][0], r[0][0], { what: `sumRows ${rows}x${cols}` });
      assertClose(r[1][1], r[0][1], { what: `sumCols ${rows}x${cols}` });
    }
  }
});

Deno.test("sumSquares() matches the cpu backend in one and two stages", gpuTest, async () => {
  // 4096 is the largest single-pass size; above it the sum takes two dispatches.
  for (const n of [0, 1, 3, 17, 65, 130, 4096, 4097, 100_003, 3_000_000]) {
    const x = randomArray(n, n + 1, -2, 2);
    const r = await onBoth((b, up) => [b.sumSquares(up(x), { n })]);
    assertClose(r[1][0], r[0][0], { what: `sumSquares n=${n}` });
  }
});

Deno.test("sumSquares() in two stages is exact on small integers", gpuTest, async () => {
  const n = 50_000;
  const x = new Float32Array(n).fill(1);
  const r = await onBoth((b, up) => [b.sumSquares(up(x), { n })]);
  assert.equal(r[1][0][0], n);
});

Deno.test("argmax() matches the cpu backend over sizes", gpuTest, async () => {
  for (const rows of SIZES) {
    for (const cols of SIZES) {
      // Few distinct values, so ties are common.
      const x = randomArray(rows * cols, rows * 31 + cols, 0, 4).map(Math.floor);
      const r = await onBoth((b, up) => [b.argmax(up(x), { rows, cols })]);
      assert.deepEqual([...r[1][0]], [...r[0][0]], `argmax ${rows}x${cols}`);
    }
  }
});

Deno.test(
  "argmax() takes the first max on ties and ranks NaN below everything",
  gpuTest,
  async () => {
    const cols = 4;
    const rows = [
      [1, 3, 3, 2], // tie: first
      [NaN, -5, NaN, -7], // NaN skipped
      [NaN, NaN, NaN, NaN], // all NaN: 0
      [-Infinity, -Infinity, -Infinity, -Infinity], // all -Infinity: 0
      [-Infinity, NaN, -1e30, -Infinity], // finite beats -Infinity
      [-0, 0, -0, 0], // -0 ties with +0
      [Infinity, NaN, Infinity, 1], // +Infinity
      [-3, -2, -1, -1],
    ];
    const x = Float32Array.from(rows.flat());
    const expected = [1, 1, 0, 0, 2, 0, 0, 2];
    const r = await onBoth((b, up) => [b.argmax(up(x), { rows: rows.length, cols })]);
    assert.deepEqual([...r[0][0]], expected, "cpu");
    assert.deepEqual([...r[1][0]], expected, "webgpu");
  },
);

Deno.test(
  "sumSquares() of a large buffer records two dispatches, no round trip",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const n = 100_000;
    const x = gpu.upload(new Float32Array(n).fill(0.5));
    await gpu.sync();
    const { roundTrips, dispatches } = gpu.stats;
    const total = gpu.sumSquares(x, { n });
    assert.equal(gpu.stats.roundTrips, roundTrips, "recording must not wait for the GPU");
    assert.equal(gpu.stats.dispatches - dispatches, 2);
    assert.deepEqual([...await gpu.read(total)], [n / 4]);
    gpu.release(x);
    gpu.release(total);
  },
);
