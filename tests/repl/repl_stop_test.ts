/**
 * Stopping a command at the attn> prompt in a real terminal (tmux): a second Ctrl-C while
 * training is still finishing (scoring, asked for with --score-on-stop) leaves attn at once; SIGTERM stops the training like Ctrl-C,
 * saves the model and then leaves (exit 143). The recipe is tiny (a --recipe file in the state
 * directory).
 */
import assert from "node:assert/strict";
import { needs } from "../support/needs.ts";
import { slowScoringRecipe, writeRecipe } from "../support/tiny_recipe.ts";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";
import { withRepl } from "./tty.ts";

const opts = { sanitizeOps: false, sanitizeResources: false, ignore: !needs.tmux };

Deno.test({
  name: "REPL: a second Ctrl-C while training is being scored leaves attn at once",
  ...opts,
  async fn() {
    await withRepl(async (tty, home) => {
      await writeRecipe(home, slowScoringRecipe);
      await tty.type(
        "train transformer reverse --steps 2000 --backend cpu --score-on-stop --recipe ~/.local/state/attn/recipe.json",
      );
      await tty.press("Enter");
      await tty.waitFor(/step +\d+\/2000/, 30000); // the counter is padded: "step    5/2000"
      await tty.press("C-c");
      await tty.waitFor(/Ctrl-C again/);
      const start = Date.now();
      await tty.press("C-c");
      await tty.waitFor(/\[exited 130\]/, 5000);
      const ms = Date.now() - start;
      console.log(`second Ctrl-C at the prompt: attn left ${ms} ms later`);
      assert.ok(ms < 1500, `the second Ctrl-C took ${ms} ms to leave`);
    });
  },
});

Deno.test({
  name: "REPL: SIGTERM during training stops it, saves the model, then leaves (exit 143)",
  ...opts,
  async fn() {
    await withRepl(async (tty, home) => {
      await writeRecipe(home);
      await tty.type(
        "train transformer reverse --steps 2000 --backend cpu --recipe ~/.local/state/attn/recipe.json --out ~/.local/state/attn/t.safetensors",
      );
      await tty.press("Enter");
      // On a terminal the progress line is redrawn in place: any step counter shows it runs.
      await tty.waitFor(/step +\d+\/2000/, 30000);
      const pid = await tty.programPid();
      Deno.kill(pid, "SIGTERM");
      const screen = await tty.waitFor(/\[exited 143\]/, 20000);
      assert.match(
        screen,
        /attn: stopped by SIGTERM at step (\d+): kept the parameters of step \1 .*; saved /,
      );
      const saved = await loadCheckpoint(`${home}/.local/state/attn/t.safetensors`);
      assert.equal(saved.metadata.interrupted, "true");
    });
  },
});

Deno.test({
  name: "REPL: Ctrl-C in train is back at attn> within a second, the stop line left on screen",
  ...opts,
  async fn() {
    await withRepl(async (tty, home) => {
      await writeRecipe(home, slowScoringRecipe); // scoring it would take many seconds
      await tty.type(
        "train transformer reverse --steps 2000 --backend cpu --recipe ~/.local/state/attn/recipe.json",
      );
      await tty.press("Enter");
      await tty.waitFor(/step +\d+\/2000/, 30000);
      const start = Date.now();
      await tty.press("C-c");
      const screen = await tty.waitFor(/kept the parameters of step \d+.*\n(.*\n)*attn> $/m, 5000);
      const ms = Date.now() - start;
      assert.ok(ms < 1000, `Ctrl-C took ${ms} ms to return to attn>`);
      const stop = /attn: interrupted at step (\d+): keeping the last parameters \(step (\d+);/
        .exec(screen);
      assert.ok(stop, screen);
      assert.equal(stop[1], stop[2], "the step numbers agree");
      assert.match(screen, new RegExp(`kept the parameters of step ${stop[1]} `));
      assert.match(screen, /^test: not scored/m);
    });
  },
});
