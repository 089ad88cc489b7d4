/**
 * The history file as users meet it: the attn> REPL in a real pseudo-terminal (tmux), launched
 * with `deno task start`'s permissions and a temporary HOME. Two REPLs at once keep both their
 * entries; a history file that is a link or far too large is refused in one line, not loaded.
 */
import assert from "node:assert/strict";
import { makeTempHome } from "../support/state.ts";
import { needs } from "../support/needs.ts";
import { startRepl, type Tty } from "./tty.ts";

const opts = { sanitizeOps: false, sanitizeResources: false, ignore: !needs.tmux };

/** Types a command and waits for the next prompt after its output. */
async function enter(tty: Tty, command: string, done: RegExp): Promise<void> {
  await tty.type(command);
  await tty.press("Enter");
  await tty.waitFor(done);
}

Deno.test({
  name: "REPL: two sessions at once keep both their history entries",
  ...opts,
  async fn() {
    const home = makeTempHome();
    const first = await startRepl(home);
    const second = await startRepl(home);
    try {
      await enter(first, "set values on", /\* values\s+on/);
      await enter(second, "set color 0", /\* color\s+0/);
      await enter(first, "set values off", /\* values\s+off/);
      await enter(second, "set colormap gray", /\* colormap\s+gray/);
      await enter(first, "quit", /\[exited 0\]/);
      await enter(second, "quit", /\[exited 0\]/);
      const saved = Deno.readTextFileSync(`${home}/.local/state/attn/history`);
      assert.deepEqual(
        saved.split("\n").filter((l) => l !== "").sort(),
        ["set color 0", "set colormap gray", "set values off", "set values on"],
        saved,
      );
      // The next session recalls the last entry typed in either.
      const third = await startRepl(home);
      try {
        await third.press("Up");
        await third.waitFor(/attn> set colormap gray$/m);
      } finally {
        await third.close();
      }
    } finally {
      await first.close();
      await second.close();
      Deno.removeSync(home, { recursive: true });
    }
  },
});

Deno.test({
  name: "REPL: a history file that links elsewhere is not read; one warning line",
  ...opts,
  async fn() {
    const home = makeTempHome();
    const state = `${home}/.local/state/attn`;
    Deno.mkdirSync(state, { recursive: true });
    Deno.writeTextFileSync(`${home}/secret.txt`, "root:x:0:0:secret line\n");
    Deno.symlinkSync(`${home}/secret.txt`, `${state}/history`);
    const tty = await startRepl(home);
    try {
      const screen = await tty.screen();
      assert.match(
        screen,
        new RegExp(
          `attn: warning: ignoring the history file ${state}/history: it is a symbolic link, not a regular file; history is kept for this session only`,
        ),
      );
      await tty.press("Up");
      await new Promise((r) => setTimeout(r, 300));
      assert.doesNotMatch(await tty.screen(), /secret line/, "the link's target was read");
      await enter(tty, "set values on", /\* values\s+on/);
      assert.equal(Deno.readLinkSync(`${state}/history`), `${home}/secret.txt`, "link kept");
      assert.equal(Deno.readTextFileSync(`${home}/secret.txt`), "root:x:0:0:secret line\n");
    } finally {
      await tty.close();
      Deno.removeSync(home, { recursive: true });
    }
  },
});

Deno.test({
  name: "REPL: a history file over 4 MB is not loaded; one warning line, the file left alone",
  ...opts,
  async fn() {
    const home = makeTempHome();
    const state = `${home}/.local/state/attn`;
    Deno.mkdirSync(state, { recursive: true });
    const path = `${state}/history`;
    const line = "run " + "x".repeat(95) + "\n";
    Deno.writeTextFileSync(path, line.repeat(50_000)); // 5 MB
    const before = Deno.statSync(path);
    const tty = await startRepl(home);
    try {
      assert.match(
        await tty.screen(),
        new RegExp(
          `attn: warning: ignoring the history file ${path}: it is 4\\.8 MB, more than the 4 MB attn reads there; history is kept for this session only`,
        ),
      );
      await tty.press("Up");
      await new Promise((r) => setTimeout(r, 300));
      assert.doesNotMatch(await tty.screen(), /attn> run x/, "the big file was loaded");
      await enter(tty, "set values on", /\* values\s+on/);
      const after = Deno.statSync(path);
      assert.equal(after.size, before.size, "not written to");
      assert.equal(after.ino, before.ino, "not replaced");
    } finally {
      await tty.close();
      Deno.removeSync(home, { recursive: true });
    }
  },
});
