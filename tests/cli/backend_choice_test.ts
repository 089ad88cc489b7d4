/**
 * The default backend chooses the cpu for small work (issue #19: a one-liner `run` must not pay
 * for compiling GPU pipelines and round trips it does not need), and says so: `run --json`'s
 * `backendReason`, a `small work` line in `device`. `--backend webgpu` still forces webgpu.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { gpuTest } from "../support/gpu.ts";
import type { RunResult } from "../../src/models/run_result.ts";
import {
  isSmallWork,
  openBackend,
  SMALL_WORK_MAX_WEIGHT_BYTES,
} from "../../src/engine/open_backend.ts";

async function runJson(extra: string[]): Promise<RunResult> {
  const r = await runAttn(["run", "나는 학생이다", "--json", ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

Deno.test("run of one sentence through a shipped model: the default runs it on the cpu, and says why", async () => {
  const run = await runJson([]);
  assert.equal(run.backend, "cpu");
  assert.equal(run.backendReason, "small-work");
  assert.equal(run.output.text, "I am a student");
  const asked = await runJson(["--backend", "cpu"]);
  assert.equal(asked.backendReason, "asked");
});

Deno.test({
  name: "run --backend webgpu still runs on webgpu, with the same output",
  ...gpuTest,
  async fn() {
    const run = await runJson(["--backend", "webgpu"]);
    assert.equal(run.backend, "webgpu");
    assert.equal(run.backendReason, "asked");
    assert.equal(run.output.text, "I am a student");
  },
});

Deno.test({
  name: "device shows which work the default runs on the cpu; --backend webgpu has no such rule",
  ...gpuTest,
  async fn() {
    const json = await runAttn(["device", "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const info = JSON.parse(json.stdout);
    assert.equal(info.backend, "webgpu");
    assert.deepEqual(info.smallWork, {
      backend: "cpu",
      maxWeightBytes: SMALL_WORK_MAX_WEIGHT_BYTES,
    });
    const text = await runAttn(["device"]);
    assert.match(
      text.stdout,
      /^small work +cpu: `run` of one sentence .*--backend webgpu forces webgpu$/m,
    );
    const ko = await runAttn(["device", "--lang", "ko"]);
    assert.match(ko.stdout, /^작은 작업 +cpu: .*--backend webgpu로 webgpu를 강제합니다$/m);
    const forced = await runAttn(["device", "--json", "--backend", "webgpu"]);
    assert.equal(JSON.parse(forced.stdout).smallWork, undefined);
  },
});

Deno.test("only small work goes to the cpu: a big model, or no size given, asks for the GPU", async () => {
  assert.ok(isSmallWork({ weightBytes: 869_532 }), "ko-en-transformer is small");
  assert.ok(!isSmallWork({ weightBytes: SMALL_WORK_MAX_WEIGHT_BYTES + 1 }));
  assert.ok(!isSmallWork(undefined));
  const small = await openBackend("auto", { weightBytes: 1000 });
  assert.equal(small.backend.name, "cpu");
  assert.equal(small.reason, "small-work");
  const forced = await openBackend("webgpu", { weightBytes: 1000 }).catch(() => null);
  if (forced) assert.equal(forced.reason, "asked"); // forced: webgpu (or a refusal, no adapter)
  if (forced) assert.equal(forced.backend.name, "webgpu");
});

Deno.test("generate with the shipped GPT: the default decodes on the cpu, says why, and --backend webgpu gives the same tokens", async () => {
  const generate = async (extra: string[]) => {
    const r = await runAttn(["generate", "나는 학생이다", "--json", "--max-new", "6", ...extra]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const auto = await generate([]);
  assert.equal(auto.backend, "cpu");
  assert.equal(auto.backendReason, "small-work");
  const asked = await generate(["--backend", "cpu"]);
  assert.equal(asked.backendReason, "asked");
  assert.deepEqual(asked.output.ids, auto.output.ids);
  if (!gpuTest.ignore) {
    const gpu = await generate(["--backend", "webgpu"]);
    assert.equal(gpu.backend, "webgpu");
    assert.equal(gpu.backendReason, "asked");
    assert.deepEqual(gpu.output.ids, auto.output.ids);
  }
});
