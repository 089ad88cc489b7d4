/**
 * `deno task bench:matmul` and `deno task bench:train` as users run them (the task's own
 * permission flags, a child process): the comparison names the BLAS its anchor loaded and the
 * anchor runs without the OpenBLAS pins of attn's environment. Each runs a whole suite, so with
 * one repetition; the matmul one on the cpu backend (no GPU needed), the train one on webgpu
 * (the cpu backend takes ~40 s for the full-size steps).
 */
import assert from "node:assert/strict";
import { needs } from "../support/needs.ts";
import { webgpu } from "../support/gpu.ts";
import { makeTempHome } from "../support/state.ts";
import { shellWords } from "../support/run_attn.ts";
import { taskCommand } from "../support/deno_tasks.ts";

const root = new URL("../../", import.meta.url).pathname;

/** Runs `deno task <task> <extra...>` with a temporary HOME and the given variables. */
async function runTask(
  task: "bench:matmul" | "bench:train" | "bench:generate" | "bench:models",
  extra: string[],
  vars: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const home = makeTempHome();
  try {
    const words = shellWords(taskCommand(task), { HOME: home });
    assert.deepEqual(words.slice(0, 2), ["deno", "run"]);
    const cacheHome = Deno.env.get("XDG_CACHE_HOME") || `${Deno.env.get("HOME")}/.cache`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: [...words.slice(1), ...extra],
      cwd: root,
      env: {
        NO_COLOR: "1",
        HOME: home,
        XDG_STATE_HOME: "",
        XDG_RUNTIME_DIR: home, // the Vulkan loader wants one
        DENO_DIR: Deno.env.get("DENO_DIR") || `${cacheHome}/deno`,
        ...vars,
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder();
    return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test({
  name: "deno task bench:matmul names numpy's BLAS, compares at 1024 and unpins OpenBLAS",
  ignore: !needs.numpy,
  async fn() {
    const run = await runTask("bench:matmul", ["--backend", "cpu", "--reps", "1"], {
      OPENBLAS_CORETYPE: "Prescott",
      COLUMNS: "200",
    });
    assert.equal(run.code, 0, run.stderr);
    const out = run.stdout;
    // The same-run ratio, two significant digits, at every cube up to 1024.
    for (const n of [64, 512, 1024]) {
      assert.match(out, new RegExp(`│ matmul ${n}x${n}x${n}\\s.*│ +\\d+(\\.\\d+)?x │`), `${n}`);
    }
    const anchor = /^anchor: numpy \S+ on (.+), (?:\S+ kernels, )?\d+ threads?$/m.exec(out);
    assert.ok(anchor, out);
    assert.match(out, /^anchor ran without OPENBLAS_CORETYPE=Prescott/m);
    if (anchor[1] === "reference BLAS (libblas3)") {
      assert.match(out, /^WARNING: numpy ran on reference BLAS/m);
    } else {
      assert.doesNotMatch(out, /WARNING/);
      assert.doesNotMatch(anchor[0], /Prescott kernels/, "the pin did not reach the anchor");
    }
  },
});

Deno.test({
  name: "deno task bench:train --json carries PyTorch's anchor: BLAS, threads, environment",
  ignore: !needs.torch || webgpu === null,
  async fn() {
    const run = await runTask("bench:train", ["--reps", "1", "--json"], {
      OPENBLAS_CORETYPE: "Prescott",
      OPENBLAS_L2_SIZE: "262144",
    });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    const anchor = report.anchor;
    assert.equal(anchor.name, "PyTorch");
    assert.equal(typeof anchor.version, "string");
    assert.equal(typeof anchor.blas, "string");
    assert.equal(anchor.threads, 2, "the script asks torch for both cores");
    assert.deepEqual(anchor.unset, { OPENBLAS_CORETYPE: "Prescott", OPENBLAS_L2_SIZE: "262144" });
    assert.equal(anchor.environment.OPENBLAS_CORETYPE, undefined);
    assert.equal(anchor.environment.OMP_WAIT_POLICY, "PASSIVE");
    if (anchor.blasKind === "openblas") assert.notEqual(anchor.blasCore, "Prescott");
    assert.equal(report.baseline.backend, `torch ${anchor.version} cpu`);
    const names = report.results.map((r: { name: string }) => r.name);
    for (const name of ["transformer", "gru-luong-general", "gpt"]) {
      assert.ok(names.includes(name), `${name} in ${names}`);
    }
    for (const r of report.results) assert.equal(typeof r.speedup, "number", r.name);
    assert.deepEqual(
      report.baseline.results.map((r: { name: string }) => r.name),
      names,
      "PyTorch timed every case attn timed, the GPT too",
    );
  },
});

/** The PyTorch anchor as every --torch report carries it: PyTorch, its BLAS named, unpinned. */
function assertTorchAnchor(anchor: Record<string, unknown>): void {
  assert.equal(anchor.name, "PyTorch");
  assert.equal(typeof anchor.blas, "string");
  assert.notEqual(anchor.blas, "", "the BLAS is named");
  assert.equal(anchor.threads, 2);
  assert.deepEqual(anchor.unset, { OPENBLAS_CORETYPE: "Prescott" });
  assert.equal((anchor.environment as Record<string, string>).OMP_WAIT_POLICY, "PASSIVE");
}

Deno.test({
  name: "deno task bench:generate --json: PyTorch's per-token time and tokens/s beside attn's",
  ignore: !needs.torch,
  async fn() {
    const run = await runTask(
      "bench:generate",
      ["--backend", "cpu", "--len", "4,8", "--reps", "1", "--json"],
      { OPENBLAS_CORETYPE: "Prescott" },
    );
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assertTorchAnchor(report.anchor);
    const names = ["cache n=4", "cache n=8", "no-cache n=4", "no-cache n=8"];
    assert.deepEqual(report.results.map((r: { name: string }) => r.name), names);
    assert.deepEqual(report.baseline.results.map((r: { name: string }) => r.name), names);
    for (const r of report.baseline.results) {
      assert.equal(r.unit, "tokens/s");
      assert.ok(r.perTokenMs > 0 && Math.abs(r.value - 1000 / r.perTokenMs) < 1e-6 * r.value);
    }
    for (const r of report.results) {
      assert.equal(typeof r.speedup, "number", r.name);
      assert.equal(r.perTokenMs, r.medianMs, "a generate step is one token");
    }
    // PyTorch's own KV cache gives its recomputing generation's tokens.
    assert.equal(report.baseline.agreement.sameTokens, true);
    assert.ok(report.baseline.agreement.maxLogitDiff < 1e-3);
  },
});

Deno.test({
  name: "deno task bench:models --json: PyTorch's greedy decode per token for every case",
  ignore: !needs.torch,
  async fn() {
    const run = await runTask(
      "bench:models",
      ["--backend", "cpu", "--len", "4", "--reps", "1", "--json"],
      { OPENBLAS_CORETYPE: "Prescott" },
    );
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assertTorchAnchor(report.anchor);
    const ours = report.results.map((r: { name: string }) => r.name);
    assert.deepEqual(report.baseline.results.map((r: { name: string }) => r.name), ours);
    for (const arch of ["transformer", "gru"]) assert.ok(ours.includes(`${arch} decode n=4`));
    for (const r of report.results) assert.equal(typeof r.speedup, "number", r.name);
    const decodes = report.baseline.results.filter((r: { name: string }) =>
      / decode /.test(r.name)
    );
    for (const r of decodes) {
      assert.ok(Math.abs(r.perTokenMs * 4 - r.medianMs) < 1e-9 * r.medianMs, r.name);
      assert.ok(Math.abs(r.value - 4000 / r.medianMs) < 1e-6 * r.value, r.name);
    }
  },
});
