import { assertClose } from "../support/assert_close.ts";
import { randomArray } from "../support/backends.ts";
import { onBoth } from "../support/on_both.ts";
import assert from "node:assert/strict";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

// Odd widths take the scalar kernels, multiples of 4 the vec4 ones.
const SIZES = [1, 3, 4, 17, 64, 65, 130];

Deno.test("layerNorm() matches the cpu backend (y, mean, rstd)", gpuTest, async () => {
  for (const rows of SIZES) {
    for (const cols of SIZES) {
      const x = randomArray(rows * cols, rows * 1000 + cols, -3, 5);
      const gamma = randomArray(cols, cols, 0.5, 1.5);
      const beta = randomArray(cols, cols + 1, -0.5, 0.5);
      const r = await onBoth((b, up) => {
        const { y, mean, rstd } = b.layerNorm(up(x), up(gamma), up(beta), {
          rows,
          cols,
          eps: 1e-5,
        });
        return [y, mean, rstd];
      });
      for (const [i, name] of ["y", "mean", "rstd"].entries()) {
        assertClose(r[1][i], r[0][i], { what: `${name} ${rows}x${cols}` });
      }
    }
  }
});

Deno.test(
  "layerNorm() output rows have mean 0 and variance 1 with unit gamma",
  gpuTest,
  async () => {
    const [rows, cols] = [5, 64];
    const gpu = webgpuOrThrow();
    const { y } = gpu.layerNorm(
      gpu.upload(randomArray(rows * cols, 3, 2, 9)),
      gpu.upload(new Float32Array(cols).fill(1)),
      gpu.upload(new Float32Array(cols)),
      { rows, cols, eps: 0 },
    );
    const out = await gpu.read(y);
    for (let r = 0; r < rows; r++) {
      const row = out.subarray(r * cols, (r + 1) * cols);
      const mean = row.reduce((s, v) => s + v, 0) / cols;
      const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / cols;
      assert.ok(Math.abs(mean) < 1e-5, `row ${r} mean ${mean}`);
      assert.ok(Math.abs(variance - 1) < 1e-4, `row ${r} variance ${variance}`);
    }
  },
);

Deno.test("layerNormBackward() matches the cpu backend (dx, dgamma, dbeta)", gpuTest, async () => {
  for (const rows of SIZES) {
    for (const cols of SIZES) {
      const x = randomArray(rows * cols, rows * 1000 + cols, -3, 5);
      const gamma = randomArray(cols, cols, 0.5, 1.5);
      const beta = new Float32Array(cols);
      const dy = randomArray(rows * cols, rows + cols * 7, -1, 1);
      const r = await onBoth((b, up) => {
        const p = { rows, cols, eps: 1e-5 };
        const xs = up(x);
        const gs = up(gamma);
        const { y, mean, rstd } = b.layerNorm(xs, gs, up(beta), p);
        const { dx, dgamma, dbeta } = b.layerNormBackward(xs, gs, mean, rstd, up(dy), p);
        for (const s of [y, mean, rstd]) b.release(s);
        return [dx, dgamma, dbeta];
      });
      for (const [i, name] of ["dx", "dgamma", "dbeta"].entries()) {
        assertClose(r[1][i], r[0][i], { what: `${name} ${rows}x${cols}` });
      }
    }
  }
});
