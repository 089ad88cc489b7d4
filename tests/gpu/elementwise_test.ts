import assert from "node:assert/strict";
import type { BinaryOp, UnaryOp } from "../../src/engine/backend/contract.ts";
import { randomArray } from "../support/backends.ts";
import { assertClose } from "../support/assert_close.ts";
import { onBothInputs } from "../support/on_both.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

const SIZES = [1, 3, 17, 65, 130];

function inputFor(op: UnaryOp, n: number, seed: number): Float32Array {
  if (op === "log" || op === "sqrt") return randomArray(n, seed, 0.05, 4);
  if (op === "exp") return randomArray(n, seed, -6, 6);
  const x = randomArray(n, seed, -5, 5);
  // Saturated tails: tanh/sigmoid/gelu must stay finite and exact there.
  const tails = [-60, 60, -12, 12, 0];
  for (let i = 0; i < Math.min(tails.length, n); i++) x[n - 1 - i] = tails[i];
  return x;
}

const UNARY: UnaryOp[] = [
  "relu",
  "gelu",
  "tanh",
  "sigmoid",
  "exp",
  "log",
  "neg",
  "sqrt",
  "square",
  "scale",
];

Deno.test("full() fills n elements on webgpu like the cpu", gpuTest, async () => {
  for (const n of [0, ...SIZES]) {
    for (const value of [0, 1.5, -Infinity]) {
      const r = await onBothInputs([], (b) => b.full(n, value));
      assertClose(r.gpu, r.cpu, { what: `full(${n}, ${value})` });
    }
  }
});

Deno.test("full() covers a 2-D workgroup grid (more than 65535 workgroups)", gpuTest, async () => {
  const gpu = webgpuOrThrow();
  const n = 65535 * 64 + 1000;
  const b = gpu.full(n, 3);
  const out = await gpu.read(b);
  gpu.release(b);
  assert.equal(out.length, n);
  assert.equal(out.indexOf(0), -1, "expected every element written");
  assert.equal(out[n - 1], 3);
});

for (const op of UNARY) {
  Deno.test(`unary("${op}") and its backward match the cpu`, gpuTest, async () => {
    for (const n of SIZES) {
      const x = inputFor(op, n, n);
      const alpha = op === "scale" ? -0.75 : undefined;
      const forward = await onBothInputs([x], (b, [xs]) => b.unary(op, xs, { n, alpha }));
      assertClose(forward.gpu, forward.cpu, { what: `${op} n=${n}` });
      const dy = randomArray(n, 100 + n);
      // Both backends get the cpu's y, so the backward comparison tests the backward kernel only.
      const backward = await onBothInputs(
        [x, forward.cpu, dy],
        (b, [xs, ys, dys]) => b.unaryBackward(op, xs, ys, dys, { n, alpha }),
      );
      assertClose(backward.gpu, backward.cpu, { what: `${op} backward n=${n}` });
    }
  });
}

Deno.test("unary('gelu') matches x * Phi(x) at known points", gpuTest, async () => {
  const gpu = webgpuOrThrow();
  const x = new Float32Array([-3, -1, 0, 0.5, 1, 3]);
  // x * Phi(x), Phi from tables of the normal CDF.
  const expected = [-0.0040496, -0.1586553, 0, 0.3457312, 0.8413447, 2.9959502];
  const xs = gpu.upload(x);
  const y = gpu.unary("gelu", xs, { n: 6 });
  assertClose(await gpu.read(y), expected, { rtol: 1e-5, atol: 1e-6 });
  gpu.release(xs);
  gpu.release(y);
});

const BINARY: BinaryOp[] = ["add", "sub", "mul", "div"];

for (const op of BINARY) {
  Deno.test(`binary("${op}") matches the cpu, with repetition both ways`, gpuTest, async () => {
    for (const n of SIZES) {
      const cases: [number, number][] = [[n, n], [n, 1], [1, n], [n * 4, n], [n, n * 3]];
      for (const [na, nb] of cases) {
        const a = randomArray(na, na + 7);
        const b = randomArray(nb, nb + 11, 0.5, 2); // away from 0 for div
        const r = await onBothInputs([a, b], (be, [as, bs]) => be.binary(op, as, bs, { na, nb }));
        assertClose(r.gpu, r.cpu, { what: `${op} na=${na} nb=${nb}` });
      }
    }
  });
}

Deno.test(
  "binary() rejects sizes where the smaller does not divide the larger",
  gpuTest,
  () => {
    const gpu = webgpuOrThrow();
    const a = gpu.upload(new Float32Array(6));
    const b = gpu.upload(new Float32Array(4));
    assert.throws(() => gpu.binary("add", a, b, { na: 6, nb: 4 }), /smaller size must divide/);
    assert.throws(() => gpu.binary("add", a, b, { na: 5, nb: 4 }), /a has 6 elements, expected 5/);
    gpu.release(a);
    gpu.release(b);
  },
);

Deno.test("biasAdd() repeats the bias over rows like the cpu", gpuTest, async () => {
  for (const [rows, cols] of [[1, 1], [3, 17], [65, 3], [130, 5], [2, 130], [0, 4]]) {
    const x = randomArray(rows * cols, rows + cols);
    const bias = randomArray(cols, cols);
    const r = await onBothInputs([x, bias], (b, [xs, bs]) => b.biasAdd(xs, bs, { rows, cols }));
    assertClose(r.gpu, r.cpu, { what: `biasAdd ${rows}x${cols}` });
  }
});

Deno.test("accumulate() adds x * alpha in place like the cpu", gpuTest, async () => {
  // Multiples of 4 take the vec4 kernel (16 per invocation), with a partial last invocation.
  for (const n of [...SIZES, 4, 64, 1028, 49156]) {
    for (const alpha of [undefined, 0.5, -2]) {
      const target = randomArray(n, n);
      const x = randomArray(n, n + 1);
      const r = await onBothInputs([target, x], (b, [ts, xs]) => {
        b.accumulate(ts, xs, { n, alpha });
      });
      assertClose(r.gpu, r.cpu, { what: `accumulate n=${n} alpha=${alpha}` });
      assert.notDeepEqual([...r.gpu], [...target], "expected the target to change");
    }
    // target and x the same buffer: target *= 1 + alpha.
    const t = randomArray(n, n + 2);
    const same = await onBothInputs([t], (b, [ts]) => {
      b.accumulate(ts, ts, { n, alpha: 0.5 });
    });
    assertClose(same.gpu, same.cpu, { what: `accumulate into itself n=${n}` });
  }
});

Deno.test("dropout() draws the same mask as the cpu for every seed and rate", gpuTest, async () => {
  for (const n of [...SIZES, 4099]) {
    for (const rate of [0, 0.1, 0.5, 0.9, 1 - 2 ** -20, 0.3 + 1e-9]) {
      for (const seed of [0, 1, 12345, 2 ** 32 - 1]) {
        const x = randomArray(n, seed + n, 0.5, 1.5); // nonzero, so zeros mark dropped elements
        const r = await onBothInputs([x], (b, [xs]) => b.dropout(xs, { n, rate, seed }));
        const what = `dropout n=${n} rate=${rate} seed=${seed}`;
        for (let i = 0; i < n; i++) {
          if ((r.gpu[i] === 0) !== (r.cpu[i] === 0)) {
            assert.fail(`${what}: element ${i} is ${r.gpu[i]} on webgpu, ${r.cpu[i]} on cpu`);
          }
        }
        assertClose(r.gpu, r.cpu, { what });
      }
    }
  }
});

Deno.test(
  "dropout() keeps about 1 - rate of the elements, scaled by 1 / (1 - rate)",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const n = 20000;
    const x = gpu.full(n, 1);
    const y = gpu.dropout(x, { n, rate: 0.25, seed: 7 });
    const out = await gpu.read(y);
    const kept = out.filter((v) => v !== 0);
    assert.ok(Math.abs(kept.length / n - 0.75) < 0.02, `kept ${kept.length} of ${n}`);
    assertClose(kept, new Float32Array(kept.length).fill(1 / 0.75));
    assert.throws(() => gpu.dropout(x, { n, rate: 1, seed: 7 }), /rate in \[0, 1\)/);
    gpu.release(x);
    gpu.release(y);
  },
);
