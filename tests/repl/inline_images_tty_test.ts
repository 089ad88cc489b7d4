/**
 * `set images on` at the attn> prompt on a real terminal (tmux), end to end: under TERM=
 * xterm-kitty a view draws its figure as kitty graphics (an APC code carrying a base64 PNG);
 * under TERM=xterm-256color the terminal is asked (DA1; tmux answers for the terminal it
 * emulates, without sixel), one line says there are no images, and the view is the text grid,
 * as before. tmux's own TMUX variable is cleared for attn, so that attn sees the terminal named
 * by TERM rather than refusing a multiplexer. What attn writes is recorded raw (pipe-pane).
 */
import assert from "node:assert/strict";
import { withRepl } from "./tty.ts";
import type { Tty } from "./tty.ts";
import { needs } from "../support/needs.ts";
import { decode } from "fast-png";

const opts = { sanitizeOps: false, sanitizeResources: false, ignore: !needs.tmux };

/** The variables detection reads, cleared but for TERM (the test's own terminal must not leak). */
function terminalNamed(term: string): Record<string, string> {
  return { TERM: term, TMUX: "", STY: "", TERM_PROGRAM: "", KITTY_WINDOW_ID: "" };
}

/** Types `line` and presses Enter, then waits for `pattern` on the screen. */
async function enter(tty: Tty, line: string, pattern: RegExp, timeoutMs?: number) {
  await tty.type(line);
  await tty.press("Enter");
  return await tty.waitFor(pattern, timeoutMs);
}

/** run's view on the screen from its output line to its timings (which differ run to run). */
function gridOf(screen: string): string {
  const view = screen.slice(screen.lastIndexOf("\noutput "));
  return view.slice(0, view.indexOf("\ntimings"));
}

/** Waits until `file` holds `pattern` (pipe-pane copies asynchronously). */
async function recorded(file: string, pattern: RegExp, timeoutMs = 20000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = "";
  while (Date.now() < deadline) {
    text = await Deno.readTextFile(file).catch(() => "");
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${pattern} in the recorded output:\n${text.slice(-2000)}`);
}

Deno.test({
  name: "REPL: set images on in kitty draws run's figure as a kitty APC code with a base64 PNG",
  ...opts,
  async fn() {
    await withRepl(async (tty, home) => {
      const raw = `${home}/raw-output`;
      await tty.recordOutput(raw);
      await enter(tty, "set images on", /\* images\s+on \(kitty\)/);
      await enter(tty, "run 나는 학생이다", /output\s+I am a student/, 30000);
      // deno-lint-ignore no-control-regex
      const out = await recorded(raw, /\x1b_G[^;]*m=0;[A-Za-z0-9+/=]*\x1b\\/);
      // Kitty codes: the first says transmit-and-display a PNG, all but the last m=1.
      // deno-lint-ignore no-control-regex
      const codes = [...out.matchAll(/\x1b_G([^;]*);([A-Za-z0-9+/=]*)\x1b\\/g)];
      assert.ok(codes.length >= 1);
      const [, columns] = codes[0][1].match(/^a=T,f=100,q=2,c=(\d+),m=[01]$/)!;
      codes.forEach(([, keys, chunk], i) => {
        if (i > 0) assert.equal(keys, `q=2,m=${i === codes.length - 1 ? 0 : 1}`);
        assert.ok(chunk.length <= 4096, `chunk ${i}: ${chunk.length} characters`);
      });
      const base64 = codes.map(([, , chunk]) => chunk).join("");
      const png = decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
      assert.ok(png.width > 100 && png.height > 50, `${png.width}x${png.height}`);
      // Shown over one column per 8 of the figure's pixels (the PNG has twice as many).
      assert.equal(Number(columns), Math.min(120, Math.ceil(png.width / 2 / 8)));
      assert.equal(out.includes("\x1b[c"), false, "kitty is known from TERM: nothing asked");
    }, terminalNamed("xterm-kitty"));
  },
});

Deno.test({
  name: "REPL: set images on in a terminal without images: one line, and the same text grid",
  ...opts,
  async fn() {
    await withRepl(async (tty, home) => {
      const raw = `${home}/raw-output`;
      await tty.recordOutput(raw);
      const ran = /output\s+I am a student[^]*timings[^]*attn> $/m;
      const grid = gridOf(await enter(tty, "run 나는 학생이다", ran, 30000));
      assert.match(grid, /^\noutput\s+I am a student\n[^]*나는/);
      const notice = await enter(tty, "set images on", /\* images\s+on \(text only\)/);
      assert.match(
        notice,
        /^attn: note: no images in this terminal: it speaks none of kitty's, iTerm2's or sixel image protocols \(TERM=xterm-256color\); views keep the text grid$/m,
      );
      await tty.press("C-l"); // a clear screen, so the second grid is read alone
      assert.equal(gridOf(await enter(tty, "run 나는 학생이다", ran, 30000)), grid);
      // deno-lint-ignore no-control-regex
      const out = await recorded(raw, /\x1b\[c/);
      // deno-lint-ignore no-control-regex
      assert.equal(/\x1b_G|\x1b\]1337|\x1bP/.test(out), false, "no image codes");
      // The terminal's reply (tmux answers DA1) is not typed at the next prompt.
      await enter(tty, "set", /\* images|images\s+on/);
      assert.doesNotMatch(await tty.screen(), /attn> .*[;?]\d*c/);
    }, terminalNamed("xterm-256color"));
  },
});
