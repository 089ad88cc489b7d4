/**
 * The kernel policy from the command line: `--kernels fast|reference` for one command (like
 * --backend), `set kernels fast|reference` for the rest of a session, and the option wins over
 * the setting. The runner applies it around each command, so the policy in force inside a
 * command (what the engine reads) is what the user chose, and it is restored afterwards.
 */
import assert from "node:assert/strict";
import { runCommandLine } from "../../src/cli/program.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { defineCommand } from "../../src/cli/command.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { kernelPolicy } from "../../src/engine/mod.ts";
import { runAttn } from "../support/run_attn.ts";

const noGpu = { DENO_WEBGPU_BACKEND: "doesnotexist" };

/** A command that reports the kernel policy in force while it runs (and can fail after). */
const probe = defineCommand({
  name: "probe",
  summary: "print the kernel policy in force",
  examples: [],
  configure: (cmd) => cmd.option("--fail", "throw after printing"),
  run(_args, options, ctx) {
    ctx.io.out(kernelPolicy());
    if (options.fail) throw new Error("probe failed on purpose");
  },
});

/** A command that runs another command line, as a lesson runs its commands. */
const nest = defineCommand({
  name: "nest",
  summary: "run the probe as a lesson would",
  examples: [],
  configure: (cmd) => cmd,
  async run(_args, _options, ctx) {
    await runCommandLine(["probe"], { commands: ctx.commands, session: ctx.session });
  },
});

const table = [...commands, probe, nest];

/** Runs lines in one session, as the attn> prompt does; returns each line's stdout and code. */
async function session(lines: string[][]): Promise<{ out: string; code: number }[]> {
  const io = new RecordingIo();
  const s = new Session(io);
  const results = [];
  for (const words of lines) {
    const before = io.stdout.length;
    const code = await runCommandLine(words, { commands: table, session: s });
    results.push({ out: io.stdout.slice(before).join("\n"), code });
    assert.equal(kernelPolicy(), "fast", `after ${words.join(" ")}: the policy is restored`);
  }
  return results;
}

Deno.test("--kernels sets the policy for its command only; set kernels for the session; the option wins", async () => {
  const r = await session([
    ["probe"],
    ["probe", "--kernels", "reference"],
    ["--kernels", "reference", "probe"],
    ["probe"],
    ["set", "kernels", "reference"],
    ["probe"],
    ["probe", "--kernels", "fast"],
    ["probe"],
    ["probe", "--fail"],
    ["set", "kernels", "fast"],
    ["probe"],
  ]);
  assert.deepEqual(r.map((x) => x.code), [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
  assert.deepEqual(
    [r[0], r[1], r[2], r[3], r[5], r[6], r[7], r[8], r[10]].map((x) => x.out),
    [
      "fast",
      "reference",
      "reference",
      "fast",
      "reference",
      "fast",
      "reference",
      "reference",
      "fast",
    ],
  );
});

Deno.test("a lesson's --kernels holds for the commands it runs, and only while it runs", async () => {
  const r = await session([
    ["nest", "--kernels", "reference"],
    ["nest"],
    ["set", "kernels", "reference"],
    ["nest", "--kernels", "fast"],
    ["nest"],
  ]);
  assert.deepEqual(r.map((x) => x.code), [0, 0, 0, 0, 0]);
  assert.deepEqual([r[0], r[1], r[3], r[4]].map((x) => x.out), [
    "reference",
    "fast",
    "fast",
    "reference",
  ]);
});

Deno.test("set shows the kernels setting and refuses an unknown policy; --kernels checks its value", async () => {
  const shown = await runAttn(["set", "kernels", "reference", "--json"], { env: noGpu });
  assert.equal(shown.code, 0, shown.stderr);
  const settings = JSON.parse(shown.stdout);
  assert.equal(settings.kernels, "reference");
  assert.equal(settings.changed, "kernels");

  const text = await runAttn(["set"], { env: noGpu });
  assert.match(text.stdout, /^\s+kernels\s+fast\s+fast, or reference/m);

  const bad = await runAttn(["set", "kernels", "slow"], { env: noGpu });
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, "attn: expected set kernels fast|reference, got 'slow'\n");

  const badOption = await runAttn(["help", "--kernels", "slow"], { env: noGpu });
  assert.equal(badOption.code, 2);
  assert.match(badOption.stderr, /^attn: option '--kernels <policy>' argument 'slow' is invalid/);
  assert.match(badOption.stderr, /fast, reference/);
  assert.equal(badOption.stderr.split("\n").length, 2, "one line");
});

Deno.test("at the attn> prompt, set kernels holds for later lines; help names --kernels", async () => {
  const script = [
    "set kernels reference",
    "set --json",
    "set --json --kernels fast", // the option is this command's, not the setting
    "help run",
  ].join("\n") + "\n";
  const repl = await runAttn([], { task: "start", env: noGpu, stdin: script });
  assert.equal(repl.code, 0, repl.stderr);
  const json = repl.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
  assert.deepEqual(json.map((j) => j.kernels), ["reference", "reference"]);
  assert.match(repl.stdout, /--kernels fast\|reference/);
});

Deno.test("run 나는 학생이다 --kernels reference gives the output of the fast kernels", async () => {
  const line = "run 나는 학생이다 --model ko-en-transformer --backend cpu --json";
  const repl = await runAttn([], {
    task: "start",
    env: noGpu,
    stdin: `${line} --kernels reference\n${line}\n`,
  });
  assert.equal(repl.code, 0, repl.stderr);
  const [reference, fast] = repl.stdout.split("\n").filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));
  assert.ok(reference && fast, repl.stdout);
  assert.deepEqual(reference.output.tokens, fast.output.tokens);
});
