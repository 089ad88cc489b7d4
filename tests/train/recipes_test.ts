import assert from "node:assert/strict";
import { recipeFor } from "../../src/train/recipes.ts";
import { shippedModels } from "../../src/app/shipped_models.ts";

Deno.test("recipeFor() picks the per-model steps by attention or positional encoding", () => {
  assert.equal(recipeFor("transformer", "reverse").steps, 3000, "sinusoidal is the default pe");
  assert.equal(recipeFor("transformer", "reverse", { pe: "rope" }).steps, 2000);
  assert.equal(recipeFor("gru", "ko-en", { attention: "luong-general" }).steps, 2000);
  assert.equal(recipeFor("gru", "ko-en", { attention: "bahdanau" }).steps, 1200);
  assert.equal(recipeFor("lstm", "dates", { attention: "luong-dot" }).steps, 1500);
});

Deno.test("train:all trains 19 distinct models with seed 1 and no settings of its own", () => {
  assert.equal(shippedModels.length, 19);
  assert.equal(new Set(shippedModels.map((m) => m.name)).size, 19);
  for (const m of shippedModels) {
    assert.equal(m.seed, 1, m.name);
    assert.deepEqual(
      Object.keys(m).sort(),
      [
        "arch",
        "name",
        "seed",
        "task",
        ...(m.attention ? ["attention"] : []),
        ...(m.pe ? ["pe"] : []),
      ]
        .sort(),
      `${m.name}: every setting lives in recipes.ts, so 'train' reproduces it`,
    );
  }
});
