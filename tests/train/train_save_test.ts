/**
 * Saving a trained model through the paths users hit: a save that fails (a full disk) still
 * prints the report and, at the attn> prompt, keeps the model so that `save FILE` can retry;
 * every command that writes a checkpoint asks for a .safetensors name in the same words.
 */
import assert from "node:assert/strict";
import { denoDir, runAttn, taskFlags } from "../support/run_attn.ts";
import { makeTempHome } from "../support/state.ts";
import { needs } from "../support/needs.ts";
import { writeRecipe } from "../support/tiny_recipe.ts";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";

const root = new URL("../../", import.meta.url).pathname;

Deno.test({
  name: "train at the prompt: a full disk keeps the model and the report; save FILE retries",
  ignore: !needs.unshare,
  sanitizeResources: false,
  async fn() {
    const home = makeTempHome();
    const state = `${home}/.local/state/attn`;
    const full = `${state}/full`;
    await Deno.mkdir(full, { recursive: true });
    const env = {
      HOME: home,
      NO_COLOR: "1",
      XDG_STATE_HOME: "",
      XDG_RUNTIME_DIR: state,
      DENO_DIR: denoDir(),
    };
    await writeRecipe(home);
    const script = [
      "set backend cpu",
      "train transformer reverse --steps 10 --recipe ~/.local/state/attn/recipe.json --out ~/.local/state/attn/full/m.safetensors",
      "save ~/.local/state/attn/m.safetensors",
    ].join("\n");
    // A 4 KiB tmpfs in a private mount namespace: the checkpoint (~34 KB) cannot fit.
    const shell = [
      `mount -t tmpfs -o size=4k tmpfs ${full}`,
      `printf '%s\\n' "$SCRIPT" | ${Deno.execPath()} run ${
        taskFlags("start", env).join(" ")
      } main.ts; echo "code=$?"`,
      `ls -A ${full}`,
    ].join("\n");
    try {
      const out = await new Deno.Command("unshare", {
        args: ["-rm", "sh", "-c", shell],
        cwd: root,
        env: { ...env, SCRIPT: script },
      }).output();
      const stdout = new TextDecoder().decode(out.stdout);
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, stderr);
      const failed = `${full}/m.safetensors`;
      const saved = `${state}/m.safetensors`;
      // 1. The failed save: the report still printed, one line, and the way out.
      assert.match(stdout, /test: exact match \d+\.\d%, token accuracy/);
      assert.equal(
        stderr.trim(),
        `attn: not saved: cannot save ${failed}: the disk is full (no space left on device); ` +
          `the model is kept in this session: 'save FILE' saves it`,
      );
      assert.match(stdout, /not saved: cannot save .*: the disk is full .*'save FILE' keeps/);
      // 2. The retry.
      assert.match(stdout, new RegExp(`^saved ${saved}$`, "m"));
      assert.match(stdout, /code=1\n/, "one command failed");
      assert.equal(stdout.trim().split("\n").at(-1), "code=1", "no temporary file left behind");
      const checkpoint = await loadCheckpoint(saved);
      assert.equal(checkpoint.config.task, "reverse");
      assert.equal(checkpoint.metadata.train_steps, "10");
      assert.equal(checkpoint.metadata.dev_examples, "16");
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test("save without a trained model says what to do, at the prompt and from the shell", async () => {
  const home = makeTempHome();
  try {
    const repl = await runAttn([], {
      task: "start",
      stdin: "save ~/.local/state/attn/m.safetensors\n",
      env: { HOME: home },
    });
    assert.equal(repl.code, 1);
    assert.equal(
      repl.stderr,
      "attn: no trained model to save yet; train one first (e.g. train transformer reverse), then save FILE\n",
    );
    const shell = await runAttn(["save", `${home}/.local/state/attn/m.safetensors`], {
      env: { HOME: home },
    });
    assert.equal(shell.code, 1);
    assert.match(
      shell.stderr,
      /^attn: save keeps the model of a train at the attn> prompt; from the shell use train \.\.\. --out FILE\n$/,
    );
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("train --out, export --out and save refuse a name that is not .safetensors alike", async () => {
  const home = makeTempHome();
  try {
    const file = `${home}/.local/state/attn/x.txt`;
    const cases: [string[], string][] = [
      [["train", "transformer", "reverse", "--out", file], "--out"],
      [["export", "--model", "reverse-gru", "--out", file], "--out"],
      [["save", file], "save FILE"],
    ];
    for (const [args, option] of cases) {
      const r = await runAttn([...args, "--backend", "cpu"], { env: { HOME: home } });
      assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
      assert.equal(r.stderr, `attn: ${option} must name a .safetensors file, got '${file}'\n`);
      assert.equal(r.stdout, "");
    }
    assert.equal(await Deno.stat(file).then(() => true, () => false), false, "x.txt was written");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
