/**
 * Pauses of `step` and lessons on a real terminal (tmux): one key answers (space or Enter
 * next, a the rest, q stop) without Enter and ends its line; a key that is no answer is not
 * taken as "next"; keys typed while a command runs are not printed into its output but wait
 * at the next attn> prompt. At the prompt and from a shell one-liner.
 */
import assert from "node:assert/strict";
import { startRepl, Tty, withRepl } from "./tty.ts";
import { needs } from "../support/needs.ts";
import { denoDir, taskFlags } from "../support/run_attn.ts";
import { withTempHome } from "../support/state.ts";

const opts = { sanitizeOps: false, sanitizeResources: false, ignore: !needs.tmux };
const root = new URL("../../", import.meta.url).pathname;
const HINT = /\(Enter: next step, a: all the rest, q: stop\) $/m;

/** The screen from the last occurrence of `marker` on. */
function after(screen: string, marker: string): string {
  return screen.slice(screen.lastIndexOf(marker));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

Deno.test({
  name: "REPL step: single keys answer the pause, other keys do not, each answer ends its line",
  ...opts,
  async fn() {
    await withRepl(async (tty) => {
      await tty.type("step 나는 학생이다");
      await tty.press("Enter");
      await tty.waitFor(HINT, 30000);
      await tty.type("x"); // no answer: the pause keeps waiting
      await delay(400);
      let screen = after(await tty.screen(), "attn> step");
      assert.doesNotMatch(screen, /── frame 2/, "a key that is no answer was taken as next");
      assert.doesNotMatch(screen, /stop\) x/, "a key that is no answer was echoed");
      await tty.type(" ");
      screen = after(await tty.waitFor(/── frame 2\/\d+/), "attn> step");
      assert.match(screen, /q: stop\) \n(.*\n)*── frame 2/, "the answered pause ends its line");
      await tty.waitFor((s) => HINT.test(after(s, "── frame 2")));
      await tty.type("q"); // no Enter
      screen = after(await tty.waitFor(/stopped after frame 2.*\nattn> $/m), "attn> step");
      assert.match(screen, /q: stop\) q\n\(stopped after frame 2/);
    });
  },
});

Deno.test({
  name: "REPL: keys typed while a command runs wait at the next prompt, not in the output",
  ...opts,
  async fn() {
    await withRepl(async (tty) => {
      await tty.type("compare 나는 어제 도서관에서 책을 읽었다");
      await tty.press("Enter");
      await delay(150); // the command is running
      await tty.type("set values on");
      const screen = after(
        await tty.waitFor(/^attn> set values on$/m, 30000),
        "attn> compare",
      );
      const output = screen.slice(0, screen.lastIndexOf("attn> set values on"));
      assert.doesNotMatch(output, /set values on/, "type-ahead glued into the output");
      assert.match(output, /Transformer/);
      await tty.press("Enter");
      await tty.waitFor(/\* values\s+on/);
    });
  },
});

Deno.test({
  name: "REPL lesson: q at a pause stops without Enter and says where it resumes",
  ...opts,
  async fn() {
    await withRepl(async (tty) => {
      await tty.type("lesson 1 --lang en");
      await tty.press("Enter");
      await tty.waitFor(/\(Enter: next, a: play the rest, q: stop\) $/m, 30000);
      await tty.type("q");
      const screen = await tty.waitFor(
        /stopped; 'lesson 1' resumes it at step 2 of \d+\)\nattn> $/m,
      );
      assert.match(screen, /q: stop\) q\n/);
    });
  },
});

Deno.test({
  name: "shell one-liner step: single keys, Ctrl-C at a pause exits 130, the terminal restored",
  ...opts,
  async fn() {
    await withTempHome(async (home) => {
      const env = {
        HOME: home,
        DENO_DIR: denoDir(),
        TERM: "xterm-256color",
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        XDG_RUNTIME_DIR: home,
      };
      const argv = [Deno.execPath(), "run", ...taskFlags("attn", env), "main.ts"];
      const tty = await Tty.start([...argv, "step", "나는", "학생이다"], { env, cwd: root });
      try {
        await tty.waitFor(HINT, 30000);
        await tty.type(" ");
        await tty.waitFor(/── frame 2\/\d+/);
        await tty.waitFor((s) => HINT.test(after(s, "── frame 2")));
        await tty.press("C-c");
        await tty.waitFor(/\[exited 130\]/, 10000);
        // Cooked mode again: the shell's echo works (typed text shows up).
        await tty.type("echo restored");
        await tty.press("Enter");
        await tty.waitFor(/echo restored/);
      } finally {
        await tty.close();
      }
      const second = await Tty.start([...argv, "step", "나는", "학생이다"], { env, cwd: root });
      try {
        await second.waitFor(HINT, 30000);
        await second.type("q");
        const screen = await second.waitFor(/\[exited 0\]/, 10000);
        assert.match(screen, /q: stop\) q\n\(stopped after frame 1/);
      } finally {
        await second.close();
      }
    });
  },
});

void startRepl;
