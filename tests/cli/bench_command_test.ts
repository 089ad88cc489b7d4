import assert from "node:assert/strict";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { Session } from "../../src/cli/session.ts";
import { InterruptedError } from "../../src/cli/errors.ts";
// Commands run in this process: their state (matmul tuning, progress) goes to a private dir.
import "../support/private_state.ts";

async function run(words: string[]): Promise<{ code: number; io: RecordingIo }> {
  const io = new RecordingIo();
  const code = await runCommandLine(words, { commands, session: new Session(io) });
  return { code, io };
}

Deno.test("bench dispatch --json prints only the report object, in CONTRACT shape", async () => {
  const { code, io } = await run([
    "bench",
    "dispatch",
    "--backend",
    "cpu",
    "--reps",
    "2",
    "--json",
  ]);
  assert.equal(code, 0, io.errText);
  const report = JSON.parse(io.outText);
  assert.equal(report.backend, "cpu");
  assert.equal(report.adapter, null);
  assert.ok(report.results.length >= 2);
  for (const r of report.results) {
    assert.equal(typeof r.name, "string");
    assert.equal(typeof r.params, "object");
    assert.ok(r.minMs <= r.medianMs && r.medianMs <= r.maxMs, JSON.stringify(r));
  }
});

Deno.test("bench --baseline cpu measures both in one run and reports speedups", async () => {
  const { code, io } = await run([
    "bench",
    "dispatch",
    "--backend",
    "cpu",
    "--baseline",
    "cpu",
    "--reps",
    "2",
    "--json",
  ]);
  assert.equal(code, 0, io.errText);
  const report = JSON.parse(io.outText);
  assert.equal(report.baseline.backend, "cpu");
  for (const r of report.results) assert.equal(typeof r.speedup, "number", r.name);
  const table = await run([
    "bench",
    "dispatch",
    "--backend",
    "cpu",
    "--baseline",
    "cpu",
    "--reps",
    "2",
  ]);
  assert.match(table.io.outText, /vs cpu/);
  assert.match(table.io.outText, /│ +\d+(\.\d+)?x │/, "a ratio of two significant digits");
});

Deno.test("bench refuses unknown suites and bad --reps with usage errors", async () => {
  for (
    const words of [
      ["bench", "nosuch"],
      ["bench", "matmul", "--reps", "0"],
      ["bench", "matmul", "--reps", "1e9"],
      ["bench", "matmul", "--baseline", "tpu"],
    ]
  ) {
    const { code, io } = await run(words);
    assert.equal(code, 2, words.join(" "));
    assert.match(io.errText, /^attn: /);
  }
});

Deno.test("bench stops promptly when the signal is aborted (Ctrl-C)", async () => {
  const io = new RecordingIo();
  const controller = new AbortController();
  controller.abort(new InterruptedError());
  const code = await runCommandLine(["bench", "matmul", "--backend", "cpu"], {
    commands,
    session: new Session(io),
    signal: controller.signal,
  });
  assert.equal(code, 130, "interrupted: the shell's SIGINT convention");
  assert.equal(io.errText, "attn: interrupted\n");
});
