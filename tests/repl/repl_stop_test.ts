/**
 * Stopping a command at the attn> prompt in a real terminal (tmux): a second Ctrl-C while
 * training is still finishing leaves attn at once; SIGTERM stops the training like Ctrl-C,
 * saves the model and then leaves (exit 143). The recipe is tiny (ATTN_TRAIN_RECIPE).
 */
import assert from "node:assert/strict";
import { denoDir, taskFlags } from "../support/run_attn.ts";
import { needs } from "../support/needs.ts";
import { loadCheckpoint } from "../../src/nn/checkpoint.ts";
import { Tty } from "./tty.ts";

const root = new URL("../../", import.meta.url).pathname;
const opts = { sanitizeOps: false, sanitizeResources: false, ignore: !needs.tmux };

/** `deno task start` in a terminal, HOME at `home`, training with `recipe`. */
async function startRepl(home: string, recipe: object): Promise<Tty> {
  const runtime = `${home}/xdg-runtime`;
  Deno.mkdirSync(runtime, { recursive: true, mode: 0o700 });
  const env = {
    HOME: home,
    XDG_STATE_HOME: "",
    XDG_RUNTIME_DIR: runtime,
    DENO_DIR: denoDir(),
    TERM: "xterm-256color",
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    ATTN_TRAIN_RECIPE: JSON.stringify(recipe),
  };
  const tty = await Tty.start([Deno.execPath(), "run", ...taskFlags("start", env), "main.ts"], {
    env,
    cwd: root,
  });
  await tty.waitFor(/^attn> ?$/m, 30000);
  return tty;
}

const tinyRecipe = {
  model: { dModel: 16, heads: 2, encoderLayers: 1, decoderLayers: 1, ffn: 32 },
  data: { train: 300, dev: 16, test: 16 },
  batchSize: 8,
  warmup: 5,
  logEvery: 5,
  evalEvery: 1000,
};

Deno.test({
  name: "REPL: a second Ctrl-C while training is being scored leaves attn at once",
  ...opts,
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "attn-repl-home-" });
    // 6000 held-out examples to score: many seconds of finishing after the first Ctrl-C.
    const tty = await startRepl(home, {
      ...tinyRecipe,
      data: { train: 300, dev: 3000, test: 3000 },
    });
    try {
      await tty.type("train transformer reverse --steps 2000 --backend cpu");
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
    } finally {
      await tty.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name: "REPL: SIGTERM during training stops it, saves the model, then leaves (exit 143)",
  ...opts,
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "attn-repl-home-" });
    const tty = await startRepl(home, tinyRecipe);
    try {
      await tty.type(
        "train transformer reverse --steps 2000 --backend cpu --out ~/.local/state/attn/t.safetensors",
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
    } finally {
      await tty.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});
