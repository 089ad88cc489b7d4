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

Deno.test("recipeFor('gpt', 'ko-en') sizes a GPT, its BPE vocabulary and 500 held-out pairs", () => {
  const r = recipeFor("gpt", "ko-en");
  assert.deepEqual(r.model, { dModel: 64, heads: 4, layers: 2, ffn: 256 });
  assert.equal(r.bpeVocab, 800);
  assert.equal(r.data.test, 500);
  assert.equal(r.dropout, 0);
  assert.equal(recipeFor("transformer", "ko-en").bpeVocab, undefined);
});

Deno.test("train:all trains 20 distinct models with seed 1 and no settings of its own", () => {
  assert.equal(shippedModels.length, 20);
  assert.equal(new Set(shippedModels.map((m) => m.name)).size, 20);
  assert.ok(shippedModels.some((m) => m.name === "ko-en-gpt" && m.arch === "gpt"));
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
