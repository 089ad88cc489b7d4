/**
 * ops.fusedAttention equals the unfused composition it replaces in multi-head attention
 * (split heads, matmul, masked softmax, matmul, merge heads): outputs, weights and the
 * gradient of the packed projection, on cpu and webgpu; and its backward agrees with
 * central finite differences.
 */
import { ops } from "../../src/engine/mod.ts";
import { Tape, Tensor, tidy } from "../../src/engine/mod.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { testOnBackends } from "../support/gpu.ts";

const [B, T, H, DK] = [2, 4, 2, 3];
const D = H * DK;

function unfused(packed: Tensor, causal: boolean, mask: Tensor) {
  const byPart = ops.permute(ops.reshape(packed, [B, T, 3, H, DK]), [2, 0, 3, 1, 4]);
  const [q, k, v] = ops.split(byPart, 0, [1, 1, 1]).map((x) => ops.reshape(x, [B, H, T, DK]));
  const weights = ops.softmax(ops.matmul(q, k, { transB: true }), {
    scale: 1 / Math.sqrt(DK),
    causal,
    mask,
  });
  return { output: ops.mergeHeads(ops.matmul(weights, v)), weights };
}

function fused(packed: Tensor, causal: boolean, mask: Tensor) {
  return ops.fusedAttention(packed, packed, D, {
    heads: H,
    kOffset: D,
    vOffset: 2 * D,
    causal,
    mask,
  });
}

const packedValues = randomArray(B * T * 3 * D, 21, -1.5, 1.5);
const lossWeights = randomArray(B * T * D, 22);
const maskValues = new Float32Array(B * T);
maskValues.fill(-Infinity, T + 3, 2 * T); // row 1 keeps 3 keys

async function run(backend: Backend, f: typeof fused, causal: boolean, values = packedValues) {
  const kept = tidy(() => {
    const packed = Tensor.from(backend, values, [B, T, 3 * D]);
    packed.requiresGrad = true;
    const mask = Tensor.from(backend, maskValues, [B, 1, T]);
    const tape = new Tape();
    let weights: Tensor | null = null;
    const loss = tape.record(() => {
      const r = f(packed, causal, mask);
      weights = r.weights;
      return ops.sum(ops.mul(r.output, Tensor.from(backend, lossWeights, [B, T, D])));
    });
    const g = tape.backward(loss, [packed]).get(packed)!;
    return [loss, weights!, g];
  });
  const read = await Promise.all(kept.map((t) => t.toArray()));
  for (const t of kept) t.dispose();
  return read;
}

testOnBackends(
  "fusedAttention() equals the unfused attention (on cpu): loss, weights, packed gradient",
  async (backend) => {
    for (const causal of [false, true]) {
      const expected = await run(cpuBackend, unfused, causal);
      const got = await run(backend, fused, causal);
      ["loss", "weights", "gradient"].forEach((name, i) =>
        assertClose(got[i], expected[i], {
          rtol: 1e-4,
          atol: 1e-5,
          what: `${backend.name} causal ${causal}: ${name}`,
        })
      );
    }
  },
);

Deno.test("fusedAttention() backward agrees with central finite differences", async () => {
  const analytic = (await run(cpuBackend, fused, true))[2];
  const eps = 1e-2;
  const numeric = new Float32Array(packedValues.length);
  for (let i = 0; i < numeric.length; i++) {
    const plus = packedValues.slice();
    const minus = packedValues.slice();
    plus[i] += eps;
    minus[i] -= eps;
    const lp = (await run(cpuBackend, fused, true, plus))[0][0];
    const lm = (await run(cpuBackend, fused, true, minus))[0][0];
    numeric[i] = (lp - lm) / (2 * eps);
  }
  assertClose(analytic, numeric, { rtol: 1e-2, atol: 2e-3, what: "d loss / d packed" });
});
