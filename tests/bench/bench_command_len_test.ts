import assert from "node:assert/strict";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { Session } from "../../src/cli/session.ts";
// Commands run in this process: their state (matmul tuning, progress) goes to a private dir.
import "../support/private_state.ts";

async function run(words: string[]): Promise<{ code: number; io: RecordingIo }> {
  const io = new RecordingIo();
  const code = await runCommandLine(words, { commands, session: new Session(io) });
  return { code, io };
}

Deno.test("bench models --len runs each given source length, in CONTRACT shape", async () => {
  const { code, io } = await run([
    "bench",
    "models",
    "--backend",
    "cpu",
    "--len",
    "2..4",
    "--reps",
    "1",
    "--json",
  ]);
  assert.equal(code, 0, io.errText);
  const report = JSON.parse(io.outText);
  assert.equal(report.backend, "cpu");
  const lengths = new Set(report.results.map((r: { params: { n: number } }) => r.params.n));
  assert.deepEqual([...lengths], [2, 4]);
  assert.equal(report.results.length, 4 * 2 * 2, "4 architectures x 2 lengths x encode/decode");
  for (const r of report.results) {
    assert.ok(r.minMs <= r.medianMs && r.medianMs <= r.maxMs, JSON.stringify(r));
  }
});

Deno.test("bench attention --len prints a table and a log-log chart per head count", async () => {
  const { code, io } = await run([
    "bench",
    "attention",
    "--backend",
    "cpu",
    "--len",
    "8,16",
    "--reps",
    "1",
  ]);
  assert.equal(code, 0, io.errText);
  assert.match(io.outText, /naive n=16 h=4/);
  assert.match(io.outText, /fused n=8 h=1/);
  assert.match(io.outText, /largest \|path - naive\|/);
  assert.equal(io.outText.match(/log-log/g)?.length, 2);
});

Deno.test("bench refuses --len and --numpy where they do not apply, and oversized lengths", async () => {
  const cases: [string[], RegExp][] = [
    [["bench", "matmul", "--len", "8"], /--len applies to bench attention and bench models/],
    [["bench", "attention", "--backend", "cpu", "--len", "8192"], /n <= 5792 .*128 MiB/],
    [["bench", "attention", "--backend", "cpu", "--len", "4096"], /n <= 2896 with 4 heads/],
    [["bench", "models", "--len", "600"], /--len must be from 2 to 512, got 600/],
    [["bench", "models", "--len", "16..8"], /runs backwards/],
    [["bench", "dispatch", "--numpy"], /--numpy applies to bench matmul/],
    [
      ["bench", "matmul", "--numpy", "--baseline", "cpu"],
      /one baseline, got --numpy and --baseline/,
    ],
  ];
  for (const [words, message] of cases) {
    const { code, io } = await run(words);
    assert.equal(code, 2, `${words.join(" ")}: ${io.errText}`);
    assert.match(io.errText, /^attn: /);
    assert.match(io.errText, message);
  }
});
