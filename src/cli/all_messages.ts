/**
 * The app-wide message catalog: every catalog of every area, merged into one (ids unique across
 * the app, checked by mergeCatalogs). Each area formats from its own catalog; this one is the
 * whole set, for the checks every message must pass (tests/platform/i18n/app_catalog_test.ts:
 * ids unique, en and ko name the same placeholders, every hedged particle follows a
 * placeholder).
 *
 * To plug a new catalog in: write it beside its view or command as `*_messages.ts`
 * (`export const xMessages = { "x.id": { en, ko } } as const satisfies Catalog`), prefix its
 * ids with its area ("grid.", "view.models."), then add it to `appCatalogs` below. The test
 * finds every `*messages.ts` file under src/ and fails, naming the file, when one is not merged
 * here. Catalogs of src/repl/ (above this layer) are merged by the test itself.
 */
import type { Catalog } from "../platform/i18n/messages.ts";
import { mergeCatalogs } from "../platform/i18n/catalog_checks.ts";
import { experimentCatalogs } from "../experiments/messages.ts";
import { appMessages } from "../app/app_messages.ts";
import { recipeMessages } from "../train/recipe_messages.ts";
import { benchMessages } from "../bench/bench_messages.ts";
import { backendMessages } from "../engine/backend/backend_messages.ts";
import { stateMessages } from "../platform/state_messages.ts";
import { weightsMessages } from "../models/weights/weights_messages.ts";
import { runTextMessages } from "../app/run_text_messages.ts";
import { generateTextMessages } from "../app/generate_text_messages.ts";
import { ablateMessages } from "../app/ablate_messages.ts";
import { ablateViewMessages } from "../render/ablate_view_messages.ts";
import { generateViewMessages } from "../render/generate_view_messages.ts";
import { logitLensMessages } from "../app/logit_lens_messages.ts";
import { lensViewMessages } from "../render/lens_view_messages.ts";
import { timingsMessages } from "../render/timings_messages.ts";
import { trainScoringMessages } from "../render/train_scoring_messages.ts";
import { benchViewMessages } from "../render/bench_view_messages.ts";
import { generateBenchMessages } from "../render/generate_bench_messages.ts";
import { chartMessages } from "../render/chart_messages.ts";
import { compareViewMessages } from "../render/compare_view_messages.ts";
import { experimentViewMessages } from "../render/experiment_view_messages.ts";
import { modelsMessages } from "../render/models_messages.ts";
import { tableMessages } from "../render/table_messages.ts";
import { tokensMessages } from "../render/tokens_messages.ts";
import { gridMessages } from "../render/grid_messages.ts";
import { helpViewMessages } from "../render/help_view_messages.ts";
import { hiddenMessages } from "../render/hidden_messages.ts";
import { sessionViewMessages } from "../render/session_view_messages.ts";
import { explainMessages } from "../app/explain_messages.ts";
import { runViewMessages } from "../render/run_view_messages.ts";
import { attnViewMessages } from "../render/attn_view_messages.ts";
import { stepViewMessages } from "../render/step_view_messages.ts";
import { maskPeMessages } from "../render/mask_pe_messages.ts";
import { trainViewMessages } from "../render/train_view_messages.ts";
import { deviceExportMessages } from "../render/device_export_messages.ts";
import { lessonListMessages } from "../render/lesson_list_messages.ts";
import { cliMessages } from "./cli_messages.ts";
import { commandMessages } from "./command_messages.ts";
import { helpMessages } from "./help_messages.ts";
import { figureOutMessages } from "./figure_out_messages.ts";
import { figureMessages } from "../render/figure/figure_messages.ts";
import { figureAppMessages } from "../app/figure_app_messages.ts";
import { trainMessages } from "./train_messages.ts";
import { measureMessages } from "./measure_messages.ts";
import { attributionMessages } from "../app/attribution/attribution_messages.ts";
import { attributionViewMessages } from "../render/attribution_view_messages.ts";

/** Every catalog, by layer from the bottom (experiments, app, render, cli). */
export const appCatalogs: readonly Catalog[] = [
  stateMessages,
  backendMessages,
  weightsMessages,
  recipeMessages,
  benchMessages,
  ...experimentCatalogs,
  appMessages,
  runTextMessages,
  explainMessages,
  generateTextMessages,
  generateViewMessages,
  logitLensMessages,
  lensViewMessages,
  ablateMessages,
  ablateViewMessages,
  timingsMessages,
  trainScoringMessages,
  benchViewMessages,
  generateBenchMessages,
  chartMessages,
  compareViewMessages,
  experimentViewMessages,
  modelsMessages,
  tableMessages,
  tokensMessages,
  gridMessages,
  helpViewMessages,
  hiddenMessages,
  sessionViewMessages,
  runViewMessages,
  attnViewMessages,
  stepViewMessages,
  maskPeMessages,
  trainViewMessages,
  deviceExportMessages,
  lessonListMessages,
  cliMessages,
  commandMessages,
  helpMessages,
  figureOutMessages,
  figureMessages,
  figureAppMessages,
  trainMessages,
  measureMessages,
  attributionMessages,
  attributionViewMessages,
];

/**
 * Values only one language's template names, per message id (an English plural, a Korean verb
 * ending): the placeholder check skips them.
 */
export const oneLanguageValues: Readonly<Record<string, readonly string[]>> = {
  "cost.note.setup": ["headWord"],
  "norm.warmup.neither": ["effect"],
  "lesson.failed": ["plural"],
  "recipe.notJson": ["reason"], // the JSON parser's own English words
  "weights.header.notJson": ["reason"], // likewise
  "weights.json.depth": ["plural"],
  "bench.len.overLimit": ["plural"],
  "bench.len.tooLong": ["plural"],
  "weights.tensor.unexpected": ["tensors"],
  "weights.tensor.largeOthers": ["tensors"],
};

/** Messages shown as written, never formatted: help text (which may quote JSON braces). */
export function isLiteralMessage(id: string): boolean {
  return id.startsWith("help.summary.") || id.startsWith("help.arg.") ||
    id.startsWith("help.option.");
}

/** All messages of attn, id -> { en, ko }. */
export const allMessages: Catalog = mergeCatalogs(appCatalogs);
