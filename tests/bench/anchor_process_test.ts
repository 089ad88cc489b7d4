/**
 * The anchor of a comparison (numpy, PyTorch) runs without OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE, whatever attn's own environment holds, and attn's environment is left as it
 * was. The child here is tests/bench/fake_anchor.py, which reports the environment it got through
 * the real bench/blas_probe.py, so these tests need /usr/bin/python3 but neither numpy nor torch.
 */
import assert from "node:assert/strict";
import {
  ANCHOR_UNSET,
  anchorEnvironment,
  OPENMP_PASSIVE,
  PYTHON,
} from "../../src/bench/anchor_process.ts";
import { runNumpyMatmul } from "../../src/bench/numpy_compare.ts";
import { runTorchTrainSteps } from "../../src/bench/torch_compare.ts";
import { withEnv } from "../support/state.ts";

const FAKE = new URL("./fake_anchor.py", import.meta.url).pathname;
const hasPython = await Deno.stat(PYTHON).then((s) => s.isFile, () => false);

/** What a workplace may set for its own programs; the anchor must run without the first two. */
const WORKPLACE = {
  OPENBLAS_CORETYPE: "Prescott",
  OPENBLAS_L2_SIZE: "262144",
  OPENBLAS_NUM_THREADS: "2",
};

Deno.test("anchorEnvironment() drops the OpenBLAS pins and adds only missing defaults", () => {
  assert.deepEqual([...ANCHOR_UNSET], ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]);
  const parent = { ...WORKPLACE, PATH: "/usr/bin" };
  const numpy = anchorEnvironment(parent);
  assert.deepEqual(numpy.env, { OPENBLAS_NUM_THREADS: "2", PATH: "/usr/bin" });
  assert.deepEqual(numpy.unset, { OPENBLAS_CORETYPE: "Prescott", OPENBLAS_L2_SIZE: "262144" });
  assert.deepEqual(numpy.set, {});
  assert.equal(parent.OPENBLAS_CORETYPE, "Prescott", "the parent's copy is not changed");
  const torch = anchorEnvironment({ PATH: "/usr/bin" }, OPENMP_PASSIVE);
  assert.deepEqual(torch.env, { PATH: "/usr/bin", OMP_WAIT_POLICY: "PASSIVE" });
  assert.deepEqual(torch.unset, {});
  assert.deepEqual(torch.set, { OMP_WAIT_POLICY: "PASSIVE" });
  const chosen = anchorEnvironment({ OMP_WAIT_POLICY: "ACTIVE" }, OPENMP_PASSIVE);
  assert.deepEqual(chosen.env, { OMP_WAIT_POLICY: "ACTIVE" }, "a user's own choice stays");
  assert.deepEqual(chosen.set, {});
});

Deno.test({
  name: "the numpy anchor process lacks OPENBLAS_CORETYPE and _L2_SIZE; attn keeps them",
  ignore: !hasPython,
  async fn() {
    await withEnv(WORKPLACE, async () => {
      const outcome = await runNumpyMatmul({ script: FAKE, reps: 3, sizes: [8] });
      assert.ok("report" in outcome, JSON.stringify(outcome));
      const { anchor, report } = outcome;
      assert.equal(report.results[0].params.argv, "--reps 3 --size 8", "the arguments got there");
      // What the child saw: the other OpenBLAS variable came through, the two pins did not.
      assert.equal(anchor.environment.OPENBLAS_NUM_THREADS, "2");
      assert.ok(!("OPENBLAS_CORETYPE" in anchor.environment), JSON.stringify(anchor.environment));
      assert.ok(!("OPENBLAS_L2_SIZE" in anchor.environment), JSON.stringify(anchor.environment));
      assert.deepEqual(anchor.unset, { OPENBLAS_CORETYPE: "Prescott", OPENBLAS_L2_SIZE: "262144" });
      assert.deepEqual(anchor.set, {}, "numpy uses no OpenMP: nothing added");
      assert.equal(anchor.name, "numpy");
      assert.equal(anchor.blasKind, "unknown", "the fake imports no BLAS");
      // attn's own process is untouched.
      assert.equal(Deno.env.get("OPENBLAS_CORETYPE"), "Prescott");
      assert.equal(Deno.env.get("OPENBLAS_L2_SIZE"), "262144");
    });
  },
});

Deno.test({
  name: "the PyTorch anchor process lacks the pins and gets OMP_WAIT_POLICY=PASSIVE unless set",
  ignore: !hasPython,
  async fn() {
    await withEnv({ ...WORKPLACE, OMP_WAIT_POLICY: undefined }, async () => {
      const outcome = await runTorchTrainSteps({ script: FAKE, reps: 1, cases: ["transformer"] });
      assert.ok("report" in outcome, JSON.stringify(outcome));
      const { anchor } = outcome;
      assert.equal(anchor.name, "PyTorch");
      assert.equal(anchor.environment.OMP_WAIT_POLICY, "PASSIVE");
      assert.equal(anchor.environment.OPENBLAS_NUM_THREADS, "2");
      assert.ok(!("OPENBLAS_CORETYPE" in anchor.environment), JSON.stringify(anchor.environment));
      assert.ok(!("OPENBLAS_L2_SIZE" in anchor.environment), JSON.stringify(anchor.environment));
      assert.deepEqual(anchor.set, { OMP_WAIT_POLICY: "PASSIVE" });
      assert.deepEqual(Object.keys(anchor.unset), ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]);
      assert.equal(Deno.env.get("OMP_WAIT_POLICY"), undefined, "set for the child only");
    });
    await withEnv({ OMP_WAIT_POLICY: "ACTIVE" }, async () => {
      const outcome = await runTorchTrainSteps({ script: FAKE, reps: 1 });
      assert.ok("report" in outcome);
      assert.equal(outcome.anchor.environment.OMP_WAIT_POLICY, "ACTIVE");
      assert.deepEqual(outcome.anchor.set, {});
    });
  },
});

Deno.test({
  name: "an anchor script that prints no JSON is one clear reason, not a crash",
  ignore: !hasPython,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "attn-anchor-" });
    try {
      const script = `${dir}/chatty.py`;
      await Deno.writeTextFile(script, "print('hello')\n");
      const outcome = await runNumpyMatmul({ script });
      assert.ok("unavailable" in outcome);
      assert.match(outcome.unavailable, /printed no JSON report: expected one object, got 'hello'/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
