import assert from "node:assert/strict";
import type { Backend, SoftmaxParams } from "../../src/engine/backend/contract.ts";
import { assertClose } from "../support/assert_close.ts";
import { randomArray } from "../support/backends.ts";
import { onBoth, type Upload } from "../support/on_both.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

function softmaxOn(
  b: Backend,
  up: Upload,
  x: Float32Array,
  mask: Float32Array | null,
  p: SoftmaxParams,
) {
  return [b.softmax(up(x), mask ? up(mask) : null, p)];
}

/** A mask with -Infinity at about a third of its entries and small values elsewhere. */
function randomMask(n: number, seed: number): Float32Array {
  const u = randomArray(n, seed, 0, 1);
  return u.map((v) => (v < 0.33 ? -Infinity : v - 0.5));
}

Deno.test("softmax() matches the cpu backend over row and column sizes", gpuTest, async () => {
  for (const rows of [1, 3, 17, 65, 130]) {
    for (const cols of [1, 3, 17, 65, 130]) {
      const x = randomArray(rows * cols, rows * 1000 + cols, -4, 4);
      const r = await onBoth((b, up) => softmaxOn(b, up, x, null, { rows, cols, scale: 0.7 }));
      assertClose(r[1][0], r[0][0], { what: `softmax ${rows}x${cols}` });
    }
  }
});

Deno.test("softmax() rows sum to 1 with a causal mask", gpuTest, async () => {
  const [groups, heads, tq, cols] = [2, 3, 5, 5];
  const rows = groups * heads * tq;
  const x = randomArray(rows * cols, 7, -3, 3);
  const r = await onBoth((b, up) =>
    softmaxOn(b, up, x, null, { rows, cols, tq, heads, causal: true })
  );
  const y = r[1][0];
  for (let row = 0; row < rows; row++) {
    const q = row % tq;
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      if (j > q) assert.equal(y[row * cols + j], 0, `row ${row} column ${j} is masked`);
      sum += y[row * cols + j];
    }
    assert.ok(Math.abs(sum - 1) < 1e-5, `row ${row} sums to ${sum}`);
  }
  assertClose(y, r[0][0]);
});

Deno.test("softmax() causal offsets, batch and heads match the cpu backend", gpuTest, async () => {
  for (
    const [groups, heads, tq, cols] of [[1, 1, 1, 1], [2, 3, 5, 9], [3, 2, 17, 17], [1, 4, 3, 65]]
  ) {
    for (const causalOffset of [-2, 0, 1, 4]) {
      const rows = groups * heads * tq;
      const x = randomArray(rows * cols, tq * 31 + cols, -3, 3);
      const p = { rows, cols, tq, heads, causal: true, causalOffset, scale: 0.5 };
      const r = await onBoth((b, up) => softmaxOn(b, up, x, null, p));
      assertClose(r[1][0], r[0][0], {
        what: `causal ${groups}x${heads}x${tq}x${cols}+${causalOffset}`,
      });
      assert.ok(!r[1][0].some(Number.isNaN), "a fully masked row gives zeros, not NaN");
    }
  }
});

Deno.test("softmax() broadcasts an additive mask in every allowed shape", gpuTest, async () => {
  const [groups, heads, tq, cols] = [3, 2, 4, 6];
  const rows = groups * heads * tq;
  const x = randomArray(rows * cols, 11, -2, 2);
  for (const maskGroups of [1, groups]) {
    for (const maskRows of [1, tq]) {
      for (const causal of [false, true]) {
        const mask = randomMask(maskGroups * maskRows * cols, maskGroups * 10 + maskRows);
        // One fully masked mask row: its softmax rows must be zeros.
        mask.fill(-Infinity, 0, cols);
        const p = { rows, cols, tq, heads, maskGroups, maskRows, causal, causalOffset: 1 };
        const r = await onBoth((b, up) => softmaxOn(b, up, x, mask, p));
        const what = `mask [${maskGroups}, ${maskRows}, ${cols}] causal ${causal}`;
        assertClose(r[1][0], r[0][0], { what });
        assert.deepEqual([...r[1][0].subarray(0, cols)], new Array(cols).fill(0), what);
      }
    }
  }
});

Deno.test("softmax() rejects a mask whose shape does not broadcast", gpuTest, () => {
  const gpu = webgpuOrThrow();
  const x = gpu.upload(new Float32Array(2 * 3 * 4));
  const mask = gpu.upload(new Float32Array(2 * 4));
  assert.throws(
    () => gpu.softmax(x, mask, { rows: 6, cols: 4, tq: 3, maskGroups: 1, maskRows: 2 }),
    /maskRows must be 1 or tq = 3, got 2/,
  );
  gpu.release(x);
  gpu.release(mask);
});

Deno.test("softmaxBackward() matches the cpu backend", gpuTest, async () => {
  for (const [rows, cols] of [[1, 1], [3, 17], [17, 3], [65, 130], [130, 65]]) {
    const y = randomArray(rows * cols, rows + cols, 0, 1);
    const dy = randomArray(rows * cols, rows * cols, -1, 1);
    const r = await onBoth((b, up) => [
      b.softmaxBackward(up(y), up(dy), { rows, cols, scale: 0.25 }),
    ]);
    assertClose(r[1][0], r[0][0], { what: `softmaxBackward ${rows}x${cols}` });
  }
});

Deno.test("logSoftmax() matches the cpu backend, -Infinity rows included", gpuTest, async () => {
  for (const [rows, cols] of [[1, 1], [3, 17], [17, 3], [65, 130], [130, 65]]) {
    const x = randomArray(rows * cols, rows * 7 + cols, -10, 10);
    if (rows > 2) x.fill(-Infinity, cols, 2 * cols); // row 1 entirely -Infinity
    const r = await onBoth((b, up) => [b.logSoftmax(up(x), { rows, cols })]);
    assertClose(r[1][0], r[0][0], { what: `logSoftmax ${rows}x${cols}` });
  }
});
