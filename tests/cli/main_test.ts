import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { gpuTest } from "../support/gpu.ts";

const noGpu = { DENO_WEBGPU_BACKEND: "doesnotexist" };

Deno.test("device --json with no adapter: cpu backend, a reason, one notice line", async () => {
  const run = await runAttn(["device", "--json"], { env: noGpu });
  assert.equal(run.code, 0, run.stderr);
  const info = JSON.parse(run.stdout);
  assert.equal(info.backend, "cpu");
  assert.equal(info.adapter, null);
  assert.deepEqual(info.features, []);
  assert.match(info.fallbackReason, /adapter/i);
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0], /^attn: note: .*cpu backend$/);
});

Deno.test(
  "device --json on this machine names the webgpu adapter, with no loader noise",
  gpuTest,
  async () => {
    // A fresh HOME (runAttn's) and no XDG_RUNTIME_DIR: attn must give the Vulkan loader a
    // private runtime dir itself, inside the state dir it may write.
    const run = await runAttn(["device", "--json"], { env: { XDG_RUNTIME_DIR: "" } });
    assert.equal(run.code, 0, run.stderr);
    const info = JSON.parse(run.stdout);
    assert.equal(info.backend, "webgpu");
    assert.equal(typeof info.adapter, "string");
    assert.ok(Array.isArray(info.features));
    assert.equal(run.stderr, "", "no loader noise on stderr");
  },
);

Deno.test("--backend webgpu with no adapter is a one-line runtime error (exit 1)", async () => {
  const run = await runAttn(["device", "--backend", "webgpu"], { env: noGpu });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^attn: .*--backend cpu\n$/);
  assert.equal(run.stdout, "");
});

Deno.test("an unknown command suggests the closest one and exits 2", async () => {
  const run = await runAttn(["devcie"]);
  assert.equal(run.code, 2);
  assert.equal(run.stderr, "attn: unknown command 'devcie'; did you mean 'device'? (try 'help')\n");
});

Deno.test("wrong options are usage errors with one line and exit 2", async () => {
  for (
    const args of [
      ["device", "--backend", "tpu"],
      ["bench", "matmul", "--reps", "NaN"],
      ["bench", "nosuchsuite"],
      ["bench"],
      ["device", "--frobnicate"],
    ]
  ) {
    const run = await runAttn(args, { env: noGpu });
    assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
    assert.match(run.stderr, /^attn: /);
    assert.ok(!run.stderr.includes("    at "), "no stack trace");
  }
});

Deno.test("the REPL runs piped lines as a script and keeps going after an error", async () => {
  const run = await runAttn([], {
    task: "start",
    env: noGpu,
    stdin: "device --json\nnosuch\n\n# a comment\ndevice\n",
  });
  assert.equal(run.code, 1, "a failed line makes the script exit 1");
  assert.match(run.stdout, /"backend":"cpu"/);
  assert.match(run.stdout, /backend\s+cpu/);
  assert.match(run.stderr, /attn: unknown command 'nosuch'/);
});

Deno.test("global options with no command: one usage line and exit 2, not the whole usage", async () => {
  for (const args of [["--json"], ["--backend", "cpu"], ["--json", "--lang", "en"]]) {
    const run = await runAttn(args, { env: { ...noGpu, LANG: "C.UTF-8", LC_ALL: "" } });
    assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.equal(run.stderr, "attn: expected a command after the options; try 'help'\n");
    assert.equal(run.stdout, "");
  }
  // --lang ko says it in Korean.
  const ko = await runAttn(["--lang", "ko"], { env: noGpu });
  assert.equal(ko.code, 2);
  assert.equal(
    ko.stderr,
    "attn: 옵션 뒤에 명령이 필요합니다. 'help'로 명령 목록을 볼 수 있습니다\n",
  );
  // A missing option value is still commander's own one-line complaint.
  const missing = await runAttn(["--lang"], { env: noGpu });
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, "attn: option '--lang <lang>' argument missing\n");
  // --help still shows the usage, and the same line at the prompt is refused the same way.
  const help = await runAttn(["--json", "--help"], { env: noGpu });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: attn \[options\] \[command\]/);
  const repl = await runAttn([], {
    task: "start",
    env: noGpu,
    stdin: "--json\ndevice --json --backend cpu\n",
  });
  assert.equal(repl.code, 1);
  assert.equal(repl.stderr, "attn: expected a command after the options; try 'help'\n");
  assert.match(repl.stdout, /"backend":"cpu"/);
});

Deno.test("no arguments at all still starts the REPL (a script when stdin is not a terminal)", async () => {
  for (const task of ["start", "attn"] as const) {
    const run = await runAttn([], { task, env: noGpu, stdin: "" });
    assert.equal(run.code, 0, `${task}: ${run.stderr}`);
    assert.equal(run.stdout, "");
    assert.equal(run.stderr, "");
  }
});
