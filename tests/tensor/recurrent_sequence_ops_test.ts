/**
 * ops.gruSequence and ops.lstmSequence (a whole GRU or LSTM layer in one primitive): the same
 * values and gradients as the per-step path (linear + the cell + padding blend) on cpu, webgpu
 * against cpu (forward with and without a tape, every gradient), central finite differences,
 * padding that keeps a row's state, and the hidden sizes webgpu takes.
 */
import assert from "node:assert/strict";
import { Tensor, tidy } from "../../src/engine/mod.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend } from "../support/backends.ts";
import {
  inputsOf,
  numericGradients,
  perStepOp,
  runForward,
  runWithGradients,
  type SequenceCase,
  sequenceOp,
  shapesOf,
} from "./sequence_cases.ts";
import { gpuTest, testOnBackends, webgpuOrThrow } from "../support/gpu.ts";

/**
 * Sizes the webgpu kernel handles unevenly: a ragged batch (one row of length 0), B = 1 and S = 1,
 * batches of 1, 2, 4 and 8 rows per workgroup that leave rows of the last one empty, and hidden
 * sizes whose quads (H / 4) are not a multiple of the 8 invocations.
 */
const cases: SequenceCase[] = [
  { batch: 3, steps: 5, hidden: 4, lengths: [5, 2, 4] },
  { batch: 1, steps: 1, hidden: 8 },
  { batch: 2, steps: 3, hidden: 12, lengths: [1, 3] },
  { batch: 9, steps: 4, hidden: 36, lengths: [4, 4, 1, 0, 3, 2, 4, 4, 1] },
  { batch: 10, steps: 3, hidden: 68 },
  {
    batch: 17,
    steps: 2,
    hidden: 132,
    lengths: [2, 1, 2, 2, 1, 2, 2, 2, 1, 2, 2, 2, 2, 1, 2, 2, 2],
  },
];

const label = (c: SequenceCase) =>
  `B ${c.batch}, S ${c.steps}, H ${c.hidden}${c.lengths ? ", ragged" : ""}`;

for (const kind of ["gru", "lstm"] as const) {
  const op = `${kind}Sequence`;
  const gates = kind === "gru" ? 3 : 4;
  const names = [
    "output",
    "projected",
    "weightHh",
    "biasHh",
    "h0",
    ...(kind === "lstm" ? ["c0"] : []),
  ];

  Deno.test(`${op}() equals the per-step path (linear + the cell + padding blend) on cpu, values and gradients`, async () => {
    // The cpu takes any hidden size: H = 5 too.
    for (const [i, c] of [...cases, { batch: 2, steps: 3, hidden: 5, lengths: [1, 3] }].entries()) {
      const values = inputsOf(kind, c, 10 * i);
      const expected = await runWithGradients(cpuBackend, perStepOp(kind), kind, c, values);
      const got = await runWithGradients(cpuBackend, sequenceOp(kind), kind, c, values);
      got.forEach((g, j) =>
        assertClose(g, expected[j], { rtol: 1e-5, atol: 1e-6, what: `${label(c)}: ${names[j]}` })
      );
    }
  });

  Deno.test(
    `${op}() on webgpu equals cpu: output with and without a tape, every gradient`,
    gpuTest,
    async () => {
      const gpu = webgpuOrThrow();
      for (const [i, c] of cases.entries()) {
        const values = inputsOf(kind, c, 10 * i);
        const expected = await runWithGradients(cpuBackend, sequenceOp(kind), kind, c, values);
        const got = await runWithGradients(gpu, sequenceOp(kind), kind, c, values);
        got.forEach((g, j) =>
          assertClose(g, expected[j], { rtol: 1e-4, atol: 1e-5, what: `${label(c)}: ${names[j]}` })
        );
        const inferred = await runForward(gpu, sequenceOp(kind), kind, c, values);
        assertClose(inferred, expected[0], {
          rtol: 1e-4,
          atol: 1e-5,
          what: `${label(c)}: inference`,
        });
      }
    },
  );

  Deno.test(`${op}() backward matches central finite differences (cpu)`, async () => {
    const c: SequenceCase = { batch: 2, steps: 3, hidden: 3, lengths: [3, 2] };
    const values = inputsOf(kind, c, 5);
    const [, ...grads] = await runWithGradients(cpuBackend, sequenceOp(kind), kind, c, values);
    const numeric = await numericGradients(cpuBackend, sequenceOp(kind), kind, c, values);
    grads.forEach((g, j) =>
      assertClose(g, numeric[j], { rtol: 1e-2, atol: 2e-3, what: names[j + 1] })
    );
    // Not vacuous: every input's gradient has a clearly non-zero element.
    for (const g of grads) assert.ok(g.some((v) => Math.abs(v) > 1e-2));
  });

  testOnBackends(
    `${op}() carries a padded row's state: its outputs past its length repeat its last state`,
    async (backend) => {
      const c: SequenceCase = { batch: 3, steps: 4, hidden: 8, lengths: [4, 2, 0] };
      const values = inputsOf(kind, c, 3);
      const width = kind === "gru" ? 8 : 16; // H, or [h | c] = 2H
      const out = await runForward(backend, sequenceOp(kind), kind, c, values);
      const at = (b: number, t: number) =>
        Array.from(out.subarray((b * 4 + t) * width, (b * 4 + t + 1) * width));
      assert.deepEqual(at(1, 2), at(1, 1), `${backend.name}: row 1, step 2`);
      assert.deepEqual(at(1, 3), at(1, 1), `${backend.name}: row 1, step 3`);
      assert.notDeepEqual(at(1, 1), at(1, 0), `${backend.name}: row 1 ran step 1`);
      assert.notDeepEqual(at(0, 3), at(0, 2), `${backend.name}: row 0 ran step 3`);
      // A row of length 0 keeps its initial state throughout.
      const h0 = Array.from(values[3].subarray(2 * 8, 3 * 8));
      assertClose(at(2, 3).slice(0, 8), h0, { rtol: 0, atol: 0, what: `${backend.name}: row 2` });
    },
  );

  Deno.test(
    `webgpu's ${op}() takes hidden sizes that are multiples of 4 within workgroup memory`,
    gpuTest,
    () => {
      const gpu = webgpuOrThrow();
      assert.equal(cpuBackend.sequenceSupported(gates, 5), true);
      assert.equal(gpu.sequenceSupported(gates, 128), true);
      assert.equal(gpu.sequenceSupported(gates, 6), false);
      assert.equal(gpu.sequenceSupported(gates, 4096), false);
      const c: SequenceCase = { batch: 2, steps: 2, hidden: 6 };
      assert.throws(
        () =>
          tidy(() =>
            sequenceOp(kind)(
              inputsOf(kind, c, 1).map((v, i) => Tensor.from(gpu, v, shapesOf(kind, c)[i])),
              undefined,
            )
          ),
        /expected a hidden size that is a multiple of 4 and at most \d+ .*, got 6/,
      );
    },
  );
}
