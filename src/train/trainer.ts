/**
 * The trainer: teacher forcing with cross-entropy (optional label smoothing,
 * <pad> ignored), Adam with warmup + cosine decay and global grad-norm
 * clipping computed on the device, dropout while training, evaluation on the
 * dev split by greedy exact match, early stopping with patience, and the best
 * parameters kept (device-side copies, no readback).
 *
 * train() puts the pieces together: the data and the model for a setup, the step
 * (train_step.ts), the loop that schedules steps, readbacks, evaluations and stops
 * (train_loop.ts), and the final test score.
 *
 * Reproducible: the seed fixes initialization, the data drawn, the shuffling
 * and every dropout mask.
 */
import { Tensor } from "../engine/mod.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { Adam } from "../engine/optim/adam.ts";
import { mixSeed, pcgHash } from "../engine/random.ts";
import {
  type Arch,
  type AttentionMechanism,
  type ModelConfig,
  type PositionalKind,
  rnnDefaults,
  transformerDefaults,
} from "../models/config.ts";
import { makeModel } from "../models/make_model.ts";
import { type Seq2Seq } from "../models/model.ts";
import type { Gpt } from "../models/gpt.ts";
import { ParamStore } from "../models/weights/param_store.ts";
import type { Task } from "../data/task.ts";
import {
  BatchStream,
  disposeBatch,
  makeTrainingBatch,
  prepareTaskData,
  type TaskData,
} from "../data/batches.ts";
import { evaluate, type Metrics, UNSCORED } from "./evaluate.ts";
import { type Recipe, recipeFor } from "./recipes.ts";
import { trainStep } from "./train_step.ts";
import {
  type CurvePoint,
  type KeptBy,
  type LoopHooks,
  type StopReason,
  TrainLoop,
} from "./train_loop.ts";
import { BilingualError } from "../platform/i18n/bilingual_error.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import { recipeMessages } from "./recipe_messages.ts";

export type {
  CurvePoint,
  EvaluationEvent,
  KeptBy,
  StopReason,
  TrainProgress,
} from "./train_loop.ts";

/** What to train. */
export interface TrainSetup {
  task: Task;
  arch: Arch;
  /** Transformer: "scaled-dot" (the default); RNNs: none | bahdanau | luong-dot | luong-general (default bahdanau). */
  attention?: AttentionMechanism;
  /** Transformer positional encoding (default sinusoidal). */
  pe?: PositionalKind;
  /** Transformer LayerNorm placement (default pre). */
  norm?: "pre" | "post";
  /** Fields that override the (arch, task) recipe. */
  recipe?: Partial<Recipe>;
  /** Seeds initialization, data, shuffling and dropout. Default 1. */
  seed?: number;
}

/** Callbacks and controls of a run: the loop's, and the gradients of each step. */
export interface TrainHooks extends LoopHooks {
  /**
   * Called inside every step, after backward and before clipping and the update, with each
   * parameter's raw gradient by name. The tensors are freed when the step ends: keep() what
   * you compute from them (on the device; no readback). `experiment norm` reads per-layer
   * gradient norms this way.
   */
  onGradients?: (event: { step: number; grads: ReadonlyMap<string, Tensor> }) => void;
  /** Called while a split is scored, after each batch: examples done and in all. */
  onScoring?: (event: { split: "dev" | "test"; done: number; total: number }) => void;
}

/** A trained model and how it got there. */
export interface TrainedModel {
  model: Seq2Seq;
  config: ModelConfig;
  data: TaskData;
  recipe: Recipe;
  seed: number;
  /** Optimizer steps taken. */
  steps: number;
  /** The step whose parameters were kept (the best on dev, or the last: see keptBy). */
  bestStep: number;
  keptBy: KeptBy;
  /** Wall time of the whole run: data, steps, evaluations and the final test. */
  seconds: number;
  /** Wall time of the optimizer steps alone (readbacks included, evaluations not). */
  stepSeconds: number;
  /** Median over logging intervals of the wall time per step, in ms. */
  medianStepMs: number;
  /** Real source + target tokens per second of training steps. */
  tokensPerSecond: number;
  curve: CurvePoint[];
  evaluations: { step: number; dev: Metrics }[];
  /** Dev and test scores of the kept parameters. */
  dev: Metrics;
  test: Metrics;
  stopReason: StopReason;
  stoppedEarly: boolean;
  interrupted: boolean;
}

/**
 * The model config for a setup: architecture defaults, the recipe's sizes,
 * the options given, the vocabularies and a max_len that covers the task's
 * longest source and target plus <eos>/<bos> and one spare position (the
 * decoder may run one step past the longest target).
 */
export function modelConfigFor(
  setup: Pick<TrainSetup, "arch" | "attention" | "pe" | "norm"> & { task: string },
  options: { recipe: Recipe; vocab: { src: number; tgt: number }; longest: number },
): ModelConfig {
  const { recipe, vocab } = options;
  const common = {
    srcVocab: vocab.src,
    tgtVocab: vocab.tgt,
    maxLen: Math.max(transformerDefaults.maxLen, options.longest + 2),
    dropout: recipe.dropout,
    task: setup.task,
  };
  if (setup.arch === "transformer") {
    if (setup.attention !== undefined && setup.attention !== "scaled-dot") {
      throw new Error(`a transformer's attention is scaled-dot, got ${setup.attention}`);
    }
    return {
      ...transformerDefaults,
      ...recipe.model,
      pe: setup.pe ?? transformerDefaults.pe,
      norm: setup.norm ?? transformerDefaults.norm,
      ...common,
    } as ModelConfig;
  }
  if (setup.attention === "scaled-dot") {
    throw new Error(`a ${setup.arch}'s attention is none, bahdanau, luong-dot or luong-general`);
  }
  return {
    ...rnnDefaults,
    ...recipe.model,
    arch: setup.arch,
    attention: setup.attention ?? rnnDefaults.attention,
    ...common,
  } as ModelConfig;
}

/**
 * Trains a fresh model for `setup` and returns it with the best parameters
 * (by dev exact match) loaded, and its dev and test scores.
 */
export async function train(
  setup: TrainSetup,
  backend: Backend,
  hooks: TrainHooks = {},
): Promise<TrainedModel> {
  const started = performance.now();
  const seed = setup.seed ?? 1;
  const recipe: Recipe = {
    ...recipeFor(setup.arch, setup.task.name, { attention: setup.attention, pe: setup.pe }),
    ...setup.recipe,
  };
  checkRecipe(recipe);

  // 1. Data: splits drawn with the seed, vocabularies from the training split.
  const data = prepareTaskData(setup.task, recipe.data, seed);
  const config = modelConfigFor({ ...setup, task: setup.task.name }, {
    recipe,
    vocab: { src: data.tokenizers.source.vocab.size, tgt: data.tokenizers.target.vocab.size },
    longest: Math.max(data.longest.src, data.longest.tgt),
  });

  // 2. The model, its optimizer and the shuffled training batches.
  const model = makeModel(config, new ParamStore(backend, { seed }));
  const adam = new Adam([...model.params.values()], { lr: recipe.lr, clipNorm: recipe.clipNorm });
  const batches = new BatchStream(data.pairs.train, {
    batchSize: recipe.batchSize,
    seed: pcgHash(seed ^ 0x5eed),
  });
  const onGradients = hooks.onGradients;
  const scoring = (split: "dev" | "test") => ({
    onProgress: (done: number, total: number) => hooks.onScoring?.({ split, done, total }),
  });

  // 3. The loop: trainStep on the next batch, until a stop; the best parameters kept.
  const loop = new TrainLoop({
    params: adam.params,
    recipe,
    hooks,
    startedAt: started,
    epoch: () => batches.epoch,
    step(step, lr) {
      const batch = makeTrainingBatch(backend, batches.next());
      const loss = trainStep(model, batch, adam, {
        seed: mixSeed(seed, step),
        lr,
        labelSmoothing: recipe.labelSmoothing,
        onGradients: onGradients &&
          ((grads) => onGradients({ step, grads: gradientsByName(model, grads) })),
      });
      disposeBatch(batch);
      return { loss, tokens: batch.srcTokens + batch.tgtTokens };
    },
    evaluate: (signal) => evaluate(model, data.pairs.dev, { backend, signal, ...scoring("dev") }),
  });
  try {
    const run = await loop.run();
    // 4. The kept parameters on test.
    const stopped = run.stopReason === "interrupted";
    const test = await scoreTest(stopped, hooks, { model, data, backend, ...scoring("test") });
    const interrupted = stopped || (hooks.signal?.aborted ?? false);
    return {
      model,
      config,
      data,
      recipe,
      seed,
      ...run,
      seconds: (performance.now() - started) / 1000,
      test,
      stoppedEarly: run.stopReason === "patience" || run.stopReason === "target",
      interrupted,
    };
  } catch (e) {
    disposeModel(model);
    throw e;
  } finally {
    adam.dispose();
  }
}

/**
 * The test score of the kept parameters. A run stopped by a signal is scored only when asked
 * (scoreOnStop); a signal during the scoring of a finished run stops it, and it is UNSCORED.
 */
async function scoreTest(
  stopped: boolean,
  hooks: TrainHooks,
  what: {
    model: Seq2Seq;
    data: TaskData;
    backend: Backend;
    onProgress: (done: number, total: number) => void;
  },
): Promise<Metrics> {
  if (stopped && !hooks.scoreOnStop) return { ...UNSCORED };
  const { model, data, backend, onProgress } = what;
  const signal = stopped ? undefined : hooks.signal; // asked for after a stop: it runs to the end
  const test = await evaluate(model, data.pairs.test, { backend, signal, onProgress });
  return signal?.aborted ? { ...UNSCORED } : test;
}

/** A step's gradients keyed by parameter name (parameters that got none are left out). */
function gradientsByName(
  model: Seq2Seq,
  grads: ReadonlyMap<Tensor, Tensor>,
): Map<string, Tensor> {
  const named = new Map<string, Tensor>();
  for (const [name, p] of model.params) {
    const g = grads.get(p);
    if (g) named.set(name, g);
  }
  return named;
}

/** Frees a model's parameters and constants. */
export function disposeModel(model: Seq2Seq | Gpt): void {
  for (const t of model.params.values()) t.dispose();
  (model as { dispose?: () => void }).dispose?.();
}

const sayRecipe = messagesOf(recipeMessages);

/** Throws a one-line Error naming the first recipe field out of its range. */
export function checkRecipe(r: Recipe): void {
  const whole = (name: keyof Recipe, min: number) => {
    const v = r[name] as number;
    if (!Number.isInteger(v) || v < min) {
      throw new BilingualError(sayRecipe("recipe.range.whole", { name, min, got: String(v) }));
    }
  };
  whole("steps", 1);
  whole("batchSize", 1);
  whole("warmup", 0);
  whole("logEvery", 1);
  whole("evalEvery", 1);
  whole("patience", 1);
  if (!(r.lr > 0)) throw new BilingualError(sayRecipe("recipe.range.lr", { got: String(r.lr) }));
  if (!(r.labelSmoothing >= 0 && r.labelSmoothing < 1)) {
    const got = String(r.labelSmoothing);
    throw new BilingualError(sayRecipe("recipe.range.fraction", { name: "labelSmoothing", got }));
  }
  if (!(r.dropout >= 0 && r.dropout < 1)) {
    const got = String(r.dropout);
    throw new BilingualError(sayRecipe("recipe.range.fraction", { name: "dropout", got }));
  }
}
