/**
 * `bench attention --len ...` on a terminal shows a progress bar while it measures (as
 * experiments do) instead of a blank screen, and clears it before the report (issue #16
 * item 16). Through a real pseudo-terminal (tmux): the bar is drawn only on a TTY.
 */
import assert from "node:assert/strict";
import { taskFlags } from "../support/run_attn.ts";
import { needs } from "../support/needs.ts";
import { withTempHome } from "../support/state.ts";
import { terminalEnv, Tty } from "../repl/tty.ts";

const root = new URL("../../", import.meta.url).pathname;

Deno.test({
  name: "bench attention --len 128..512 shows its progress on a terminal, then the report",
  sanitizeOps: false,
  sanitizeResources: false,
  ignore: !needs.tmux,
  async fn() {
    await withTempHome(async (home) => {
      const env = terminalEnv(home, { COLUMNS: "" });
      const argv = [Deno.execPath(), "run", ...taskFlags("attn", env), "main.ts"];
      const bench = [...argv, "bench", "attention", "--len", "128..512", "--reps", "1"];
      // A line above the bar: tmux moves a screen cleared from its top-left corner into the
      // scrollback (which the capture reads), a terminal's own quirk, not attn's output.
      const script = `echo bench; exec ${bench.map((w) => `'${w}'`).join(" ")}`;
      const term = await Tty.start(["sh", "-c", script], { env, cwd: root, columns: 100 });
      try {
        await term.waitFor(/\[[=-]{20}\] +\d+% n=\d+ h=\d/, 60000);
        const screen = await term.waitFor(/\[exited \d+\]/, 120000);
        assert.match(screen, /\[exited 0\]/, screen);
        assert.match(screen, /flash n=512 h=4/);
        assert.doesNotMatch(
          screen,
          /\[[=-]{20}\]/,
          `the bar is cleared before the report:\n${screen}`,
        );
      } finally {
        await term.close();
      }
    });
  },
});
