/**
 * Strided views: slice, permute, split and the attention head split/merge copy nothing; a
 * view's elements read through `data` equal a copy made by hand; gradients through views
 * equal the dense rule; gather and scatterAdd agree on both backends.
 */
import assert from "node:assert/strict";
import { ops, Tape, Tensor } from "../../src/engine/mod.ts";
import { randomArray } from "../support/backends.ts";
import { gpuTest, testOnBackends } from "../support/gpu.ts";
import { onBoth } from "../support/on_both.ts";
import { assertClose } from "../support/assert_close.ts";

/** x[b, t, c] of a [B, T, C] array, row-major. */
const at3 = (a: Float32Array, [, T, C]: number[], b: number, t: number, c: number) =>
  a[(b * T + t) * C + c];

testOnBackends(
  "slice, permute, splitHeads and mergeHeads are views: no kernel runs",
  async (backend) => {
    {
      const x = Tensor.from(backend, randomArray(2 * 3 * 8, 1), [2, 3, 8]);
      await x.toArray();
      const before = backend.stats.dispatches;
      const heads = ops.splitHeads(x, 2); // [2, 2, 3, 4]
      const back = ops.mergeHeads(heads); // [2, 3, 8]
      const cols = ops.slice(x, 2, 4, 4); // [2, 3, 4]
      const t = ops.transpose(cols); // [2, 4, 3]
      assert.equal(backend.stats.dispatches, before, "views dispatch nothing");
      assert.ok(!heads.isDense && !cols.isDense && !t.isDense);
      assert.ok(back.isDense, "the heads of a dense tensor merge back to it");
      assert.equal(back.storage, x.storage, "merged back onto the same storage");
      // Reading a view makes one dense copy with the right values.
      const host = await x.toArray();
      const h = await heads.toArray();
      for (let b = 0; b < 2; b++) {
        for (let head = 0; head < 2; head++) {
          for (let tt = 0; tt < 3; tt++) {
            for (let j = 0; j < 4; j++) {
              const got = h[((b * 2 + head) * 3 + tt) * 4 + j];
              assert.equal(got, at3(host, [2, 3, 8], b, tt, head * 4 + j));
            }
          }
        }
      }
      const tr = await t.toArray();
      assert.equal(tr[(1 * 4 + 2) * 3 + 1], at3(host, [2, 3, 8], 1, 1, 4 + 2));
      for (const v of [x, heads, back, cols, t]) v.dispose();
    }
  },
);

testOnBackends("views of views: a head of one part of a packed projection", async (backend) => {
  {
    const packed = Tensor.from(backend, randomArray(2 * 5 * 12, 2), [2, 5, 12]); // q | k | v
    const [, k] = ops.split(packed, 2, [4, 4, 4]);
    const kHeads = ops.splitHeads(k, 2); // [2, 2, 5, 2]
    assert.equal(kHeads.root, packed, "a view of a view still points at the dense root");
    const host = await packed.toArray();
    const got = await kHeads.toArray();
    // kHeads[b, h, t, j] = packed[b, t, 4 + h * 2 + j]
    assert.equal(got[((1 * 2 + 1) * 5 + 3) * 2 + 1], at3(host, [2, 5, 12], 1, 3, 4 + 2 + 1));
    for (const v of [packed, k, kHeads]) v.dispose();
  }
});

testOnBackends(
  "gradients flow through views to the root as the dense rule says",
  async (backend) => {
    const values = randomArray(2 * 3 * 6, 3);
    const weights = randomArray(2 * 3 * 2 * 3, 4);
    const grad = async (viaViews: boolean) => {
      const x = Tensor.from(backend, values, [2, 3, 6]);
      x.requiresGrad = true;
      const w = Tensor.from(backend, weights, [2, 2, 3, 3]);
      const tape = new Tape();
      const loss = tape.record(() => {
        // Heads of x [2, 2, 3, 3] by views, or by copying them out element by element.
        const heads = viaViews
          ? ops.splitHeads(x, 2)
          : ops.permute(ops.reshape(ops.contiguous(x), [2, 3, 2, 3]), [0, 2, 1, 3]);
        return ops.sum(ops.mul(ops.contiguous(heads), w));
      });
      const g = tape.backward(loss, [x]).get(x)!;
      const host = await g.toArray();
      for (const t of [x, w, loss, g]) t.dispose();
      return host;
    };
    const [a, b] = [await grad(true), await grad(false)];
    assertClose(a, b, { what: "gradient through views" });
    // d/dx of sum(heads * w) is w put back in x's order.
    assert.equal(a[(1 * 3 + 2) * 6 + 1 * 3 + 0], weights[((1 * 2 + 1) * 3 + 2) * 3 + 0]);
  },
);

Deno.test(
  "gather and scatterAdd: webgpu equals cpu on a transposed, offset view",
  gpuTest,
  async () => {
    const storage = randomArray(200, 5);
    const view = { shape: [3, 4, 5], strides: [1, 40, 7], offset: 11 };
    const [cpu, gpu] = await onBoth((b, up) => {
      const x = up(storage);
      const gathered = b.gather(x, view);
      const target = b.upload(new Float32Array(200).fill(1));
      b.scatterAdd(target, gathered, view);
      return [gathered, target];
    });
    assertClose(gpu[0], cpu[0], { what: "gather" });
    assertClose(gpu[1], cpu[1], { what: "scatterAdd" });
    assert.equal(cpu[0][0], storage[11]);
    assert.equal(cpu[0][(1 * 4 + 2) * 5 + 3], storage[11 + 1 + 2 * 40 + 3 * 7]);
    assert.equal(cpu[1][11], Math.fround(1 + storage[11]), "scatterAdd adds the view back");
  },
);
