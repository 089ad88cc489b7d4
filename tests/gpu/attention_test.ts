import type { AttentionParams } from "../../src/engine/backend/contract.ts";
import { assertClose } from "../support/assert_close.ts";
import { randomArray } from "../support/backends.ts";
import assert from "node:assert/strict";
import { gpuTest, testOnBackends } from "../support/gpu.ts";
import { onBoth } from "../support/on_both.ts";

const SIZES = [1, 3, 17, 65, 130];
const tol = { rtol: 1e-4, atol: 1e-5 };

/** A packed [B, T, 3d] self-attention case (q = kv) with masks as the models use them. */
function selfCase(batch: number, t: number, heads: number, dk: number, causal: boolean) {
  const d = heads * dk;
  const p: AttentionParams = {
    batch,
    heads,
    tq: t,
    tk: t,
    dk,
    qStride: 3 * d,
    qOffset: 0,
    kvStride: 3 * d,
    kOffset: d,
    vOffset: 2 * d,
    scale: 1 / Math.sqrt(dk),
    causal,
    maskGroups: batch,
    maskRows: 1,
  };
  const qkv = randomArray(batch * t * 3 * d, batch * 100 + t, -2, 2);
  // Key padding: row b keeps its first max(1, t - b) keys; row 0 keeps all.
  const mask = new Float32Array(batch * t);
  for (let b = 0; b < batch; b++) mask.fill(-Infinity, b * t + Math.max(1, t - b), (b + 1) * t);
  const dOut = randomArray(batch * t * d, t * 7 + batch, -1, 1);
  return { p, qkv, mask, dOut };
}

Deno.test("attention() and attentionBackward() match the cpu backend", gpuTest, async () => {
  for (const t of SIZES) {
    for (const [batch, heads, dk] of [[1, 1, 1], [3, 2, 3], [2, 4, 16], [5, 1, 17]]) {
      if (t === 130 && batch > 2) continue; // keep the cpu reference quick
      for (const causal of [false, true]) {
        const c = selfCase(batch, t, heads, dk, causal);
        const r = await onBoth((b, up) => {
          const qkv = up(c.qkv);
          const { out, weights } = b.attention(qkv, qkv, up(c.mask), c.p);
          const g = b.attentionBackward(qkv, qkv, weights, up(c.dOut), c.p);
          return [out, weights, g.dq, g.dk, g.dv];
        });
        ["out", "weights", "dq", "dk", "dv"].forEach((name, i) =>
          assertClose(r[1][i], r[0][i], {
            ...tol,
            what: `${name}: t ${t}, batch ${batch}, heads ${heads}, dk ${dk}, causal ${causal}`,
          })
        );
      }
    }
  }
});

Deno.test(
  "attention() weights: rows sum to 1 over visible keys, 0 on masked ones",
  gpuTest,
  async () => {
    const c = selfCase(3, 5, 2, 4, true);
    const r = await onBoth((b, up) => {
      const qkv = up(c.qkv);
      return [b.attention(qkv, qkv, up(c.mask), c.p).weights];
    });
    const w = r[1][0]; // [B, h, T, T]
    for (let b = 0; b < 3; b++) {
      const keys = Math.max(1, 5 - b);
      for (let h = 0; h < 2; h++) {
        for (let t = 0; t < 5; t++) {
          const row = w.subarray(((b * 2 + h) * 5 + t) * 5, ((b * 2 + h) * 5 + t + 1) * 5);
          const visible = Math.min(keys, t + 1);
          const sum = row.reduce((s, v) => s + v, 0);
          assert.ok(Math.abs(sum - 1) < 1e-5, `row (${b}, ${h}, ${t}) sums to ${sum}`);
          for (let j = visible; j < 5; j++) {
            assert.equal(
              row[j],
              0,
              `key ${j} of row (${b}, ${h}, ${t})`,
            );
          }
        }
      }
    }
  },
);

Deno.test(
  "attention() with every key masked gives zero weights and output, not NaN",
  gpuTest,
  async () => {
    const c = selfCase(1, 3, 1, 2, false);
    const mask = new Float32Array(3).fill(-Infinity);
    const r = await onBoth((b, up) => {
      const qkv = up(c.qkv);
      const { out, weights } = b.attention(qkv, qkv, up(mask), { ...c.p, maskGroups: 1 });
      return [out, weights];
    });
    for (const x of [...r[0], ...r[1]]) assert.ok(x.every((v) => v === 0));
  },
);

testOnBackends("attention() refuses columns outside the row stride", (b) => {
  const c = selfCase(1, 2, 1, 2, false);
  const qkv = b.upload(c.qkv);
  assert.throws(
    () => b.attention(qkv, qkv, null, { ...c.p, vOffset: 5 }),
    /within their row strides/,
  );
  b.release(qkv);
});

Deno.test(
  "attentionBackward() matches the cpu backend where a row's loops pass llvmpipe's 65535 iterations",
  gpuTest,
  async () => {
    // Issue #7: llvmpipe ends an invocation after 65535 loop iterations; the first backward
    // kernels looped ~2 * tk * dk (rows) and tq * dk (columns) times. Both cases below exceed
    // that many times over, so each range of keys and of queries takes several dispatches.
    for (const [batch, t, heads, dk] of [[1, 512, 1, 64], [1, 1100, 2, 32]]) {
      const c = selfCase(batch, t, heads, dk, true);
      const r = await onBoth((b, up) => {
        const qkv = up(c.qkv);
        const { out, weights } = b.attention(qkv, qkv, up(c.mask), c.p);
        const g = b.attentionBackward(qkv, qkv, weights, up(c.dOut), c.p);
        return [out, g.dq, g.dk, g.dv];
      });
      ["out", "dq", "dk", "dv"].forEach((name, i) =>
        assertClose(r[1][i], r[0][i], { ...tol, what: `${name}: t ${t}, dk ${dk}` })
      );
    }
  },
);
