/**
 * The training recipe of the tests that train through the real command line or the attn>
 * prompt: a model and data so small that a step and the final scoring take milliseconds on cpu.
 * attn reads it from a JSON file given to `train --recipe FILE` (src/cli/recipe_file.ts); under
 * the deno.json tasks that file must lie in the project or the state directory, so tests write
 * it into the temporary HOME's state directory.
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

/**
 * Writes `recipe` as JSON into `home`'s attn state directory (created if missing) and returns
 * the file's path, for `train ... --recipe <path>`.
 */
export async function writeRecipe(
  home: string,
  recipe: object = tinyRecipe,
  name = "recipe.json",
): Promise<string> {
  const dir = `${home}/.local/state/attn`;
  await Deno.mkdir(dir, { recursive: true });
  const path = `${dir}/${name}`;
  await Deno.writeTextFile(path, JSON.stringify(recipe));
  return path;
}
