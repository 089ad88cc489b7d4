/**
 * Training: teacher forcing with Adam, on either backend.
 *
 * - train_step.ts: one step, the algorithm itself: forward, cross-entropy against the shifted
 *   targets, backward, clip, update. `bench train` times exactly this function.
 * - train_loop.ts: when steps run: the learning-rate schedule (warmup, then cosine decay,
 *   schedule.ts), logging intervals, dev evaluation, early stopping, the best parameters kept
 *   (best_parameters.ts).
 * - trainer.ts: `train(setup)`: task data, a fresh model, the loop, test scores.
 * - recipes.ts: the per-task, per-architecture settings the shipped models were trained with.
 * - evaluate.ts, report.ts, save_trained.ts: exact match and token accuracy, the report
 *   `train --json` prints, and saving a checkpoint without losing a better one.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { Adam, openBackend, tidy } from "../engine/mod.ts";
 * import {
 *   buildTokenizers,
 *   disposeBatch,
 *   encodePairs,
 *   getTask,
 *   makeTrainingBatch,
 * } from "../data/mod.ts";
 * import { makeModel, ParamStore, transformerDefaults } from "../models/mod.ts";
 * import { recipeFor, trainStep } from "./mod.ts";
 *
 * const { backend } = await openBackend("cpu");
 * const examples = getTask("reverse").examples("train", 8, 1);
 * const tokenizers = buildTokenizers("char", examples);
 * const batch = makeTrainingBatch(backend, encodePairs(examples, tokenizers).pairs);
 * const model = makeModel({
 *   ...transformerDefaults,
 *   srcVocab: tokenizers.source.vocab.size,
 *   tgtVocab: tokenizers.target.vocab.size,
 *   dModel: 16,
 *   heads: 2,
 *   ffn: 32,
 *   dropout: 0,
 * }, new ParamStore(backend, { seed: 1 }));
 * const adam = new Adam([...model.params.values()], { lr: 0.01 });
 * const losses: number[] = [];
 * for (let step = 0; step < 10; step++) {
 *   const loss = tidy(() => trainStep(model, batch, adam, { seed: step }));
 *   losses.push((await loss.toArray())[0]);
 *   loss.dispose();
 * }
 * disposeBatch(batch);
 * assert.ok(losses[9] < losses[0], `the loss fell: ${losses[0]} -> ${losses[9]}`);
 * assert.ok(recipeFor("transformer", "reverse").steps > 0); // how the shipped one was made
 * ```
 *
 * @module
 */
export { optimizerStep, trainStep } from "./train_step.ts";
export { nextTokenLoss, nextTokenStep, packLmBatch } from "./next_token.ts";
export type { LmBatch } from "./next_token.ts";
export type { StepOptions } from "./train_step.ts";
export { disposeModel, modelConfigFor, train } from "./trainer.ts";
export type {
  CurvePoint,
  EvaluationEvent,
  KeptBy,
  StopReason,
  TrainedModel,
  TrainHooks,
  TrainProgress,
  TrainSetup,
} from "./trainer.ts";
export { TrainLoop } from "./train_loop.ts";
export { learningRate } from "./schedule.ts";
export type { ScheduleOptions } from "./schedule.ts";
export { recipeFor } from "./recipes.ts";
export type { ModelSizes, Recipe, RecipeVariant } from "./recipes.ts";
export { recipeFieldNames, recipeFields } from "./recipe_fields.ts";
export { evaluate, scoreOutput } from "./evaluate.ts";
export type { EvaluateOptions, Metrics } from "./evaluate.ts";
export { buildTrainReport, trainedMetadata } from "./report.ts";
export type { TrainReport } from "./report.ts";
export { saveTrained, trainedCheckpoint } from "./save_trained.ts";
export type { SaveOutcome, TrainedCheckpoint } from "./save_trained.ts";
