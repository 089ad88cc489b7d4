/**
 * `train --recipe FILE` under the deno.json task's permissions: a file in the state directory is
 * read (the tests of train_interrupt_test.ts train with one), a file elsewhere is refused in one
 * line that says where it may lie.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { withTaskHome } from "../support/state.ts";
import { tinyRecipe, writeRecipe } from "../support/tiny_recipe.ts";

Deno.test({
  name: "train --recipe reads a file in the state directory and refuses one outside it",
  sanitizeResources: false,
  async fn() {
    await withTaskHome(async (home, dir) => {
      const inside = await writeRecipe(home, { ...tinyRecipe, steps: 5 });
      const ok = await runAttn(
        ["train", "transformer", "reverse", "--recipe", inside, "--backend", "cpu", "--json"],
        { env: { HOME: home } },
      );
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(JSON.parse(ok.stdout).steps, 5);

      const outside = `${home}/recipe.json`; // HOME itself is not granted, only its state dir
      await Deno.writeTextFile(outside, JSON.stringify(tinyRecipe));
      const refused = await runAttn(
        ["train", "transformer", "reverse", "--recipe", outside, "--backend", "cpu"],
        { env: { HOME: home } },
      );
      assert.equal(refused.code, 2, refused.stderr);
      assert.equal(
        refused.stderr,
        `attn: --recipe ${outside}: attn may not read it; put it in the project directory or under ${dir}\n`,
      );
      assert.equal(refused.stdout, "");
    });
  },
});
