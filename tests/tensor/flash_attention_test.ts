/**
 * ops.flashAttention: the same output as ops.fusedAttention (and so as the unfused attention)
 * on cpu and webgpu, for self-attention of a packed projection with causal and padding masks
 * and for cross-attention; lse of shape [B, h, Tq]; inference only.
 */
import assert from "node:assert/strict";
import { ops } from "../../src/engine/mod.ts";
import { Tape, Tensor, tidy } from "../../src/engine/mod.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { testOnBackends } from "../support/gpu.ts";

const [B, T, S, H, DK] = [2, 11, 7, 4, 8];
const D = H * DK;

/** Reads the tensors fn returns (fn runs inside tidy) and disposes them. */
async function read(fn: () => Tensor[]): Promise<Float32Array[]> {
  const kept = tidy(fn);
  const values = await Promise.all(kept.map((t) => t.toArray()));
  for (const t of kept) t.dispose();
  return values;
}

testOnBackends(
  "flashAttention() equals fusedAttention(): causal self-attention with key padding",
  async (backend) => {
    const packed = randomArray(B * T * 3 * D, 5, -1.5, 1.5);
    const padding = new Float32Array(B * T);
    padding.fill(-Infinity, T + 6, 2 * T); // batch row 1 keeps 6 keys
    const options = (mask: Tensor) => ({
      heads: H,
      kOffset: D,
      vOffset: 2 * D,
      causal: true,
      mask,
    });
    const [flash, lse, fused] = await read(() => {
      const qkv = Tensor.from(backend, packed, [B, T, 3 * D]);
      const mask = Tensor.from(backend, padding, [B, 1, T]);
      const f = ops.flashAttention(qkv, qkv, D, options(mask));
      assert.deepEqual(f.output.shape, [B, T, D]);
      assert.deepEqual(f.lse.shape, [B, H, T]);
      return [f.output, f.lse, ops.fusedAttention(qkv, qkv, D, options(mask)).output];
    });
    assertClose(flash, fused, { rtol: 1e-4, atol: 1e-5, what: `${backend.name}: output` });
    assert.ok(lse.every(Number.isFinite), `${backend.name}: every row sees a key`);
  },
);

testOnBackends(
  "flashAttention() equals fusedAttention() for cross-attention with a scale of 1",
  async (backend) => {
    const queries = randomArray(B * T * D, 6);
    const memory = randomArray(B * S * 2 * D, 7);
    const options = { heads: H, kOffset: 0, vOffset: D, scale: 1 };
    const [flash, fused] = await read(() => {
      const q = Tensor.from(backend, queries, [B, T, D]);
      const kv = Tensor.from(backend, memory, [B, S, 2 * D]);
      return [
        ops.flashAttention(q, kv, D, options).output,
        ops.fusedAttention(q, kv, D, options).output,
      ];
    });
    assertClose(flash, fused, { rtol: 1e-4, atol: 1e-5, what: `${backend.name}: output` });
  },
);

Deno.test("flashAttention() refuses to record gradients and misshapen masks", () => {
  const qkv = Tensor.from(cpuBackend, randomArray(T * 3 * D, 8), [1, T, 3 * D]);
  const options = { heads: H, kOffset: D, vOffset: 2 * D };
  qkv.requiresGrad = true;
  assert.throws(
    () => new Tape().record(() => ops.flashAttention(qkv, qkv, D, options)),
    /flashAttention: expected inference \(it has no backward\)/,
  );
  const mask = Tensor.from(cpuBackend, new Float32Array(T + 1), [1, 1, T + 1]);
  assert.throws(
    () => ops.flashAttention(qkv, qkv, D, { ...options, mask }),
    /flashAttention: expected a mask \[B or 1, Tq or 1, 11\], got \[1, 1, 12\]/,
  );
  assert.throws(
    () => ops.flashAttention(qkv, qkv, D + 1, options),
    /flashAttention: expected q and kv sources \[B, T, C\] and a width divisible by 4 heads/,
  );
  // Outside a tape the same call runs.
  const { output } = ops.flashAttention(qkv, qkv, D, options);
  assert.deepEqual(output.shape, [1, T, D]);
  for (const t of [qkv, mask, output]) t.dispose();
});
