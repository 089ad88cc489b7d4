/**
 * The graphs of gradient_cases.ts on webgpu give the same outputs and
 * gradients as on cpu. Tolerance rtol 1e-4, atol 1e-5 except where noted:
 * the kernels sum in float32 in another order than the cpu's float64 loops.
 */
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";
import { ops } from "../../src/engine/mod.ts";
import { Tensor } from "../../src/engine/mod.ts";
import { cases, runWithGradients } from "./gradient_cases.ts";

for (const [index, c] of cases.entries()) {
  Deno.test(`webgpu ${c.name}: outputs and gradients match cpu`, gpuTest, async () => {
    const expected = await runWithGradients(cpuBackend, c, index);
    const actual = await runWithGradients(webgpuOrThrow(), c, index);
    const tol = { rtol: 1e-4, atol: 1e-5 };
    assertClose(actual.output, expected.output, { ...tol, what: `${c.name}: output` });
    actual.grads.forEach((g, j) =>
      assertClose(g, expected.grads[j], { ...tol, what: `${c.name}: gradient of input ${j}` })
    );
  });
}

Deno.test("webgpu argmax() matches cpu, ties included", gpuTest, async () => {
  const values = [0, 3, 3, 1, 5, -1, -2, -2, -2, 7, 7.5, 7.25];
  const expected = await ops.argmax(Tensor.from(cpuBackend, values, [4, 3])).toArray();
  const actual = await ops.argmax(Tensor.from(webgpuOrThrow(), values, [4, 3])).toArray();
  assertClose(actual, expected, { rtol: 0, atol: 0 });
});
