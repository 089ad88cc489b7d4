/**
 * The fused training ops: linear() with its epilogue options (relu, residual, a window of the
 * weight's rows) and stridedAttention(). Each is checked three ways: its gradients against
 * central finite differences on cpu, its outputs and gradients against the same math written
 * with the unfused ops (on cpu and webgpu), and webgpu against cpu.
 */
import assert from "node:assert/strict";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { ops } from "../../src/engine/mod.ts";
import { Tape, Tensor } from "../../src/engine/mod.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

/** A graph of some inputs: the fused version and the same math with unfused ops. */
interface FusedCase {
  name: string;
  shapes: number[][];
  /** Inputs without gradient (masks). */
  constants?: number[];
  fused: (x: Tensor[]) => Tensor;
  reference: (x: Tensor[]) => Tensor;
  /** Skip finite differences (a relu kink may sit inside the step). */
  noFiniteDifferences?: boolean;
  /** Input values (default: uniform in [-1, 1), masks from paddingMask()). */
  values?: (seed: number) => Float32Array[];
}

/** Output values and d(sum(output * w))/d(input) for each non-constant input. */
async function gradients(
  backend: Backend,
  c: FusedCase,
  graph: (x: Tensor[]) => Tensor,
  values: Float32Array[],
): Promise<{ output: Float32Array; grads: Float32Array[] }> {
  const kept = ops.tidy(() => {
    const inputs = values.map((v, j) => {
      const t = Tensor.from(backend, v, c.shapes[j]);
      t.requiresGrad = !(c.constants ?? []).includes(j);
      return t;
    });
    const tape = new Tape();
    const output = tape.record(() => graph(inputs));
    const w = Tensor.from(backend, randomArray(output.size, 99, -1, 1), output.shape);
    const loss = tape.record(() => ops.sum(ops.mul(output, w)));
    const wrt = inputs.filter((t) => t.requiresGrad);
    const grads = tape.backward(loss, wrt);
    return [output, ...wrt.map((t) => grads.get(t)!)];
  });
  const arrays = await Promise.all(kept.map((t) => t.toArray()));
  for (const t of kept) t.dispose();
  return { output: arrays[0], grads: arrays.slice(1) };
}

/** Central differences of sum(graph(inputs) * w) on cpu, in float64 sums. */
async function finiteDifferences(c: FusedCase, values: Float32Array[]): Promise<Float32Array[]> {
  const loss = async (vals: Float32Array[]) => {
    const y = ops.tidy(() => c.fused(vals.map((v, j) => Tensor.from(cpuBackend, v, c.shapes[j]))));
    const out = await y.toArray();
    y.dispose();
    const w = randomArray(out.length, 99, -1, 1);
    let s = 0;
    for (let i = 0; i < out.length; i++) s += out[i] * w[i];
    return s;
  };
  const eps = 1e-2;
  const result: Float32Array[] = [];
  for (const [j, v] of values.entries()) {
    if ((c.constants ?? []).includes(j)) continue;
    const g = new Float32Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const plus = values.map((x) => x.slice());
      const minus = values.map((x) => x.slice());
      plus[j][i] += eps;
      minus[j][i] -= eps;
      g[i] = (await loss(plus) - await loss(minus)) / (plus[j][i] - minus[j][i]);
    }
    result.push(g);
  }
  return result;
}

/** Per-head attention written with the unfused ops, from q [B, Tq, d] and k, v [B, Tk, d]. */
function referenceAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  heads: number,
  options: { causal?: boolean; mask?: Tensor; dropout?: { rate: number; seed: number } } = {},
): Tensor {
  const dk = q.shape[2] / heads;
  const scores = ops.matmul(ops.splitHeads(q, heads), ops.splitHeads(k, heads), { transB: true });
  let p = ops.softmax(scores, {
    scale: 1 / Math.sqrt(dk),
    causal: options.causal,
    mask: options.mask,
  });
  if (options.dropout) p = ops.dropout(p, { ...options.dropout, training: true });
  return ops.mergeHeads(ops.matmul(p, ops.splitHeads(v, heads)));
}

const B = 2, T = 3, S = 4, D = 8, H = 2;
/** Columns [start, start + D) of x [B, T, C]. */
const cols = (x: Tensor, start: number) => ops.slice(x, 2, start, D);
/** A key padding mask [B, 1, S]: batch row 1 sees its first 2 keys only. */
const paddingMask = () => {
  const m = new Float32Array(B * S);
  m.fill(-Infinity, S + 2, 2 * S);
  return m;
};

const CASES: FusedCase[] = [
  {
    name: "linear() with relu in its store equals relu(linear())",
    shapes: [[B, T, 4], [8, 4], [8]],
    fused: ([x, w, b]) => ops.linear(x, w, b, { activation: "relu" }),
    reference: ([x, w, b]) => ops.relu(ops.linear(x, w, b)),
    noFiniteDifferences: true,
  },
  {
    name: "residual(): the add folded into the sublayer's last linear equals r + linear()",
    shapes: [[B, T, 6], [5, 6], [5], [B, T, 5]],
    fused: ([x, w, b, r]) => ops.residual(r, (h) => ops.linear(ops.tanh(h), w, b), x),
    reference: ([x, w, b, r]) => ops.add(r, ops.linear(ops.tanh(x), w, b)),
  },
  {
    name: "residual(): a projection of the sublayer's input itself does not take the residual",
    shapes: [[B, T, 4], [4, 4], [4], [4, 4], [4]],
    fused: ([x, w1, b1, w2, b2]) =>
      ops.residual(x, (h) => ops.linear(ops.tanh(ops.linear(h, w1, b1)), w2, b2), x),
    reference: ([x, w1, b1, w2, b2]) =>
      ops.add(x, ops.linear(ops.tanh(ops.linear(x, w1, b1)), w2, b2)),
  },
  {
    name: "linear() over a view of rows 8..15 of a [24, 4] weight equals linear() of copies",
    shapes: [[B, T, 4], [24, 4], [24]],
    fused: ([x, w, b]) => ops.linear(x, ops.slice(w, 0, 8, 8), ops.slice(b, 0, 8, 8)),
    reference: ([x, w, b]) =>
      ops.linear(x, ops.contiguous(ops.slice(w, 0, 8, 8)), ops.contiguous(ops.slice(b, 0, 8, 8))),
  },
  {
    name: "linear() over a view of columns of its input (one projection of a packed one)",
    shapes: [[B, T, 12], [3, 4], [3]],
    fused: ([x, w, b]) => ops.linear(ops.slice(x, 2, 4, 4), w, b),
    reference: ([x, w, b]) => ops.linear(ops.contiguous(ops.slice(x, 2, 4, 4)), w, b),
  },
  {
    name: "feedForwardRelu() equals linear2(relu(linear1(x)))",
    shapes: [[B, T, 4], [12, 4], [12], [4, 12], [4]],
    fused: ([x, w1, b1, w2, b2]) => ops.feedForwardRelu(x, { w1, b1, w2, b2 }),
    reference: ([x, w1, b1, w2, b2]) => ops.linear(ops.relu(ops.linear(x, w1, b1)), w2, b2),
    noFiniteDifferences: true,
  },
  {
    name: "feedForwardRelu() with a residual of its own input, and with another residual",
    shapes: [[B, T, 4], [12, 4], [12], [4, 12], [4], [B, T, 4]],
    fused: ([x, w1, b1, w2, b2, r]) =>
      ops.add(
        ops.residual(x, (h) => ops.feedForwardRelu(h, { w1, b1, w2, b2 }), x),
        ops.residual(x, (h) => ops.feedForwardRelu(h, { w1, b1, w2, b2 }), r),
      ),
    reference: ([x, w1, b1, w2, b2, r]) => {
      const ffn = (v: Tensor) => ops.linear(ops.relu(ops.linear(v, w1, b1)), w2, b2);
      return ops.add(ops.add(x, ffn(x)), ops.add(x, ffn(r)));
    },
    noFiniteDifferences: true,
  },
  {
    name: "feedForwardRelu() with pre-activations away from the relu kink",
    shapes: [[B, T, 4], [8, 4], [8], [4, 8], [4]],
    // |x W1^T| <= 0.04 and |b1| >= 0.2 with both signs: every hidden unit stays on one side.
    values: (seed) => [
      randomArray(B * T * 4, seed, -0.1, 0.1),
      randomArray(32, seed + 1, -0.1, 0.1),
      Float32Array.from(randomArray(8, seed + 2, 0.2, 1), (v, i) => (i % 3 === 1 ? -v : v)),
      randomArray(32, seed + 3),
      randomArray(4, seed + 4),
    ],
    fused: ([x, w1, b1, w2, b2]) => ops.feedForwardRelu(x, { w1, b1, w2, b2 }),
    reference: ([x, w1, b1, w2, b2]) => ops.linear(ops.relu(ops.linear(x, w1, b1)), w2, b2),
  },
  {
    name: "stridedAttention() of a packed causal self-attention projection",
    shapes: [[B, T, 3 * D]],
    fused: ([qkv]) =>
      ops.stridedAttention(qkv, qkv, D, { heads: H, kOffset: D, vOffset: 2 * D, causal: true })
        .output,
    reference: ([qkv]) =>
      referenceAttention(cols(qkv, 0), cols(qkv, D), cols(qkv, 2 * D), H, { causal: true }),
  },
  {
    name: "stridedAttention() of q [B, T, d] over a packed memory [B, S, 2d] with a padding mask",
    shapes: [[B, T, D], [B, S, 2 * D], [B, 1, S]],
    constants: [2],
    fused: ([q, kv, mask]) =>
      ops.stridedAttention(q, kv, D, { heads: H, kOffset: 0, vOffset: D, mask }).output,
    reference: ([q, kv, mask]) => referenceAttention(q, cols(kv, 0), cols(kv, D), H, { mask }),
  },
  {
    name: "stridedAttention() with k, v in swapped order and unused columns (zero gradients)",
    shapes: [[B, T, 2 * D], [B, S, 3 * D]],
    fused: ([q, kv]) =>
      ops.stridedAttention(q, kv, D, { heads: H, qOffset: D, kOffset: 2 * D, vOffset: 0 })
        .output,
    reference: ([q, kv]) => referenceAttention(cols(q, D), cols(kv, 2 * D), cols(kv, 0), H),
  },
  {
    name: "stridedAttention() with dropout on the weights equals dropout() in between",
    shapes: [[B, T, 3 * D]],
    fused: ([qkv]) =>
      ops.stridedAttention(qkv, qkv, D, {
        heads: H,
        kOffset: D,
        vOffset: 2 * D,
        dropout: { rate: 0.3, seed: 1234 },
      }).output,
    reference: ([qkv]) =>
      referenceAttention(cols(qkv, 0), cols(qkv, D), cols(qkv, 2 * D), H, {
        dropout: { rate: 0.3, seed: 1234 },
      }),
  },
];

function valuesOf(c: FusedCase, index: number): Float32Array[] {
  if (c.values) return c.values(100 * index);
  return c.shapes.map((shape, j) => {
    const n = shape.reduce((p, d) => p * d, 1);
    if ((c.constants ?? []).includes(j)) return paddingMask();
    return randomArray(n, 100 * index + j + 1, -1, 1);
  });
}

for (const [index, c] of CASES.entries()) {
  Deno.test(`${c.name}: outputs and gradients match the unfused ops on cpu`, async () => {
    const values = valuesOf(c, index);
    const fused = await gradients(cpuBackend, c, c.fused, values);
    const reference = await gradients(cpuBackend, c, c.reference, values);
    const tol = { rtol: 1e-5, atol: 1e-6 };
    assertClose(fused.output, reference.output, { ...tol, what: "output" });
    fused.grads.forEach((g, j) =>
      assertClose(g, reference.grads[j], { ...tol, what: `gradient ${j}` })
    );
  });

  if (!c.noFiniteDifferences) {
    Deno.test(`${c.name}: gradients match finite differences on cpu`, async () => {
      const values = valuesOf(c, index);
      const analytic = await gradients(cpuBackend, c, c.fused, values);
      const numeric = await finiteDifferences(c, values);
      numeric.forEach((g, j) =>
        assertClose(analytic.grads[j], g, { rtol: 1e-2, atol: 2e-3, what: `gradient ${j}` })
      );
    });
  }

  Deno.test(`webgpu ${c.name}: outputs and gradients match cpu`, gpuTest, async () => {
    const values = valuesOf(c, index);
    const expected = await gradients(cpuBackend, c, c.fused, values);
    const actual = await gradients(webgpuOrThrow(), c, c.fused, values);
    const tol = { rtol: 1e-4, atol: 1e-5 };
    assertClose(actual.output, expected.output, { ...tol, what: "output" });
    actual.grads.forEach((g, j) =>
      assertClose(g, expected.grads[j], { ...tol, what: `gradient ${j}` })
    );
  });
}

Deno.test("stridedAttention() returns softmax weights whose unmasked rows sum to 1", async () => {
  const q = Tensor.from(cpuBackend, randomArray(B * T * D, 5), [B, T, D]);
  const kv = Tensor.from(cpuBackend, randomArray(B * S * 2 * D, 6), [B, S, 2 * D]);
  const mask = Tensor.from(cpuBackend, paddingMask(), [B, 1, S]);
  const { weights } = ops.stridedAttention(q, kv, D, { heads: H, kOffset: 0, vOffset: D, mask });
  assert.deepEqual(weights.shape, [B, H, T, S]);
  const w = await weights.toArray();
  for (let row = 0; row < B * H * T; row++) {
    const values = w.subarray(row * S, (row + 1) * S);
    assertClose([values.reduce((s, x) => s + x, 0)], [1], { rtol: 1e-6, atol: 1e-6 });
    if (row >= H * T) assert.deepEqual([...values.subarray(2)], [0, 0], "padded keys get 0");
  }
  for (const t of [q, kv, mask, weights]) t.dispose();
});

Deno.test("stridedAttention() and linear() reject bad layouts with what was expected", () => {
  const x = Tensor.zeros(cpuBackend, [1, 2, 8]);
  assert.throws(
    () => ops.stridedAttention(x, x, 8, { heads: 2, kOffset: 4, vOffset: 0 }),
    /expected k's 8 columns inside rows of 8, got offset 4/,
  );
  assert.throws(
    () => ops.stridedAttention(x, x, 8, { heads: 3, kOffset: 0, vOffset: 0 }),
    /width divisible by 3 heads/,
  );
  const w = Tensor.zeros(cpuBackend, [4, 7]);
  assert.throws(
    () => ops.linear(x, w),
    /linear: expected x of shape \[\.\.\., 7\] for weight \[4, 7\], got \[1, 2, 8\]/,
  );
});
