/**
 * NO_COLOR, FORCE_COLOR and `set color` through the paths users hit: a one-liner on a terminal
 * (tmux), a one-liner into a pipe, and the attn> prompt.
 */
import assert from "node:assert/strict";
import { needs } from "../support/needs.ts";
import { runAttn, taskArgs, taskFlags } from "../support/run_attn.ts";
import { withTempHome } from "../support/state.ts";
import { terminalEnv, Tty, withRepl } from "../repl/tty.ts";

// deno-lint-ignore no-control-regex
const ESCAPE = /\x1b\[/;
const root = new URL("../../", import.meta.url).pathname;

/** `deno task attn <args>` on a terminal of `columns` with `env`; the screen with its colors. */
async function onTerminal(
  args: string[],
  env: Record<string, string>,
  columns = 100,
): Promise<string> {
  return await withTempHome(async (home) => {
    const childEnv = terminalEnv(home, { ...env });
    const argv = [
      Deno.execPath(),
      "run",
      ...taskFlags("attn", childEnv),
      "main.ts",
      ...taskArgs("attn"),
      ...args,
    ];
    const tty = await Tty.start(argv, { env: childEnv, cwd: root, columns, rows: 60 });
    try {
      await tty.waitFor(/\[exited \d+\]/, 60000);
      return await tty.screenWithEscapes();
    } finally {
      await tty.close();
    }
  });
}

const run = ["run", "나는 학생이다", "--backend", "cpu"];

Deno.test({
  name: "run on a terminal: NO_COLOR=1 writes no escape sequence, without it the grid is colored",
  ignore: !needs.tmux,
  async fn() {
    const plain = await onTerminal(run, { NO_COLOR: "1" });
    assert.match(plain, /\[exited 0\]/);
    assert.match(plain, /I am a student/);
    assert.doesNotMatch(plain, ESCAPE, plain);
    const colored = await onTerminal(run, { COLORTERM: "truecolor" });
    assert.match(colored, ESCAPE, "the same run without NO_COLOR should be colored");
  },
});

Deno.test({
  name: "at the prompt: NO_COLOR=1 draws mask without color; set color on overrides it",
  ignore: !needs.tmux,
  async fn() {
    await withRepl(async (tty) => {
      await tty.type("mask causal 3");
      await tty.press("Enter");
      await tty.waitFor(/each row sums to 1[\s\S]*attn> ?$/m);
      assert.doesNotMatch(await tty.screenWithEscapes(), ESCAPE);
      await tty.type("set color on");
      await tty.press("Enter");
      await tty.type("mask causal 3");
      await tty.press("Enter");
      await tty.waitFor((s) => (s.match(/each row sums to 1/g) ?? []).length === 2);
      assert.match(await tty.screenWithEscapes(), ESCAPE);
    }, { NO_COLOR: "1" });
  },
});

Deno.test("into a pipe: FORCE_COLOR colors, FORCE_COLOR=0 and NO_COLOR do not", async () => {
  const forced = await runAttn(["mask", "causal", "3"], {
    env: { NO_COLOR: "", FORCE_COLOR: "3" },
  });
  assert.equal(forced.code, 0, forced.stderr);
  assert.ok(forced.stdout.includes("\x1b[48;2;"), "24-bit backgrounds");
  const none = await runAttn(["mask", "causal", "3"], { env: { NO_COLOR: "", FORCE_COLOR: "0" } });
  assert.doesNotMatch(none.stdout, ESCAPE);
  const plain = await runAttn(["mask", "causal", "3"], { env: { NO_COLOR: "1" } });
  assert.doesNotMatch(plain.stdout, ESCAPE);
});

Deno.test("set color on colors a pipe despite NO_COLOR; set color off removes FORCE_COLOR's", async () => {
  const on = await runAttn([], {
    task: "start",
    stdin: "set color on\nmask causal 3\n",
    env: { NO_COLOR: "1", TERM: "xterm-256color" },
  });
  assert.ok(on.stdout.includes("\x1b[48;5;"), "TERM says 256 colors");
  const off = await runAttn([], {
    task: "start",
    stdin: "set color off\nmask causal 3\n",
    env: { NO_COLOR: "", FORCE_COLOR: "3" },
  });
  assert.match(off.stdout, /each row sums to 1/);
  assert.doesNotMatch(off.stdout, ESCAPE);
});
