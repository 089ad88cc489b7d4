/**
 * `compare` takes model paths like every other command (docs/CONTRACT.md: "--model takes a model
 * name from `models` or a path to a .safetensors file"): in --models, in --model, and as the
 * model chosen with `use`.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { withTempHome } from "../support/state.ts";
import type { CompareResult } from "../../src/app/compare_models.ts";

const noGpu = { DENO_WEBGPU_BACKEND: "doesnotexist" };
const gru = "weights/ko-en-gru.safetensors";
const luong = "weights/ko-en-gru-luong-general.safetensors";

function rowsOf(json: string): string[][] {
  const result = JSON.parse(json) as CompareResult;
  assert.equal(result.task, "ko-en");
  assert.equal(result.reference, "I am a student");
  return result.rows.map((r) => [r.family, r.model]);
}

Deno.test("compare --models and --model take .safetensors paths", async () => {
  await withTempHome(async (home) => {
    const env = { ...noGpu, HOME: home };
    const listed = await runAttn(
      [
        "compare",
        "나는",
        "학생이다",
        "--models",
        `${gru},ko-en-transformer`,
        "--backend",
        "cpu",
        "--json",
      ],
      { env },
    );
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(rowsOf(listed.stdout), [["RNN", gru], ["Transformer", "ko-en-transformer"]]);

    const one = await runAttn(
      ["compare", "나는", "학생이다", "--model", luong, "--backend", "cpu", "--json"],
      { env },
    );
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(rowsOf(one.stdout), [
      ["RNN", "ko-en-gru"],
      ["RNN+attention", luong], // the chosen model takes its family's place
      ["Transformer", "ko-en-transformer"],
      ["GPT", "ko-en-gpt"],
    ]);

    const wrongTask = await runAttn(
      [
        "compare",
        "나는",
        "--model",
        "weights/dates-gru.safetensors",
        "--task",
        "ko-en",
        "--backend",
        "cpu",
      ],
      { env },
    );
    assert.equal(wrongTask.code, 2);
    assert.equal(
      wrongTask.stderr,
      "attn: --model 'weights/dates-gru.safetensors' is a model of task 'dates', not 'ko-en'\n",
    );
    const missing = await runAttn(
      ["compare", "나는", "--models", "ko-en-gru,./nope.safetensors", "--backend", "cpu"],
      { env },
    );
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, "attn: no checkpoint file at ./nope.safetensors\n");
  });
});

Deno.test("compare after `use PATH` at the prompt puts that model in its family's place", async () => {
  await withTempHome(async (home) => {
    const run = await runAttn([], {
      task: "start",
      env: { ...noGpu, HOME: home },
      stdin: `set backend cpu\nuse ${luong}\ncompare 나는 학생이다 --json\n`,
    });
    assert.equal(run.code, 0, run.stderr);
    const json = run.stdout.trim().split("\n").at(-1)!;
    assert.deepEqual(rowsOf(json), [
      ["RNN", "ko-en-gru"],
      ["RNN+attention", luong],
      ["Transformer", "ko-en-transformer"],
      ["GPT", "ko-en-gpt"],
    ]);
  });
});
