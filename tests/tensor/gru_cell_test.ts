/**
 * The fused GRU cell op: same values and gradients as the unfused composition of ops it
 * replaced (nn.GRU's equations), and its backward against central finite differences.
 */
import { ops } from "../../src/engine/mod.ts";
import { Tape, Tensor, tidy } from "../../src/engine/mod.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";
import assert from "node:assert/strict";
import { testOnBackends } from "../support/gpu.ts";

/** The cell written with separate ops, as src/models/gru.ts had it. */
function unfusedCell(xp: Tensor, hp: Tensor, h: Tensor): Tensor {
  const H = h.shape[1];
  const [xRz, xN] = ops.split(xp, -1, [2 * H, H]);
  const [hRz, hN] = ops.split(hp, -1, [2 * H, H]);
  const [r, z] = ops.split(ops.sigmoid(ops.add(xRz, hRz)), -1, [H, H]);
  const n = ops.tanh(ops.add(xN, ops.mul(r, hN)));
  return ops.add(n, ops.mul(z, ops.sub(h, n)));
}

const B = 3;
const S = 4;
const H = 5;

/** Output and gradients of sum(cell(...) * w) for xp (maybe a sequence), hp and h. */
async function run(
  backend: Backend,
  cell: (xp: Tensor, hp: Tensor, h: Tensor) => Tensor,
  values: Float32Array[],
  xpShape: number[],
): Promise<Float32Array[]> {
  const kept = tidy(() => {
    const shapes = [xpShape, [B, 3 * H], [B, H]];
    const inputs = values.map((v, i) => {
      const t = Tensor.from(backend, v, shapes[i]);
      t.requiresGrad = true;
      return t;
    });
    const tape = new Tape();
    const out = tape.record(() => cell(inputs[0], inputs[1], inputs[2]));
    const w = Tensor.from(backend, randomArray(B * H, 99), [B, H]);
    const loss = tape.record(() => ops.sum(ops.mul(out, w)));
    const grads = tape.backward(loss, inputs);
    return [out, ...inputs.map((t) => grads.get(t)!)];
  });
  const read = await Promise.all(kept.map((t) => t.toArray()));
  for (const t of kept) t.dispose();
  return read;
}

function inputs(seqSteps: number): Float32Array[] {
  return [
    randomArray(B * seqSteps * 3 * H, 1, -2, 2),
    randomArray(B * 3 * H, 2, -2, 2),
    randomArray(B * H, 3, -1, 1),
  ];
}

testOnBackends(
  "gruCell() equals the unfused cell (on cpu), values and gradients",
  async (backend) => {
    const vals = inputs(1);
    const expected = await run(cpuBackend, unfusedCell, vals, [B, 3 * H]);
    const got = await run(backend, (x, y, h) => ops.gruCell(x, y, h)!, vals, [B, 3 * H]);
    got.forEach((g, i) =>
      assertClose(g, expected[i], { rtol: 1e-5, atol: 1e-6, what: `${backend.name} part ${i}` })
    );
  },
);

Deno.test("gruCell() on step t of a sequence (a view): gradient lands only in that step's column", async () => {
  const vals = inputs(S);
  const t = 2;
  const step = (x: Tensor) => ops.reshape(ops.slice(x, 1, t, 1), [B, 3 * H]); // a view
  const got = await run(cpuBackend, (x, y, h) => ops.gruCell(step(x), y, h)!, vals, [
    B,
    S,
    3 * H,
  ]);
  // Reference: the step copied out first, then the plain cell.
  const ref = await run(
    cpuBackend,
    (x, y, h) => ops.gruCell(ops.contiguous(step(x)), y, h)!,
    vals,
    [B, S, 3 * H],
  );
  got.forEach((g, i) => assertClose(g, ref[i], { rtol: 1e-6, atol: 1e-7, what: `part ${i}` }));
  const dxp = got[1];
  for (let b = 0; b < B; b++) {
    for (let s = 0; s < S; s++) {
      const row = dxp.subarray((b * S + s) * 3 * H, (b * S + s + 1) * 3 * H);
      if (s !== t) {
        assert.ok(row.every((v) => v === 0), `row ${b}, step ${s} should get no gradient`);
      } else assert.ok(row.some((v) => v !== 0), `row ${b}, step ${t} should get a gradient`);
    }
  }
});

Deno.test("gruCell() backward agrees with central finite differences", async () => {
  const vals = inputs(1);
  const w = randomArray(B * H, 99);
  const lossOf = async (v: Float32Array[]) => {
    const y = tidy(() =>
      ops.gruCell(
        Tensor.from(cpuBackend, v[0], [B, 3 * H]),
        Tensor.from(cpuBackend, v[1], [B, 3 * H]),
        Tensor.from(cpuBackend, v[2], [B, H]),
      )!
    );
    const a = await y.toArray();
    y.dispose();
    return a.reduce((s, x, i) => s + x * w[i], 0);
  };
  const analytic = await run(cpuBackend, (x, y, h) => ops.gruCell(x, y, h)!, vals, [B, 3 * H]);
  const eps = 1e-2;
  for (let j = 0; j < 3; j++) {
    const numeric = new Float32Array(vals[j].length);
    for (let i = 0; i < numeric.length; i++) {
      const plus = vals.map((v) => v.slice());
      const minus = vals.map((v) => v.slice());
      plus[j][i] += eps;
      minus[j][i] -= eps;
      numeric[i] = ((await lossOf(plus)) - (await lossOf(minus))) / (2 * eps);
    }
    assertClose(analytic[j + 1], numeric, { rtol: 1e-2, atol: 2e-3, what: `input ${j}` });
  }
});
