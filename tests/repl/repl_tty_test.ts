/**
 * The attn> REPL end to end, in a real pseudo-terminal (tmux), launched the
 * way a user does (`deno task start`'s permission flags): Tab completion,
 * history across two sessions, Ctrl-C, Ctrl-D, and the cross-attention grid
 * of a trained model.
 */
import assert from "node:assert/strict";
import { startRepl, withRepl } from "./tty.ts";
import { needs } from "../support/needs.ts";

const opts = { sanitizeOps: false, sanitizeResources: false, ignore: !needs.tmux };

/** The screen from the last occurrence of `marker` on. */
function after(screen: string, marker: string): string {
  return screen.slice(screen.lastIndexOf(marker));
}

Deno.test({
  name: "REPL: banner, Tab completes commands, option names and their values",
  ...opts,
  async fn() {
    await withRepl(async (tty) => {
      const banner = await tty.screen();
      assert.match(banner, /backend (webgpu on |cpu)/);
      assert.match(banner, /Type help for commands/);
      await tty.type("se");
      await tty.press("Tab");
      await tty.waitFor(/attn> set $/m);
      await tty.type("colo");
      await tty.press("Tab", "Tab"); // two candidates: color, colormap -> listed
      await tty.waitFor((s) => /color\s+colormap/.test(s));
      await tty.type("map");
      await tty.press("Tab");
      await tty.waitFor(/attn> set colormap $/m);
      await tty.type("ma");
      await tty.press("Tab");
      await tty.waitFor(/attn> set colormap magma $/m);
      await tty.press("Enter");
      const shown = await tty.waitFor(/\* colormap magma/);
      assert.match(shown, /values\s+off/);
      await tty.type("pe r");
      await tty.press("Tab");
      await tty.waitFor(/attn> pe rope $/m);
      await tty.press("C-u");
      await tty.type("run x --back");
      await tty.press("Tab");
      await tty.waitFor(/attn> run x --backend $/m);
      await tty.press("C-u");
      await tty.type("help hid");
      await tty.press("Tab", "Enter");
      const help = await tty.waitFor(/Examples:\n\s+hidden/);
      assert.match(help, /hidden: show the last run's hidden states/);
    });
  },
});

Deno.test({
  name: "REPL: history is recalled with Up in the next session; Ctrl-D exits with 0",
  ...opts,
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "attn-repl-home-" });
    try {
      const first = await startRepl(home);
      try {
        await first.type("set values on");
        await first.press("Enter");
        await first.waitFor(/\* values\s+on/);
        await first.type("device");
        await first.press("Enter");
        await first.waitFor(/backend\s+(webgpu|cpu)/);
        await first.type("quit");
        await first.press("Enter");
        await first.waitFor(/\[exited 0\]/);
      } finally {
        await first.close();
      }
      const saved = await Deno.readTextFile(`${home}/.local/state/attn/history`);
      assert.equal(saved, "set values on\ndevice\n", "quit is not kept");

      const second = await startRepl(home);
      try {
        await second.press("Up");
        await second.waitFor(/attn> device$/m);
        await second.press("Up");
        await second.waitFor(/attn> set values on$/m);
        await second.press("Down");
        await second.waitFor(/attn> device$/m);
        await second.press("Enter");
        await second.waitFor((s) => (s.match(/backend\s+(webgpu|cpu)/g) ?? []).length >= 2);
        await second.press("C-d");
        await second.waitFor(/\[exited 0\]/);
      } finally {
        await second.close();
      }
      const again = await Deno.readTextFile(`${home}/.local/state/attn/history`);
      assert.equal(again, "set values on\ndevice\n", "a repeated line is kept once");
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name: "REPL: a corrupt history file costs one warning line and the REPL still works",
  ...opts,
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "attn-repl-home-" });
    await Deno.mkdir(`${home}/.local/state/attn`, { recursive: true });
    await Deno.writeFile(
      `${home}/.local/state/attn/history`,
      new Uint8Array([0xff, 0xfe, 0x00, 0x0a]),
    );
    const tty = await startRepl(home);
    try {
      const screen = await tty.screen();
      assert.equal(
        (screen.match(/attn: warning: ignoring the history file/g) ?? []).length,
        1,
        screen,
      );
      await tty.type("set values on");
      await tty.press("Enter");
      await tty.waitFor(/\* values\s+on/);
      assert.equal(
        await Deno.readTextFile(`${home}/.local/state/attn/history`),
        "set values on\n",
        "the next line replaces the corrupt file",
      );
    } finally {
      await tty.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "REPL: Ctrl-C stops a long command and returns to attn>; on an empty line it says how to exit",
  ...opts,
  async fn() {
    await withRepl(async (tty) => {
      await tty.press("C-c");
      await tty.waitFor(/To exit, press Ctrl-D or type quit/);
      await tty.type("bench matmul --reps 1000");
      await tty.press("Enter");
      await new Promise((r) => setTimeout(r, 1500)); // well inside the benchmark
      const start = Date.now();
      await tty.press("C-c");
      const screen = await tty.waitFor((s) => /attn: interrupted\s*\nattn> ?$/m.test(s), 15000);
      const seconds = (Date.now() - start) / 1000;
      assert.ok(seconds < 10, `Ctrl-C took ${seconds} s to return to the prompt`);
      assert.ok(!/results|medianMs/.test(after(screen, "bench matmul")), "no results after Ctrl-C");
      // The REPL still works afterwards.
      await tty.type("set color 0");
      await tty.press("Enter");
      await tty.waitFor(/\* color\s+0/);
    });
  },
});

Deno.test({
  name:
    "REPL: the cross-attention grid of 나는 학생이다 puts 학생이다 brightest in the student row; step waits for Enter",
  ...opts,
  async fn() {
    await withRepl(async (tty) => {
      await tty.type("use ko-en-transformer");
      await tty.press("Enter");
      await tty.waitFor(/using ko-en-transformer/);
      await tty.type("run 나는 학생이다");
      await tty.press("Enter");
      await tty.waitFor(/output\s+I am a student/, 30000);
      await tty.type("attn cross");
      await tty.press("Enter");
      const screen = after(
        await tty.waitFor(/attn cross 1 0\.\.\d+ for one head|also: attn/),
        "attn> attn cross",
      );
      // Rows: the emitted words; the argmax of each row is named at its end.
      for (const word of ["I", "am", "a", "student"]) {
        assert.match(screen, new RegExp(`^${word}\\s`, "m"));
      }
      assert.match(screen, /^student\s.*→ 학생이다 /m);
      assert.match(screen, /^I\s.*→ 나는 /m);
      // Column labels: 나는 and 학생이다 written down the columns, one syllable per line.
      const header = screen.split("\n").slice(1, 6).join("\n");
      for (const syllable of ["나", "는", "학", "생", "이", "다"]) {
        assert.ok(header.includes(syllable), header);
      }
      // step: one layer per Enter, q stops (one key, no Enter: pause_keys_tty_test.ts).
      await tty.type("step 나는 학생이다");
      await tty.press("Enter");
      await tty.waitFor(/\(Enter: next step, a: all the rest, q: stop\) ?$/m);
      assert.match(after(await tty.screen(), "attn> step"), /── frame 1\/\d+: encoder layer 0/);
      await tty.press("Enter");
      await tty.waitFor(/── frame 2\/\d+: encoder layer 1/);
      await tty.type("q");
      await tty.waitFor(/stopped after frame 2.*\nattn> ?$/m);
    });
  },
});

Deno.test({
  name:
    "REPL: Ctrl-C during a lesson, an experiment and training returns to attn> with the session intact",
  ...opts,
  async fn() {
    await withRepl(async (tty) => {
      const interrupt = async (command: string, marker: RegExp, settle: number) => {
        await tty.type(command);
        await tty.press("Enter");
        await tty.waitFor(marker, 30000);
        await new Promise((r) => setTimeout(r, settle));
        const start = Date.now();
        await tty.press("C-c");
        const screen = await tty.waitFor(
          (s) =>
            /attn: [^\n]*(interrupted|stopped)[^\n]*\n(?:.*\n)*?attn> ?$/m.test(after(s, command)),
          20000,
        );
        const seconds = (Date.now() - start) / 1000;
        assert.ok(
          seconds < 10,
          `Ctrl-C took ${seconds} s to return to the prompt after ${command}`,
        );
        return after(screen, command);
      };
      await tty.type("use reverse-gru-bahdanau");
      await tty.press("Enter");
      await tty.waitFor(/using reverse-gru-bahdanau/);
      const lesson = await interrupt("lesson 1 --auto", /attn> run 나는 학생이다/, 500);
      assert.match(
        lesson,
        /lesson 01-rnn-limits stopped; 'lesson 1' resumes it at step \d+ of \d+/,
      );
      await interrupt("experiment norm --quick", /experiment norm|\[=*-*\]/, 1500);
      const train = await interrupt("train gru reverse --steps 5000", /step \d+\/5000/, 1500);
      assert.match(train, /interrupted at step \d+: kept the parameters of step \d+/);
      // The session is intact: `use` still holds, and commands run.
      await tty.type("run abcdef");
      await tty.press("Enter");
      const run = after(
        await tty.waitFor((s) => /output\s+\S+/.test(after(s, "attn> run abcdef")), 30000),
        "attn> run abcdef",
      );
      assert.match(run, /model\s+reverse-gru-bahdanau/);
    });
  },
});
