/**
 * Input of any length comes back short: messages quote at most 80 characters of what was typed
 * (with "…" and the original length), and the script reader refuses a line over 64 KiB in one
 * line without keeping, splitting or echoing it. (A 50 MB line once took 70 s, 2.1 GB and came
 * back as a 50 MB error line.)
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { withTempHome } from "../support/state.ts";

const noGpu = { DENO_WEBGPU_BACKEND: "doesnotexist" };

/** The longest line a message about long input may be. */
const SHORT = 300;

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "");
}

Deno.test("a script with a 2 MB line: one short error for it, later lines still run", async () => {
  await withTempHome(async (home) => {
    const script = [
      "a".repeat(2_000_000), // far over the limit: refused by the reader
      `lesson ${"b".repeat(60_000)}`, // under it: an unknown lesson, quoted short
      "device --json --backend cpu",
    ].join("\n") + "\n";
    const started = performance.now();
    const run = await runAttn([], { task: "start", stdin: script, env: { ...noGpu, HOME: home } });
    const seconds = (performance.now() - started) / 1000;
    assert.equal(run.code, 1, run.stderr.slice(0, 500));
    const errors = lines(run.stderr);
    assert.equal(errors.length, 2, run.stderr.slice(0, 500));
    for (const e of errors) {
      assert.ok(e.length < SHORT, `a long error line: ${e.length} characters`);
    }
    assert.equal(
      errors[0],
      "attn: line 1 is 2,000,000 bytes long; expected at most 65,536 bytes per line (it was not run)",
    );
    assert.equal(
      errors[1],
      `attn: unknown lesson '${"b".repeat(80)}…' (60,000 characters) (try 'lesson --list')`,
    );
    assert.equal(JSON.parse(run.stdout).backend, "cpu", "the line after them ran");
    // The whole process, start-up included: the old reader and suggestion took seconds here.
    assert.ok(seconds < 20, `took ${seconds.toFixed(1)} s`);
  });
});

Deno.test("a 100 KiB word in a one-liner's command, option and model comes back clipped", async () => {
  await withTempHome(async (home) => {
    const long = "x".repeat(100_000); // under Linux's 128 KiB limit on one argument
    const cases: [string[], RegExp][] = [
      [[long], /^attn: unknown command 'x{80}…' \(100,000 characters\) \(try 'help'\)$/],
      [["device", `--${long}`], /^attn: unknown option '--x{78}…' \(100,002 characters\)$/],
      [
        ["run", "hi", "--model", long, "--backend", "cpu"],
        /^attn: --model: expected a name or a path of less than 4096 bytes, got 'x{80}…' \(100,000 characters\)$/,
      ],
      [
        ["use", `${long}.safetensors`],
        /^attn: use: expected a name or a path .*\(100,012 characters\)$/,
      ],
      [
        ["set", "colormap", long],
        /^attn: expected set colormap .*, got 'x{80}…' \(100,000 characters\)$/,
      ],
      [
        ["bench", "models", "--len", long],
        /^attn: --len must be a whole number from 2 to 512, got 'x{80}…' \(100,000 characters\)$/,
      ],
    ];
    for (const [args, expected] of cases) {
      const run = await runAttn(args, { env: { ...noGpu, HOME: home } });
      const errors = lines(run.stderr);
      const what = `${args[0].slice(0, 10)} ${args.slice(1).map((a) => a.slice(0, 10)).join(" ")}`;
      assert.equal(errors.length, 1, `${what}: ${run.stderr.slice(0, 300)}`);
      assert.ok(errors[0].length < SHORT, `${what}: ${errors[0].length} characters`);
      assert.match(errors[0], expected, what);
      assert.equal(run.code, 2, what);
    }
  });
});

Deno.test("an unknown word in `run` is quoted short in the warning and the view", async () => {
  await withTempHome(async (home) => {
    const word = "가".repeat(40_000); // 120,000 bytes: under Linux's limit on one argument
    const run = await runAttn(["run", word, "--model", "ko-en-gru", "--backend", "cpu"], {
      env: { ...noGpu, HOME: home },
    });
    assert.equal(run.code, 0, run.stderr.slice(0, 300));
    const warnings = lines(run.stderr);
    assert.equal(warnings.length, 1);
    assert.ok(warnings[0].length < SHORT, `a long warning: ${warnings[0].length} characters`);
    assert.match(
      warnings[0],
      /^attn: warning: not in the vocabulary of ko-en-gru, read as <unk>: '가{80}…' \(40,000 characters\); write words as the ko-en sentences do/,
    );
    assert.ok(
      run.stdout.length < 5_000,
      `the view repeats the word: ${run.stdout.length} characters`,
    );
    assert.match(run.stdout.replace(/\s+/g, ""), /input<unk>\(1tokens\+<eos>\)/);
  });
});
