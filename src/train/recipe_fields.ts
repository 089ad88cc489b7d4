/**
 * Recipe fields given as data (`train --recipe FILE.json`): checked field by field, so that a
 * misspelt name is refused instead of silently ignored. Values are checked for their type here;
 * the trainer checks their ranges (trainer.ts checkRecipe) like every other recipe's.
 */
import type { Recipe } from "./recipes.ts";
import { BilingualError } from "../platform/i18n/bilingual_error.ts";
import { type Bilingual, messagesOf } from "../platform/i18n/messages.ts";
import { recipeMessages } from "./recipe_messages.ts";

const say = messagesOf(recipeMessages);
/** JSON quoted back in a message, cut to 60 characters. */
const shown = (v: unknown) => String(JSON.stringify(v)).slice(0, 60);

/** The recipe fields a file may set, in the order help and errors list them. */
export const recipeFieldNames: readonly (keyof Recipe)[] = [
  "model",
  "steps",
  "batchSize",
  "lr",
  "warmup",
  "labelSmoothing",
  "dropout",
  "clipNorm",
  "data",
  "logEvery",
  "evalEvery",
  "patience",
  "targetExactMatch",
  "bpeVocab",
];

/** Model sizes a recipe may set: the Transformer's, then the RNN's. */
const modelSizeNames = [
  "dModel",
  "heads",
  "encoderLayers",
  "decoderLayers",
  "ffn",
  "embed",
  "hidden",
  "layers",
] as const;

const splitNames = ["train", "dev", "test"] as const;

/**
 * The recipe fields of a parsed JSON value, e.g. `{"steps": 300, "model": {"dModel": 32},
 * "data": {"train": 2000, "dev": 100, "test": 100}}` (`data` needs all three counts). Throws an
 * Error naming the first field that is unknown or of the wrong type.
 */
export function recipeFields(value: unknown): Partial<Recipe> {
  const fields = objectOf(value, (got) => say("recipe.notObject", { got }));
  const unknown = Object.keys(fields).find((k) => !recipeFieldNames.includes(k as keyof Recipe));
  if (unknown !== undefined) {
    throw new BilingualError(
      say("recipe.unknownField", { name: unknown, names: recipeFieldNames.join(", ") }),
    );
  }
  for (const [name, v] of Object.entries(fields)) {
    if (name === "model") checkCounts(v, "model", modelSizeNames, { all: false });
    else if (name === "data") checkCounts(v, "data", splitNames, { all: true });
    else if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new BilingualError(say("recipe.notNumber", { name, got: shown(v) }));
    }
  }
  return fields as Partial<Recipe>;
}

function objectOf(
  value: unknown,
  refusal: (got: string) => Bilingual,
): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new BilingualError(refusal(shown(value)));
  }
  return value as Record<string, unknown>;
}

/** An object of whole counts >= 1 under `names` (every one of them when `all`). */
function checkCounts(
  value: unknown,
  field: string,
  names: readonly string[],
  options: { all: boolean },
): void {
  const list = names.join(", ");
  const counts = objectOf(value, (got) => say("recipe.notCounts", { field, names: list, got }));
  const unknown = Object.keys(counts).find((k) => !names.includes(k));
  if (unknown !== undefined) {
    throw new BilingualError(say("recipe.unknownCount", { field, name: unknown, names: list }));
  }
  const missing = options.all ? names.find((n) => !(n in counts)) : undefined;
  if (missing !== undefined) {
    throw new BilingualError(say("recipe.missingCount", { field, names: list, name: missing }));
  }
  for (const [name, v] of Object.entries(counts)) {
    if (!(typeof v === "number" && Number.isInteger(v) && v >= 1)) {
      throw new BilingualError(
        say("recipe.notCount", { field: `${field}.${name}`, got: shown(v) }),
      );
    }
  }
}
