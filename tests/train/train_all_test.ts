/**
 * `train --all`, the way the shipped models are made, through the real command line: `deno task
 * train:all` (the only task that may write weights/) with --only one model, a tiny --recipe and
 * --out-dir in a temporary state directory, so it takes seconds; and `deno task attn train
 * --all`, which may not write weights/, refused before any training. (Its usage errors and a
 * Ctrl-C are in train_command_test.ts.)
 */
import assert from "node:assert/strict";
import { runAttn, taskArgs, taskFlags } from "../support/run_attn.ts";
import { withTaskHome } from "../support/state.ts";
import { tinyRecipe, writeRecipe } from "../support/tiny_recipe.ts";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";
import type { TrainAllReport } from "../../src/app/shipped_models.ts";

const root = new URL("../../", import.meta.url).pathname;

Deno.test("deno task train:all is attn train --all with write access to weights/ added", () => {
  assert.deepEqual(taskArgs("train:all"), ["train", "--all"]);
  const attn = taskFlags("attn");
  const all = taskFlags("train:all");
  // train:all adds its own --allow-write=weights to the run task's flags; deno joins them.
  const isWrite = (f: string) => f.startsWith("--allow-write=");
  const writes = (flags: string[]) =>
    flags.filter(isWrite).flatMap((f) => f.slice("--allow-write=".length).split(","));
  assert.deepEqual(all.filter((f) => !isWrite(f)), attn.filter((f) => !isWrite(f)));
  assert.deepEqual(writes(all).sort(), ["weights", ...writes(attn)].sort());
});

Deno.test({
  name: "train:all --only one model trains it into --out-dir, then skips it unless --force",
  sanitizeResources: false,
  async fn() {
    await withTaskHome(async (home, dir) => {
      const recipe = await writeRecipe(home, { ...tinyRecipe, steps: 10 });
      const outDir = `${dir}/weights`;
      await Deno.mkdir(outDir);
      const args = ["--only", "reverse-transformer", "--recipe", recipe, "--out-dir", outDir];
      const env = { HOME: home };

      // 1. Trained and saved, with the shipped metadata.
      const first = await runAttn([...args, "--backend", "cpu"], { task: "train:all", env });
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.stderr, "");
      const path = `${outDir}/reverse-transformer.safetensors`;
      const lines = first.stdout.split("\n");
      assert.equal(lines[0], "[1/1] reverse-transformer");
      assert.match(
        first.stdout,
        new RegExp(`test exact match \\d+\\.\\d% in \\d+\\.\\d s \\(10 steps\\): saved ${path}\n`),
      );
      assert.match(
        first.stdout,
        /^reverse-transformer +trained +\d+\.\d% +\d+\.\d% +10 +\d+\.\d$/m,
      );
      const saved = await loadCheckpoint(path);
      assert.equal(saved.metadata.name, "reverse-transformer");
      assert.equal(saved.metadata.train_steps, "10");
      assert.equal(saved.metadata.seed, "1");
      assert.equal(saved.config.arch, "transformer");
      assert.equal(saved.config.task, "reverse");
      assert.equal((saved.config as { dModel: number }).dModel, 16, "the --recipe file applied");
      const bytes = await Deno.readFile(path);
      const writtenAt = (await Deno.stat(path)).mtime!.getTime();

      // 2. Again: the file exists, so it is skipped (and --json says so on stdout alone).
      const again = await runAttn([...args, "--backend", "cpu", "--json"], {
        task: "train:all",
        env,
      });
      assert.equal(again.code, 0, again.stderr);
      const report: TrainAllReport = JSON.parse(again.stdout);
      assert.deepEqual(report, {
        backend: "cpu",
        outDir,
        results: [{
          name: "reverse-transformer",
          status: "skipped",
          exactMatch: null,
          tokenAccuracy: null,
          steps: null,
          seconds: null,
          path,
        }],
        interrupted: null,
      });
      assert.match(again.stderr, /skipped: .* exists \(--force retrains it\)/);
      assert.deepEqual(await Deno.readFile(path), bytes, "a skipped file is left alone");
      assert.deepEqual([...Deno.readDirSync(outDir)].map((e) => e.name), [
        "reverse-transformer.safetensors",
      ]);

      // 3. --force trains it again, over the file.
      const forced = await runAttn([...args, "--force", "--backend", "cpu", "--json"], {
        task: "train:all",
        env,
      });
      assert.equal(forced.code, 0, forced.stderr);
      const retrained: TrainAllReport = JSON.parse(forced.stdout);
      assert.equal(retrained.results[0].status, "trained");
      assert.equal(retrained.results[0].steps, 10);
      // The same seed trains the same weights, so the bytes may well be equal: the
      // file's modification time says whether it was written again.
      const rewrittenAt = (await Deno.stat(path)).mtime!.getTime();
      assert.ok(rewrittenAt > writtenAt, "the file was not written again");
      assert.equal((await loadCheckpoint(path)).metadata.train_steps, "10");
    });
  },
});

Deno.test({
  name: "attn train --all may not write weights/: refused in one line before any training",
  sanitizeResources: false,
  async fn() {
    const before = [...Deno.readDirSync(`${root}weights`)].map((e) => e.name).sort();
    const r = await runAttn(["train", "--all", "--only", "reverse-gru", "--backend", "cpu"]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `^attn: --out-dir ${root}weights: attn may not write there; 'deno task train:all' may write weights/, and attn may write under .*/\\.local/state/attn\n$`,
      ),
    );
    assert.equal(r.stdout, "");
    assert.deepEqual([...Deno.readDirSync(`${root}weights`)].map((e) => e.name).sort(), before);
  },
});
