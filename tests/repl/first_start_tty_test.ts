/**
 * The first start of attn> with an empty Deno cache, in a real terminal (tmux): the first screen
 * ends with the banner's model line, the hint and the attn> prompt, although a download progress
 * bar draws on the terminal before and after attn writes its banner.
 *
 * Tests never use the network, so the Deno cache is fresh (a new DENO_DIR: no compiled code, no
 * code cache) except for its npm packages, copied from the suite's cache. The progress bar of a
 * download is drawn by a stand-in that writes what Deno's draw thread writes (two lines redrawn
 * in place every 120 ms: to column 1, up two lines, clear to the end of the screen, draw; at the
 * end the same clear without drawing), before attn starts and again once its first screen is
 * up: the bar a reporter saw overwrite the banner and erase the model line, the hint and the
 * prompt until a key was pressed.
 */
import assert from "node:assert/strict";
import { Tty } from "./tty.ts";
import { needs } from "../support/needs.ts";
import { denoDir, taskFlags } from "../support/run_attn.ts";
import { withTempHome } from "../support/state.ts";

const root = new URL("../../", import.meta.url).pathname;

const ESC = "\x1b";
/** One frame of Deno's download bar; `first`: nothing drawn before, so nothing to go up over. */
function barFrame(first: boolean): string {
  const back = first ? `${ESC}[0G${ESC}[2K${ESC}[J` : `${ESC}[0G${ESC}[2A${ESC}[2K${ESC}[J`;
  return `${back}${ESC}[32mDownload${ESC}[0m ▰▰▱▱▱▱ [00:03] 6/8\r\r\n` +
    `${ESC}[38;5;245m  npm:@commander-js/extra-typings${ESC}[0m\r\r\n`;
}
/** The draw thread's last write: the bar cleared. */
const BAR_CLEARED = `${ESC}[0G${ESC}[2A${ESC}[2K${ESC}[J`;

/** The first screen's last lines, as they must end. */
const FIRST_SCREEN =
  /^attn: attention, the Transformer.*\nbackend .*\nmodel +\S+.*\nType help for commands.*\nattn>$/;

/** The screen's last five non-empty lines, trailing spaces cut. */
function lastLines(screen: string): string[] {
  return screen.split("\n").map((l) => l.trimEnd()).filter((l) => l !== "").slice(-5);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

Deno.test({
  name: "first start with an empty Deno cache: the first screen ends with the attn> prompt",
  sanitizeOps: false,
  sanitizeResources: false,
  ignore: !needs.tmux,
  async fn() {
    await withTempHome(async (home) => {
      const fresh = `${home}/deno-dir`;
      await Deno.mkdir(fresh, { recursive: true });
      // npm packages only: no network in tests (see the module comment).
      const copy = await new Deno.Command("cp", { args: ["-r", `${denoDir()}/npm`, fresh] })
        .output();
      assert.ok(copy.success, "copying the npm packages of the Deno cache failed");
      const runtime = `${home}/xdg-runtime`;
      await Deno.mkdir(runtime, { mode: 0o700 });
      const env = {
        HOME: home,
        DENO_DIR: fresh,
        XDG_STATE_HOME: "",
        XDG_RUNTIME_DIR: runtime,
        TERM: "xterm-256color",
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      };
      const argv = [Deno.execPath(), "run", ...taskFlags("start", env), "main.ts"];
      const tty = await Tty.start(argv, { env, cwd: root, rows: 30 });
      try {
        await tty.writeToTerminal(barFrame(true)); // the download before attn writes anything
        await tty.waitFor((s) => FIRST_SCREEN.test(lastLines(s).join("\n")), 30000);
        // The bar is still drawn after the banner (over it), then cleared: the last lines go.
        for (let i = 0; i < 5; i++) {
          await tty.writeToTerminal(barFrame(false));
          await delay(120);
        }
        await tty.writeToTerminal(BAR_CLEARED); // without attn's repaint, no prompt from here on
        // attn puts its first screen back by itself, without a key pressed.
        const screen = await tty.waitFor(
          (s) => FIRST_SCREEN.test(lastLines(s).join("\n")),
          15000,
        );
        assert.doesNotMatch(lastLines(screen).join("\n"), /Download|npm:/);
        await tty.type("device");
        await tty.press("Enter");
        await tty.waitFor(/attn> device\n(.*\n)*backend\s+(webgpu|cpu)(.*\n)*attn> ?$/m);
      } finally {
        await tty.close();
      }
    });
  },
});
