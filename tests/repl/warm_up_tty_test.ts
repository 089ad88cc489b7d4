/**
 * The prompt's background warm-up (src/repl/warm_up.ts) runs the model in use while the banner
 * is read: it must never show (no output on the screen after the prompt), never become the last
 * run (`attn` still says there is none), never save one, and the learner's first `run` still
 * works and is what `attn` then shows.
 */
import assert from "node:assert/strict";
import { withRepl } from "./tty.ts";
import { needs } from "../support/needs.ts";

const opts = { sanitizeOps: false, sanitizeResources: false, ignore: !needs.tmux };

Deno.test({
  name: "REPL warm-up: silent, not the last run, and the first run still works",
  ...opts,
  async fn() {
    await withRepl(async (tty, home) => {
      // The warm-up runs now; give it time to finish (it takes well under a second here).
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const idle = await tty.screen();
      const afterPrompt = idle.slice(idle.indexOf("attn> "));
      assert.equal(afterPrompt.trim(), "attn>", `nothing printed after the prompt:\n${idle}`);
      assert.doesNotMatch(idle, /output|I am a student|warning/);
      const saved = await Deno.stat(`${home}/.local/state/attn/last-run.json`).catch(() => null);
      assert.equal(saved, null, "the warm-up saves no last run");
      await tty.type("attn");
      await tty.press("Enter");
      await tty.waitFor(/there is none yet/);
      await tty.type("run 그는 학생이다");
      await tty.press("Enter");
      const ran = await tty.waitFor(/output {2}\S/);
      assert.match(ran, /model {3}ko-en-transformer/);
      await tty.type("attn");
      await tty.press("Enter");
      await tty.waitFor((s) => /그는/.test(s.slice(s.lastIndexOf("attn> attn"))));
    });
  },
});
