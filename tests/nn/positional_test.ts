/**
 * Positional encodings: the sinusoidal table's formula, the learned table's
 * name and slicing, and RoPE's defining property (q . k depends on the
 * positions only through their offset).
 */
import assert from "node:assert/strict";
import { ops } from "../../src/engine/mod.ts";
import { Tensor, tidy } from "../../src/engine/mod.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { makePositions, rotate, sinusoidalTable } from "../../src/models/layers/positional.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { assertClose } from "../support/assert_close.ts";

const backend = cpuBackend;

Deno.test("sinusoidalTable() follows PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(...)", () => {
  const d = 8;
  const table = sinusoidalTable(5, d);
  assert.equal(table.length, 5 * d);
  // Position 0: sin 0 = 0 on even columns, cos 0 = 1 on odd ones.
  assert.deepEqual([...table.slice(0, d)], [0, 1, 0, 1, 0, 1, 0, 1]);
  // Position 1, pair 0: angle 1.
  assertClose(table.slice(d, d + 2), [Math.sin(1), Math.cos(1)], { rtol: 1e-6 });
  // Position 3, pair 2 (columns 4, 5): angle 3 / 10000^(4/8) = 3 / 100.
  assertClose(table.slice(3 * d + 4, 3 * d + 6), [Math.sin(0.03), Math.cos(0.03)], {
    rtol: 1e-6,
  });
});

Deno.test("sinusoidal positions add the table's first T rows to every batch entry", async () => {
  const store = new ParamStore(backend);
  const positions = makePositions("sinusoidal", store, { maxLen: 10, dModel: 4 });
  assert.equal(store.params.size, 0, "the sinusoidal table is not a parameter");
  const out = tidy(() => positions.add(Tensor.zeros(backend, [2, 3, 4])));
  const values = await out.toArray();
  const table = sinusoidalTable(3, 4);
  assertClose(values, [...table, ...table], { rtol: 1e-6 });
  out.dispose();
  positions.dispose();
});

Deno.test("learned positions are pos_embed.weight [max_len, d], its first T rows added", async () => {
  const store = new ParamStore(backend, { seed: 3 });
  const positions = makePositions("learned", store, { maxLen: 6, dModel: 4 });
  const weight = store.params.get("pos_embed.weight");
  assert.ok(weight);
  assert.deepEqual(weight.shape, [6, 4]);
  const out = tidy(() => positions.add(Tensor.full(backend, [1, 2, 4], 1)));
  const table = await weight.toArray();
  assertClose(await out.toArray(), table.slice(0, 8).map((v) => v + 1), { rtol: 1e-6 });
  out.dispose();
});

Deno.test("positions reject a sequence longer than maxLen", () => {
  const store = new ParamStore(backend);
  for (const kind of ["sinusoidal", "learned", "rope", "none"] as const) {
    const positions = makePositions(kind, store, { maxLen: 4, dModel: 2 });
    tidy(() => {
      assert.throws(
        () => positions.add(Tensor.zeros(backend, [1, 5, 2])),
        /expected a sequence of at most 4 tokens as x \[B, T, d\], got 5 tokens/,
      );
    });
  }
});

Deno.test("rope: q . k depends only on the offset i - j of the rotated positions", async () => {
  const [t, dk] = [8, 6];
  // The same query and key vector at every position: any change in q_i . k_j
  // comes from the rotation alone.
  const qv = randomArray(dk, 1);
  const kv = randomArray(dk, 2);
  const repeat = (v: Float32Array) => Array.from({ length: t }, () => [...v]).flat();
  const dots = tidy(() => {
    const q = Tensor.from(backend, repeat(qv), [1, 1, t, dk]);
    const k = Tensor.from(backend, repeat(kv), [1, 1, t, dk]);
    const rotated = rotate(q, k);
    return ops.matmul(rotated.q, rotated.k, { transB: true }); // [1, 1, T, T]
  });
  const s = await dots.toArray();
  dots.dispose();
  const at = (i: number, j: number) => s[i * t + j];
  for (let i = 0; i < t; i++) {
    for (let j = 0; j < t; j++) {
      if (i === 0 || j === 0) continue;
      // (i, j) and (i - 1, j - 1) have the same offset.
      assert.ok(
        Math.abs(at(i, j) - at(i - 1, j - 1)) < 1e-5,
        `q${i}.k${j} = ${at(i, j)} but q${i - 1}.k${j - 1} = ${at(i - 1, j - 1)}`,
      );
    }
  }
  // Different offsets give different scores (the rotation does something).
  assert.ok(Math.abs(at(0, 0) - at(0, 3)) > 1e-3, "offset 0 and 3 should differ");
  // Offset 0 is the plain dot product.
  const plain = qv.reduce((sum, v, c) => sum + v * kv[c], 0);
  assert.ok(Math.abs(at(5, 5) - plain) < 1e-5, `q5.k5 = ${at(5, 5)}, q.k = ${plain}`);
});

Deno.test("rope with an offset continues the positions (a decoder step at position p)", async () => {
  const [t, dk] = [5, 4];
  const values = randomArray(t * dk, 9);
  const [whole, tail] = tidy(() => {
    const x = Tensor.from(backend, values, [1, 1, t, dk]);
    const whole = ops.rope(x); // positions 0..4
    const last = ops.slice(x, 2, t - 1, 1); // [1, 1, 1, dk]
    return [whole, ops.rope(last, { offset: t - 1 })];
  });
  assertClose(await tail.toArray(), (await whole.toArray()).slice((t - 1) * dk), { rtol: 1e-6 });
  whole.dispose();
  tail.dispose();
});
