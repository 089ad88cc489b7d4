/**
 * The application layer: the use cases the shell commands, the attn> prompt and the lessons
 * share. Each takes a request (and an {@link AppContext}: the backend the user chose, the model
 * in use, a way to warn, a stop signal) and returns a result object; it never prints. The views
 * in render/ turn these results into text, `--json` prints them as they are.
 *
 * - run_text.ts: a sentence through a model, greedy or beam, with the full trace (`run`,
 *   `step`, `compare`); select_attention.ts, select_hidden.ts, step_frames.ts: what `attn`,
 *   `hidden` and `step` show of the last run.
 * - pe_table.ts, mask_demo.ts, device_info.ts, export_model.ts, run_bench.ts, compare_models.ts:
 *   `pe`, `mask`, `device`, `export`, `bench`, `compare`.
 * - shipped_models.ts: the plan of the checkpoints in weights/ (`train --all`).
 * - lessons/: the lesson format, the catalog, playback and progress.
 * - errors.ts: the errors a front end turns into `attn: ...` and an exit code.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { openBackend } from "../engine/mod.ts";
 * import { type AppContext, runText, selectAttention, sinusoidalPe } from "./mod.ts";
 *
 * const app: AppContext = {
 *   backend: () => openBackend("cpu"),
 *   defaultModel: () => Promise.resolve("reverse-transformer"),
 *   weightsDir: undefined, // weights/ of this checkout
 *   signal: new AbortController().signal,
 *   warn: () => {},
 *   notice: () => {},
 * };
 * const run = await runText(app, { text: "attn" }); // what `attn run attn` computes
 * assert.equal(run.output.text, "ntta");
 * const shown = selectAttention(run, ["cross"]); // what `attn cross` then shows
 * assert.deepEqual(shown.cols, ["a", "t", "t", "n", "<eos>"]);
 * for (const row of shown.weights) {
 *   assert.ok(Math.abs(row.reduce((s, w) => s + w, 0) - 1) < 1e-5); // each row sums to 1
 * }
 * // `pe`: position 0 is sin(0) = 0 and cos(0) = 1 in every pair.
 * assert.deepEqual(sinusoidalPe(3, 4).values?.[0], [0, 1, 0, 1]);
 * ```
 *
 * @module
 */
export type { AppContext } from "./context.ts";
export { AttnError, InterruptedError, stoppedWords, stopSignalOf, UsageError } from "./errors.ts";
export type { StopSignal } from "./errors.ts";
export { checkText, openModel, runText, taskStepLimit } from "./run_text.ts";
export type { RunTextRequest } from "./run_text.ts";
export { meanOfHeads, selectAttention } from "./select_attention.ts";
export type { AttnResult } from "./select_attention.ts";
export { selectHidden } from "./select_hidden.ts";
export type { HiddenBlock, HiddenResult } from "./select_hidden.ts";
export { contextVector, stepFrames } from "./step_frames.ts";
export type { StepFrame, StepMatrix, StepResult } from "./step_frames.ts";
export { compareModels } from "./compare_models.ts";
export type { CompareRequest, CompareResult, CompareRow } from "./compare_models.ts";
export { learnedPe, peLimits, rotaryPe, sinusoidalPe } from "./pe_table.ts";
export type { PeResult } from "./pe_table.ts";
export { maskDemo, MAX_MASK_LENGTH } from "./mask_demo.ts";
export type { MaskMatrix, MaskResult } from "./mask_demo.ts";
export { deviceInfo } from "./device_info.ts";
export type { DeviceInfo } from "./device_info.ts";
export { exportModel } from "./export_model.ts";
export type { ExportResult } from "./export_model.ts";
export { benchLengthLimits, benchSuites, runBench } from "./run_bench.ts";
export type { BenchOutcome, BenchRequest } from "./run_bench.ts";
export {
  selectModels,
  shippedModels,
  shippedPath,
  trainShippedModels,
  unknownModelNames,
} from "./shipped_models.ts";
export type {
  ShippedModel,
  ShippedResult,
  ShippedRun,
  TrainAllReport,
  TrainShippedOptions,
} from "./shipped_models.ts";
export { closestName, editDistance } from "./suggest.ts";
export { referenceFor } from "./task_reference.ts";
export type { Reference } from "./task_reference.ts";
export { boundMessage, quoteInput } from "./quote_input.ts";
export { checkPathLength } from "./path_limit.ts";
export { lessonListings, openLesson, resumeStep } from "./lessons/listing.ts";
export type { LessonListing, OpenedLesson } from "./lessons/listing.ts";
export { lessonSteps, playSteps } from "./lessons/player.ts";
export type { LessonStep, PlayerHost, PlayResult } from "./lessons/player.ts";
export { ProgressStore } from "./lessons/progress.ts";
export { parseLesson } from "./lessons/lesson_format.ts";
export type { LessonBlock, ParsedLesson } from "./lessons/lesson_format.ts";
