/**
 * The training recipe of the tests that train through the real command line or the attn>
 * prompt: a model and data so small that a step and the final scoring take milliseconds on cpu.
 * attn takes it from the ATTN_TRAIN_RECIPE environment variable (src/cli/commands/train.ts).
 */

/** Progress every 5 steps, no dev evaluation before step 1000: a run of 2000 steps is stopped long before. */
export const tinyRecipe = {
  model: { dModel: 16, heads: 2, encoderLayers: 1, decoderLayers: 1, ffn: 32 },
  data: { train: 300, dev: 16, test: 16 },
  batchSize: 8,
  warmup: 5,
  logEvery: 5,
  evalEvery: 1000,
};

/**
 * The tiny recipe with 6000 held-out examples to score: many seconds of finishing after the
 * training stops, the window in which a test sends a second Ctrl-C.
 */
export const slowScoringRecipe = { ...tinyRecipe, data: { train: 300, dev: 3000, test: 3000 } };

/** The environment that hands `recipe` to attn's train command. */
export function recipeEnv(recipe: object = tinyRecipe): { ATTN_TRAIN_RECIPE: string } {
  return { ATTN_TRAIN_RECIPE: JSON.stringify(recipe) };
}
