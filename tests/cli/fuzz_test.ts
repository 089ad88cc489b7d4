/**
 * Property-based fuzzing (fast-check) of what a learner can type: thousands of random command
 * lines through the dispatcher the REPL and the shell share, and a script of random lines
 * through the real `deno task start` REPL. Whatever the line: no uncaught exception, no stack
 * trace, no hang, every error is one `attn: ...` line, and no control character reaches the
 * terminal raw.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { Session } from "../../src/cli/session.ts";
import { InterruptedError } from "../../src/cli/errors.ts";
import { splitWords } from "../../src/cli/words.ts";
import { runAttn } from "../support/run_attn.ts";
import { withTempState } from "../support/state.ts";

const names = [...commands.map((c) => c.name), "quit", "exit", "hlep", "rnu", ""];
const options = [
  "--model",
  "--json",
  "--backend",
  "--lang",
  "--len",
  "--reps",
  "--steps",
  "--batch",
  "--lr",
  "--out",
  "--beam",
  "--max-steps",
  "--page",
  "--lengths",
  "--quick",
  "--all",
  "--where",
  "--task",
  "--models",
  "--attention",
  "--pe",
  "--norm",
  "--restart",
  "--list",
  "--auto",
  "--fresh",
  "--unknown",
  "-x",
  "--",
];
const values = [
  "ko-en-transformer",
  "reverse-gru",
  "reverse-gru-bahdanau",
  "no-such-model",
  "weights/ko-en-transformer.safetensors",
  "/etc/passwd",
  "../../../../etc/shadow",
  "/tmp",
  "~/.local/state/attn/x.safetensors",
  "cpu",
  "webgpu",
  "ko",
  "en",
  "xx",
  "0",
  "1",
  "-1",
  "3",
  "1e309",
  "NaN",
  "Infinity",
  "-Infinity",
  "0x10",
  "9999999999999",
  "2.5",
  "8..16",
  "16..8",
  "1,2,3",
  ",,",
  "나는 학생이다",
  "나는",
  "학생이다",
  "abcdef",
  "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
  "\u001b[31mred\u001b[0m",
  "\u0007bell",
  "tab\there",
  "\u202eevil",
  "'unbalanced",
  '"quoted words"',
  "\\",
  "encoder",
  "decoder",
  "cross",
  "alignment",
  "mean",
  "causal",
  "padding",
  "sinusoidal",
  "rope",
  "learned",
  "matmul",
  "dispatch",
  "scaling",
  "bottleneck",
  "transformer",
  "gru",
  "lstm",
  "reverse",
  "dates",
  "colormap",
  "values",
  "color",
  "on",
  "off",
  "viridis",
];

const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...values) },
  { weight: 2, arbitrary: fc.constantFrom(...options) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
);
const line = fc.tuple(fc.constantFrom(...names), fc.array(word, { maxLength: 6 })).map((
  [name, rest],
) => [name, ...rest].join(" "));

/** Control characters other than newline: never written raw. */
// deno-lint-ignore no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function checkOutput(io: RecordingIo, typed: string): void {
  for (const text of io.stderr) {
    for (const l of text.split("\n").filter((x) => x !== "")) {
      assert.ok(!/^\s+at /.test(l), `a stack trace for ${JSON.stringify(typed)}: ${l}`);
    }
  }
  for (const text of [...io.stdout, ...io.stderr]) {
    assert.ok(!RAW_CONTROL.test(text), `raw control character for ${JSON.stringify(typed)}`);
  }
}

Deno.test({
  name: "fuzz: 1500 random command lines never crash, hang, trace or echo control characters",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await withTempState(async () => {
      const session = new Session(new RecordingIo(80));
      session.backendChoice = "cpu";
      session.color = 0;
      await fc.assert(
        fc.asyncProperty(line, async (typed) => {
          const io = new RecordingIo(80);
          const local = new Session(io);
          local.backendChoice = session.backendChoice;
          local.color = 0;
          let words: string[];
          try {
            words = splitWords(typed);
          } catch {
            return; // the REPL prints the quote error itself (tested in words_test.ts)
          }
          // Long commands (train, bench, experiments, lessons) are stopped as by Ctrl-C.
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(new InterruptedError()), 150);
          let hung: ReturnType<typeof setTimeout> | undefined;
          try {
            const code = await Promise.race([
              runCommandLine(words, { commands, session: local, signal: controller.signal }),
              new Promise<never>((_, reject) => {
                hung = setTimeout(
                  () => reject(new Error(`hung: ${JSON.stringify(typed)}`)),
                  20_000,
                );
              }),
            ]);
            assert.ok(
              [0, 1, 2, 130].includes(code),
              `exit code ${code} for ${JSON.stringify(typed)}`,
            );
            if (code !== 0) {
              assert.ok(io.stderr.length >= 1, `no message for ${JSON.stringify(typed)}`);
              const last = io.stderr.at(-1)!;
              assert.match(last, /^attn: /, `not an attn: line for ${JSON.stringify(typed)}`);
              assert.ok(
                !last.trim().includes("\n"),
                `a multi-line error for ${JSON.stringify(typed)}`,
              );
            }
            checkOutput(io, typed);
          } finally {
            clearTimeout(timer);
            clearTimeout(hung);
          }
        }),
        { numRuns: 1500, seed: 20261122 },
      );
    });
  },
});

Deno.test({
  name: "fuzz: a script of random lines through the real REPL ends normally with one-line errors",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const quick = names.filter((n) =>
      !["train", "bench", "experiment", "lesson", "quit", "exit"].includes(n)
    );
    const lines = fc.sample(
      fc.tuple(fc.constantFrom(...quick), fc.array(word, { maxLength: 5 })).map(([n, rest]) =>
        [n, ...rest].join(" ").replace(/[\r\n]/g, " ")
      ),
      { numRuns: 300, seed: 7 },
    );
    const run = await runAttn([], {
      task: "start",
      stdin: ["set backend cpu", ...lines].join("\n") + "\n",
    });
    assert.ok([0, 1].includes(run.code), `exit ${run.code}: ${run.stderr.slice(-500)}`);
    for (const l of run.stderr.split("\n").filter((x) => x !== "")) {
      assert.match(l, /^attn: /, `stderr line not from attn: ${JSON.stringify(l)}`);
    }
    assert.ok(!RAW_CONTROL.test(run.stdout + run.stderr), "a raw control character was written");
  },
});
