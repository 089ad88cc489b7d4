/**
 * Stopping a training run from outside, through the real command line (`deno task attn train`
 * in a child process with a temporary HOME): Ctrl-C, SIGTERM and SIGHUP stop it between steps,
 * keep the best parameters, save them without ever replacing a better checkpoint, and exit
 * 128 + the signal's number; a second signal leaves at once. The recipe is tiny (a --recipe
 * file in the state directory), so a step and the final scoring take milliseconds on cpu.
 */
import assert from "node:assert/strict";
import { type AttnChild, spawnAttn } from "../support/run_attn.ts";
import { withTaskHome } from "../support/state.ts";
import { slowScoringRecipe, tinyRecipe, writeRecipe } from "../support/tiny_recipe.ts";
import { loadCheckpoint, writeCheckpointFile } from "../../src/models/weights/checkpoint.ts";

const root = new URL("../../", import.meta.url).pathname;

/**
 * `deno task attn train transformer reverse --steps 2000 --backend cpu --out <out> --recipe
 * <recipe file>` with HOME at `home`, once it has reported step 5 (so it is training, between
 * steps, when a signal comes).
 */
async function startTraining(
  home: string,
  out: string,
  recipe: object = tinyRecipe,
  extra: string[] = [],
): Promise<AttnChild> {
  const recipeFile = await writeRecipe(home, recipe);
  const child = spawnAttn(
    ["train", "transformer", "reverse", "--steps", "2000", "--backend", "cpu", "--out", out]
      .concat(["--recipe", recipeFile], extra),
    { env: { HOME: home } },
  );
  await child.waitFor(/step 5\/2000/, { stream: "stdout" });
  return child;
}

async function sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? "";
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test({
  name:
    "train: Ctrl-C returns within a second without scoring, keeps a better --out file, one step",
  sanitizeResources: false,
  async fn() {
    await withTaskHome(async (home, dir) => {
      const out = `${dir}/reverse.safetensors`;
      await Deno.copyFile(`${root}weights/reverse-transformer.safetensors`, out); // dev 100%
      const before = await sha256(out);
      // Scoring dev and test (3000 examples each) would take many seconds.
      const child = await startTraining(home, out, slowScoringRecipe);
      const sent = performance.now();
      child.kill("SIGINT");
      const r = await child.done;
      const ms = r.endedAt - sent;

      assert.equal(r.code, 130, r.stderr);
      assert.ok(ms < 1000, `Ctrl-C took ${ms.toFixed(0)} ms to return`);
      assert.equal(await sha256(out), before, "the better checkpoint was replaced");
      const side = `${dir}/reverse.new.safetensors`;
      const saved = await loadCheckpoint(side);
      assert.equal(saved.metadata.interrupted, "true");
      assert.equal(saved.metadata.kept_by, "last");
      // Not scored: no score is recorded rather than a false 0%.
      assert.equal(saved.metadata.dev_accuracy, undefined);
      assert.equal(saved.metadata.accuracy, undefined);
      const kept = saved.metadata.best_step;
      // Every step named while stopping is the step whose parameters were kept.
      const steps = [...r.stderr.matchAll(/step (\d+)/g)].map((m) => m[1]);
      assert.ok(steps.length >= 3, r.stderr);
      assert.deepEqual(new Set(steps), new Set([kept]), r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `^attn: interrupted at step ${kept}: keeping the last parameters \\(step ${kept}; no ` +
            `dev evaluation had run\\); scoring skipped \\(--score-on-stop scores a stopped run\\), ` +
            `then saving; Ctrl-C again leaves now without saving$`,
          "m",
        ),
      );
      assert.equal(
        lastLine(r.stderr),
        `attn: interrupted at step ${kept}: kept the parameters of step ${kept} (the last: ` +
          `no dev evaluation had run; not scored); saved ${side}, not ${out}: this model was ` +
          `not scored (no dev evaluation had run), so it cannot be compared and that file is unchanged`,
      );
      assert.match(r.stdout, /interrupted after \d+ of 2000 steps/);
      assert.match(r.stdout, /^dev: {2}not scored \(training was stopped; --score-on-stop/m);
      assert.match(r.stdout, /^test: not scored/m);
    });
  },
});

Deno.test({
  name: "train --score-on-stop: Ctrl-C still scores the kept parameters, then saves them",
  sanitizeResources: false,
  async fn() {
    await withTaskHome(async (home, dir) => {
      const out = `${dir}/scored.safetensors`;
      const child = await startTraining(home, out, tinyRecipe, ["--score-on-stop"]);
      child.kill("SIGINT");
      const r = await child.done;

      assert.equal(r.code, 130, r.stderr);
      const saved = await loadCheckpoint(out);
      assert.equal(saved.metadata.dev_examples, "16");
      assert.equal(saved.metadata.test_examples, "16");
      const kept = saved.metadata.best_step;
      assert.match(r.stderr, new RegExp(`scoring the last parameters \\(step ${kept}; `));
      assert.match(r.stdout, /^test: exact match \d+\.\d%/m);
    });
  },
});

Deno.test({
  name: "train: SIGTERM stops like Ctrl-C, saves over a worse file keeping it as .prev, exits 143",
  sanitizeResources: false,
  async fn() {
    await withTaskHome(async (home, dir) => {
      const out = `${dir}/reverse.safetensors`;
      // A reverse model whose metadata says it scored nothing on dev.
      const worse = await loadCheckpoint(`${root}weights/reverse-gru.safetensors`);
      await writeCheckpointFile(out, {
        ...worse,
        extra: { ...worse.metadata, dev_accuracy: "0", dev_token_accuracy: "0" },
      }, [...worse.tensors].map(([name, t]) => ({ name, shape: t.shape, data: t.data })));
      const before = await sha256(out);
      // Scored on stopping, so the new model's dev score can be compared with the file's.
      const child = await startTraining(home, out, tinyRecipe, ["--score-on-stop"]);
      child.kill("SIGTERM");
      const r = await child.done;

      assert.equal(r.signal, null, "the child was killed instead of stopping");
      assert.equal(r.code, 143, r.stderr);
      const saved = await loadCheckpoint(out);
      assert.equal(saved.config.arch, "transformer");
      assert.equal(saved.metadata.interrupted, "true");
      const previous = `${dir}/reverse.prev.safetensors`;
      assert.equal(await sha256(previous), before, "the replaced file is kept as .prev");
      const kept = saved.metadata.best_step;
      assert.match(
        lastLine(r.stderr),
        new RegExp(
          `^attn: stopped by SIGTERM at step ${kept}: kept the parameters of step ${kept} .*; ` +
            `saved ${out} \\(dev exact match \\d+\\.\\d%\\); the model it replaced \\(0\\.0%\\) ` +
            `is now ${previous}$`,
        ),
      );
      assert.match(r.stderr, /a second signal leaves now without saving/);
    });
  },
});

Deno.test({
  name: "train: the terminal closing (SIGHUP, output gone) still saves the model, exits 129",
  sanitizeResources: false,
  async fn() {
    await withTaskHome(async (home, dir) => {
      const out = `${dir}/hup.safetensors`;
      const child = await startTraining(home, out);
      // The hang-up arrives, then the terminal is gone: every later write (the scoring, the
      // report, the save line) fails. (A broken stdout with no signal is `| head`: attn leaves
      // at once like cat, tests/cli/broken_pipe_test.ts.)
      child.kill("SIGHUP");
      await child.waitFor(/(scoring|keeping) the (kept|last) parameters/);
      await child.closeOutput();
      const r = await child.done;

      assert.equal(r.signal, null, "the child was killed instead of stopping");
      assert.equal(r.code, 129);
      const saved = await loadCheckpoint(out);
      assert.equal(saved.metadata.interrupted, "true");
      assert.equal(saved.config.task, "reverse");
    });
  },
});

Deno.test({
  name:
    "train: a second Ctrl-C while the kept model is being scored leaves at once, saving nothing",
  sanitizeResources: false,
  async fn() {
    await withTaskHome(async (home, dir) => {
      const out = `${dir}/second.safetensors`;
      const child = await startTraining(home, out, slowScoringRecipe, ["--score-on-stop"]);
      child.kill("SIGINT");
      await child.waitFor(/scoring the (kept|last) parameters/);
      await new Promise((resolve) => setTimeout(resolve, 300)); // well inside the scoring
      const sent = performance.now();
      child.kill("SIGINT");
      const r = await child.done;
      const ms = r.endedAt - sent;

      assert.equal(r.code, 130);
      assert.ok(ms < 500, `the second Ctrl-C took ${ms.toFixed(0)} ms to end the process`);
      assert.equal(await exists(out), false, "nothing is saved when leaving at once");
      assert.match(r.stderr, /Ctrl-C again leaves now without saving/);
      console.log(`second Ctrl-C during scoring: the process ended ${ms.toFixed(0)} ms later`);
    });
  },
});
