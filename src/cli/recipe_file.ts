/**
 * `train --recipe FILE.json`: recipe fields from a small JSON file, read before any work starts.
 * The deno.json tasks let attn read only the project directory and its state directory, so the
 * file must lie in one of them; every problem is one usage line naming the option and the file.
 */
import { UsageError } from "./errors.ts";
import { checkPathLength } from "../app/path_limit.ts";
import { expandHome } from "../platform/home_path.ts";
import { stateDirCandidate } from "../platform/state_dir.ts";
import type { Recipe } from "../train/recipes.ts";
import { recipeFields } from "../train/recipe_fields.ts";

/** A recipe file is a few hundred bytes; anything near this is not one. */
export const RECIPE_FILE_MAX_BYTES = 64 * 1024;

/** The recipe fields in the JSON file `given` names (a leading ~/ is the home directory). */
export async function readRecipeFile(option: string, given: string): Promise<Partial<Recipe>> {
  checkPathLength(option, given);
  const path = expandHome(given);
  const refuse = (why: string) => new UsageError(`${option} ${given}: ${why}`);
  let text: string;
  try {
    const info = await Deno.stat(path);
    if (!info.isFile) throw refuse("expected a JSON file, got a directory or a device");
    if (info.size > RECIPE_FILE_MAX_BYTES) {
      throw refuse(
        `expected a JSON file of at most ${RECIPE_FILE_MAX_BYTES} bytes, got ${info.size}`,
      );
    }
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (e instanceof Deno.errors.NotFound) throw refuse("no such file");
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      throw refuse(
        `attn may not read it; put it in the project directory or under ${
          stateDirCandidate() ?? "its state directory"
        }`,
      );
    }
    throw refuse(`cannot read it (${e instanceof Error ? e.message.split("\n")[0] : e})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw refuse(`expected JSON, ${e instanceof Error ? e.message.split("\n")[0] : e}`);
  }
  try {
    return recipeFields(value);
  } catch (e) {
    throw refuse(e instanceof Error ? e.message : String(e));
  }
}
