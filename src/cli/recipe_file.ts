/**
 * `train --recipe FILE.json`: recipe fields from a small JSON file, read before any work starts.
 * The deno.json tasks let attn read only the project directory and its state directory, so the
 * file must lie in one of them; every problem is one usage line naming the option and the file.
 */
import { UsageError } from "./errors.ts";
import { messageOf } from "../platform/i18n/bilingual_error.ts";
import { type Bilingual, messagesOf } from "../platform/i18n/messages.ts";
import { trainMessages } from "./train_messages.ts";
import { checkPathLength } from "../app/path_limit.ts";
import { expandHome } from "../platform/home_path.ts";
import { stateDirCandidate } from "../platform/state_dir.ts";
import type { Recipe } from "../train/recipes.ts";
import { recipeFields } from "../train/recipe_fields.ts";

/** A recipe file is a few hundred bytes; anything near this is not one. */
export const RECIPE_FILE_MAX_BYTES = 64 * 1024;

const say = messagesOf(trainMessages);

/** The recipe fields in the JSON file `given` names (a leading ~/ is the home directory). */
export async function readRecipeFile(option: string, given: string): Promise<Partial<Recipe>> {
  checkPathLength(option, given);
  const path = expandHome(given);
  const refuse = (why: Bilingual) => new UsageError(say("recipe.refused", { option, given, why }));
  const firstLine = (e: unknown) => e instanceof Error ? e.message.split("\n")[0] : String(e);
  let text: string;
  try {
    const info = await Deno.stat(path);
    if (!info.isFile) throw refuse(say("recipe.notAFile"));
    if (info.size > RECIPE_FILE_MAX_BYTES) {
      throw refuse(say("recipe.tooLarge", { max: RECIPE_FILE_MAX_BYTES, size: info.size }));
    }
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (e instanceof Deno.errors.NotFound) throw refuse(say("recipe.noSuchFile"));
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      const allowed = stateDirCandidate() ?? say("all.stateDir");
      throw refuse(say("recipe.mayNotRead", { allowed }));
    }
    throw refuse(say("recipe.cannotRead", { reason: firstLine(e) }));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw refuse(say("recipe.notJson", { reason: firstLine(e) }));
  }
  try {
    return recipeFields(value);
  } catch (e) {
    throw refuse(messageOf(e));
  }
}
