import assert from "node:assert/strict";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { Session } from "../../src/cli/session.ts";
import { InterruptedError } from "../../src/cli/errors.ts";
import { experiments } from "../../src/experiments/registry.ts";
// Commands run in this process: their state (matmul tuning, progress) goes to a private dir.
import "../support/private_state.ts";

async function run(
  words: string[],
  options: { signal?: AbortSignal } = {},
): Promise<{ code: number; io: RecordingIo }> {
  const io = new RecordingIo(80);
  const code = await runCommandLine(words, { commands, session: new Session(io), ...options });
  return { code, io };
}

Deno.test("experiment alone lists every experiment with its claim, in both languages", async () => {
  const en = await run(["experiment", "--lang", "en"]);
  assert.equal(en.code, 0, en.io.errText);
  for (const e of experiments) assert.match(en.io.outText, new RegExp(`^${e.name} `, "m"));
  assert.match(en.io.outText, /experiment <name> \[--quick\]/);
  const ko = await run(["experiment", "--lang", "ko"]);
  assert.match(ko.io.outText, /실행: experiment <이름>/);
  const json = await run(["experiment", "--json"]);
  assert.deepEqual(
    JSON.parse(json.io.outText).map((e: { name: string }) => e.name),
    experiments.map((e) => e.name),
  );
});

Deno.test("experiment with an unknown name suggests the closest and exits 2", async () => {
  const { code, io } = await run(["experiment", "botleneck"]);
  assert.equal(code, 2);
  assert.match(io.errText, /^attn: unknown experiment 'botleneck'; did you mean 'bottleneck'\?/);
  assert.equal(io.errText.trim().split("\n").length, 1);
});

Deno.test("experiment scaling --quick --json prints the result object only", async () => {
  const { code, io } = await run([
    "experiment",
    "scaling",
    "--quick",
    "--backend",
    "cpu",
    "--json",
  ]);
  assert.equal(code, 0, io.errText);
  const result = JSON.parse(io.outText);
  assert.equal(result.experiment, "scaling");
  assert.equal(result.quick, true);
  assert.equal(result.backend, "cpu");
  assert.equal(result.adapter, null);
  for (const key of ["claim", "conclusion"]) {
    assert.equal(typeof result[key].en, "string");
    assert.equal(typeof result[key].ko, "string");
  }
  assert.ok(Array.isArray(result.tables) && Array.isArray(result.charts));
  assert.ok(result.elapsedMs > 0);
});

Deno.test("experiment scaling renders a table, a chart and the conclusion within 80 columns", async () => {
  const { code, io } = await run([
    "experiment",
    "scaling",
    "--quick",
    "--backend",
    "cpu",
    "--lang",
    "ko",
  ]);
  assert.equal(code, 0, io.errText);
  const text = io.outText;
  assert.match(text, /^experiment scaling: /);
  assert.match(text, /결론: /);
  assert.match(text, /d_k 4 \.\. 512|d_k 8 \.\. 512/);
  for (const line of text.split("\n")) {
    assert.ok([...line].length <= 80 || /[가-힣]/.test(line), `too wide: ${line}`);
  }
});

Deno.test("Ctrl-C during an experiment is reported as interrupted (exit 130)", async () => {
  const controller = new AbortController();
  controller.abort(new InterruptedError());
  const { code, io } = await run(["experiment", "scaling", "--quick", "--backend", "cpu"], {
    signal: controller.signal,
  });
  assert.equal(code, 130);
  assert.match(io.errText, /^attn: experiment scaling interrupted; nothing was changed/);
});

Deno.test("a repeated experiment in one session shows the earlier result unless --fresh", async () => {
  const io = new RecordingIo(80);
  const session = new Session(io);
  const words = ["experiment", "scaling", "--quick", "--backend", "cpu", "--json"];
  assert.equal(await runCommandLine(words, { commands, session }), 0, io.errText);
  assert.equal(await runCommandLine(words, { commands, session }), 0, io.errText);
  const [first, second] = io.stdout.map((t) => JSON.parse(t));
  assert.equal(second.elapsedMs, first.elapsedMs, "the same measurement");
  assert.match(io.errText, /showing the result measured \d+ s ago in this session/);
  assert.equal(await runCommandLine([...words, "--fresh"], { commands, session }), 0);
  assert.notEqual(JSON.parse(io.stdout[2]).elapsedMs, first.elapsedMs, "--fresh measures again");
});
