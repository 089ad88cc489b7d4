import { assertClose } from "../support/assert_close.ts";
import { randomArray } from "../support/backends.ts";
import { testOnBackends } from "../support/gpu.ts";
import assert from "node:assert/strict";

const SIZES = [1, 3, 17, 65, 130];

testOnBackends("accumulateAxis() adds into the window only", async (b) => {
  for (const outer of SIZES) {
    for (const inner of SIZES) {
      const axisLen = 5;
      for (const [start, len] of [[0, 1], [2, 3], [0, 5]]) {
        const dst = randomArray(outer * axisLen * inner, outer + inner + start, -1, 1);
        const src = randomArray(outer * len * inner, outer * 7 + inner, -1, 1);
        const p = { outer, inner, axisLen, start, len };
        // Host reference, written independently of the cpu backend's loop.
        const expected = dst.slice();
        for (let o = 0; o < outer; o++) {
          for (let a = 0; a < len; a++) {
            for (let i = 0; i < inner; i++) {
              expected[(o * axisLen + start + a) * inner + i] += src[(o * len + a) * inner + i];
            }
          }
        }
        const d = b.upload(dst);
        const s = b.upload(src);
        b.accumulateAxis(d, s, p);
        const got = await b.read(d);
        b.release(d);
        b.release(s);
        assertClose(got, expected, {
          rtol: 1e-6,
          atol: 1e-7,
          what: `${b.name} outer ${outer} inner ${inner} start ${start} len ${len}`,
        });
      }
    }
  }
});

testOnBackends("accumulateAxis() refuses a window past the axis and mismatched sizes", (b) => {
  const d = b.upload(new Float32Array(12));
  const s = b.upload(new Float32Array(4));
  assert.throws(
    () => b.accumulateAxis(d, s, { outer: 2, inner: 2, axisLen: 3, start: 2, len: 2 }),
    /start \+ len <= axisLen 3/,
  );
  assert.throws(
    () => b.accumulateAxis(d, s, { outer: 2, inner: 2, axisLen: 3, start: 0, len: 2 }),
    /src has 4 elements, expected 8/,
  );
  b.release(d);
  b.release(s);
});
