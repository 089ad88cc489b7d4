import { assertClose } from "../support/assert_close.ts";
import { randomArray } from "../support/backends.ts";
import { onBoth } from "../support/on_both.ts";
import { gpuTest, testOnBackends } from "../support/gpu.ts";
import assert from "node:assert/strict";

const SIZES = [1, 3, 17, 65, 130];
const tol = { rtol: 1e-4, atol: 1e-5 };

Deno.test("gruCell() and gruCellBackward() match the cpu backend", gpuTest, async () => {
  for (const batch of SIZES) {
    for (const hidden of SIZES) {
      const seed = batch * 1000 + hidden;
      const xp = randomArray(batch * 3 * hidden, seed, -3, 3);
      const hp = randomArray(batch * 3 * hidden, seed + 1, -3, 3);
      const h = randomArray(batch * hidden, seed + 2, -1, 1);
      const dh = randomArray(batch * hidden, seed + 3, -1, 1);
      const p = { batch, hidden };
      const r = await onBoth((b, up) => {
        const [x, y, s, d] = [up(xp), up(hp), up(h), up(dh)];
        const g = b.gruCellBackward(x, y, s, d, p);
        return [b.gruCell(x, y, s, p), g.dxp, g.dhp, g.dh];
      });
      const names = ["h'", "dxp", "dhp", "dh"];
      r[1].forEach((got, i) =>
        assertClose(got, r[0][i], {
          ...tol,
          what: `${names[i]} at batch ${batch}, hidden ${hidden}`,
        })
      );
    }
  }
});

Deno.test(
  "gruCell() reads one step of a [B, S, 3H] projection through its stride",
  gpuTest,
  async () => {
    const [batch, steps, hidden] = [17, 5, 65];
    const seq = randomArray(batch * steps * 3 * hidden, 11, -2, 2);
    const hp = randomArray(batch * 3 * hidden, 12, -2, 2);
    const h = randomArray(batch * hidden, 13, -1, 1);
    for (const t of [0, 3, steps - 1]) {
      // The step's rows copied out, as the unfused path's slice would.
      const xp = new Float32Array(batch * 3 * hidden);
      for (let b = 0; b < batch; b++) {
        xp.set(
          seq.subarray((b * steps + t) * 3 * hidden, (b * steps + t + 1) * 3 * hidden),
          b * 3 * hidden,
        );
      }
      const strided = { batch, hidden, xpStride: steps * 3 * hidden, xpOffset: t * 3 * hidden };
      const r = await onBoth((b, up) => {
        const [s, y, c, x] = [up(seq), up(hp), up(h), up(xp)];
        return [b.gruCell(s, y, c, strided), b.gruCell(x, y, c, { batch, hidden })];
      });
      for (const [strideOut, copyOut] of [r[0], r[1]].map((x) => x)) {
        assert.deepEqual(strideOut, copyOut, `step ${t}: strided and copied reads differ`);
      }
      assertClose(r[1][0], r[0][0], { ...tol, what: `step ${t} on webgpu` });
    }
  },
);

testOnBackends("gruCell() refuses an xp too short for its stride", (b) => {
  const xp = b.upload(new Float32Array(2 * 3 * 4));
  const hp = b.upload(new Float32Array(2 * 3 * 4));
  const h = b.upload(new Float32Array(2 * 4));
  assert.throws(
    () => b.gruCell(xp, hp, h, { batch: 2, hidden: 4, xpStride: 24, xpOffset: 0 }),
    /too few for 2 rows of stride 24/,
  );
  for (const s of [xp, hp, h]) b.release(s);
});
