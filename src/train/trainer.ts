/**
 * The trainer: teacher forcing with cross-entropy (optional label smoothing,
 * <pad> ignored), Adam with warmup + cosine decay and global grad-norm
 * clipping computed on the device, dropout while training, evaluation on the
 * dev split by greedy exact match, early stopping with patience, and the best
 * parameters kept (device-side copies, no readback).
 *
 * Readbacks: on webgpu every awaited round trip costs ~11 ms (docs/ARCHITECTURE.md), so a
 * step records its work and never waits. Each step adds its scalar loss into a
 * running device scalar; the trainer reads that scalar once per logging
 * interval (the only readback while training), and evaluation costs one round
 * trip per dev batch every `evalEvery` steps.
 *
 * Reproducible: the seed fixes initialization, the data drawn, the shuffling
 * and every dropout mask.
 */
import { ops } from "../engine/mod.ts";
import { keep, Tape, Tensor, tidy } from "../engine/mod.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { Adam } from "../engine/optim/adam.ts";
import { pcgHash } from "../engine/random_hash.ts";
import {
  type Arch,
  type AttentionKind,
  type ModelConfig,
  type PositionalKind,
  rnnDefaults,
  transformerDefaults,
} from "../models/config.ts";
import { makeModel } from "../models/make_model.ts";
import { type Seq2Seq } from "../models/model.ts";
import { PAD } from "../data/vocab.ts";
import { ParamStore } from "../models/weights/param_store.ts";
import type { Task } from "../data/task.ts";
import {
  BatchStream,
  disposeBatch,
  makeTrainingBatch,
  prepareTaskData,
  type TaskData,
} from "../data/batches.ts";
import { evaluate, type Metrics } from "./evaluate.ts";
import { learningRate } from "./schedule.ts";
import { type Recipe, recipeFor } from "./recipes.ts";
import { median } from "../measure/average.ts";

/** What to train. */
export interface TrainSetup {
  task: Task;
  arch: Arch;
  /** Transformer: "scaled-dot" (the default); RNNs: none | bahdanau | luong-dot | luong-general (default bahdanau). */
  attention?: AttentionKind;
  /** Transformer positional encoding (default sinusoidal). */
  pe?: PositionalKind;
  /** Transformer LayerNorm placement (default pre). */
  norm?: "pre" | "post";
  /** Fields that override the (arch, task) recipe. */
  recipe?: Partial<Recipe>;
  /** Seeds initialization, data, shuffling and dropout. Default 1. */
  seed?: number;
}

/** One point of the loss curve: the mean training loss over a logging interval. */
export interface CurvePoint {
  step: number;
  loss: number;
}

/** Reported once per logging interval (after the interval's single readback). */
export interface TrainProgress {
  step: number;
  totalSteps: number;
  /** Mean loss over the interval just finished. */
  loss: number;
  lr: number;
  epoch: number;
  /** Wall time since training started (evaluations included). */
  elapsedSeconds: number;
  /** Real (non-pad) source + target tokens per second of training steps. */
  tokensPerSecond: number;
  /** Estimated seconds left for the planned steps. */
  etaSeconds: number;
  /** Every interval so far. */
  curve: readonly CurvePoint[];
  /** The best dev exact match so far, null before the first evaluation. */
  bestDevExactMatch: number | null;
}

/** Reported after each dev evaluation. */
export interface EvaluationEvent {
  step: number;
  dev: Metrics;
  /** True when these parameters became the best so far (and were kept). */
  improved: boolean;
}

/** Callbacks and controls of a run. */
export interface TrainHooks {
  /** Aborting stops training between steps; the best parameters so far are kept. */
  signal?: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
  onEvaluation?: (event: EvaluationEvent) => void;
  /**
   * Called before the final evaluation of the kept parameters (which may take a while):
   * `bestStep` is the step whose parameters are kept, chosen by dev exact match, or the
   * last step when no dev evaluation had run yet (`keptBy` says which).
   */
  onFinishing?: (
    info: { step: number; bestStep: number; keptBy: KeptBy; interrupted: boolean },
  ) => void;
  /**
   * Called inside every step, after backward and before clipping and the update, with each
   * parameter's raw gradient by name. The tensors are freed when the step ends: keep() what
   * you compute from them (on the device; no readback). `experiment norm` reads per-layer
   * gradient norms this way.
   */
  onGradients?: (event: { step: number; grads: ReadonlyMap<string, Tensor> }) => void;
}

/**
 * How the kept parameters were chosen: "dev" by the best dev exact match among the
 * evaluations during training; "last" when training stopped before the first evaluation,
 * so the last parameters are kept (and scored on dev afterwards).
 */
export type KeptBy = "dev" | "last";

/** Why training ended. */
export type StopReason = "steps" | "patience" | "target" | "interrupted";

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

  // 2. Model, optimizer, the device scalar that sums losses, and the best-parameter copies.
  const model = makeModel(config, new ParamStore(backend, { seed }));
  const params = [...model.params.values()];
  const adam = new Adam(params, { lr: recipe.lr, clipNorm: recipe.clipNorm });
  const best = params.map((p) => keep(Tensor.zeros(backend, p.shape)));
  let lossSum = keep(Tensor.zeros(backend, [1]));
  const stream = new BatchStream(data.pairs.train, {
    batchSize: recipe.batchSize,
    seed: pcgHash(seed ^ 0x5eed),
  });

  const curve: CurvePoint[] = [];
  const evaluations: { step: number; dev: Metrics }[] = [];
  const intervalStepMs: number[] = [];
  let bestDev: Metrics | null = null;
  let bestStep = 0;
  let sinceImprovement = 0;
  let stopReason: StopReason = "steps";
  let step = 0;
  let stepSeconds = 0;
  let tokensDone = 0;
  let intervalStart = performance.now();
  let intervalSteps = 0;
  let intervalTokens = 0;
  let lastYield = performance.now();

  const copyParams = (from: readonly Tensor[], to: readonly Tensor[]) => {
    from.forEach((p, i) => {
      backend.writeAxis(to[i].data, p.data, {
        outer: 1,
        axisLen: p.size,
        inner: 1,
        start: 0,
        len: p.size,
      });
    });
  };

  /** Reads the interval's loss sum (the interval's one readback) and reports progress. */
  const endInterval = async () => {
    const sum = (await backend.read(lossSum.data))[0];
    lossSum.dispose();
    lossSum = keep(Tensor.zeros(backend, [1]));
    const ms = performance.now() - intervalStart;
    stepSeconds += ms / 1000;
    tokensDone += intervalTokens;
    intervalStepMs.push(ms / intervalSteps);
    const loss = sum / intervalSteps;
    if (!Number.isFinite(loss)) {
      throw new Error(
        `training diverged at step ${step}: the loss is ${loss}; try a smaller --lr than ${recipe.lr}`,
      );
    }
    curve.push({ step, loss });
    const tokensPerSecond = stepSeconds > 0 ? tokensDone / stepSeconds : 0;
    hooks.onProgress?.({
      step,
      totalSteps: recipe.steps,
      loss,
      lr: learningRate(Math.max(step, 1), scheduleOf(recipe)),
      epoch: stream.epoch,
      elapsedSeconds: (performance.now() - started) / 1000,
      tokensPerSecond,
      etaSeconds: (recipe.steps - step) * (stepSeconds / Math.max(step, 1)),
      curve,
      bestDevExactMatch: bestDev?.exactMatch ?? null,
    });
    intervalSteps = 0;
    intervalTokens = 0;
    intervalStart = performance.now();
  };

  /** Scores the current parameters on dev; keeps them when they are the best so far. */
  const evaluateDev = async () => {
    const dev = await evaluate(model, data.pairs.dev, { backend });
    evaluations.push({ step, dev });
    const improved = bestDev === null || dev.exactMatch > bestDev.exactMatch ||
      (dev.exactMatch === bestDev.exactMatch && dev.tokenAccuracy > bestDev.tokenAccuracy);
    if (improved) {
      bestDev = dev;
      bestStep = step;
      sinceImprovement = 0;
      copyParams(params, best);
    } else {
      sinceImprovement++;
    }
    hooks.onEvaluation?.({ step, dev, improved });
    intervalStart = performance.now(); // evaluation time is not step time
  };

  try {
    // 3. The loop: one tidy step each, no readback except at interval ends.
    while (step < recipe.steps) {
      if (hooks.signal?.aborted) {
        stopReason = "interrupted";
        break;
      }
      step++;
      const pairs = stream.next();
      const lr = learningRate(step, scheduleOf(recipe));
      tidy(() => {
        const batch = makeTrainingBatch(backend, pairs);
        intervalTokens += batch.srcTokens + batch.tgtTokens;
        const tape = new Tape();
        const loss = tape.record(() => {
          const logits = model.forward(batch, {
            training: true,
            seed: pcgHash((seed + Math.imul(step, 0x9e3779b9)) >>> 0),
          }); // [B, T, Vt]
          return ops.crossEntropy(logits, batch.tgtOut, {
            ignoreIndex: PAD,
            labelSmoothing: recipe.labelSmoothing,
          });
        });
        const grads = tape.backward(loss, params);
        if (hooks.onGradients) {
          const named = new Map<string, Tensor>();
          for (const [name, p] of model.params) {
            const g = grads.get(p);
            if (g) named.set(name, g);
          }
          hooks.onGradients({ step, grads: named });
        }
        adam.step(grads, { lr });
        backend.accumulate(lossSum.data, loss.data, { n: 1 });
        disposeBatch(batch);
      });
      backend.flush(); // let the device start on this step while the next one is recorded
      intervalSteps++;

      if (step % recipe.logEvery === 0 || step === recipe.steps) await endInterval();
      if (step % recipe.evalEvery === 0 || step === recipe.steps) {
        if (intervalSteps > 0) await endInterval();
        await evaluateDev();
        if (bestDev!.exactMatch >= recipe.targetExactMatch) {
          stopReason = step < recipe.steps ? "target" : "steps";
          break;
        }
        if (sinceImprovement >= recipe.patience) {
          stopReason = "patience";
          break;
        }
      }
      // Let Ctrl-C (a signal event) through on cpu, where steps never await.
      if (performance.now() - lastYield > 100) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
    }
    if (intervalSteps > 0) await endInterval();

    // 4. Keep the best parameters; score them on dev (if never evaluated) and test.
    const keptBy: KeptBy = bestDev === null ? "last" : "dev";
    if (keptBy === "last") bestStep = step;
    hooks.onFinishing?.({ step, bestStep, keptBy, interrupted: stopReason === "interrupted" });
    if (bestDev === null) {
      bestDev = await evaluate(model, data.pairs.dev, { backend });
    } else if (bestStep !== step) {
      copyParams(best, params);
    }
    const test = await evaluate(model, data.pairs.test, { backend });
    const result: TrainedModel = {
      model,
      config,
      data,
      recipe,
      seed,
      steps: step,
      bestStep,
      keptBy,
      seconds: (performance.now() - started) / 1000,
      stepSeconds,
      medianStepMs: intervalStepMs.length === 0 ? 0 : median(intervalStepMs),
      tokensPerSecond: stepSeconds > 0 ? tokensDone / stepSeconds : 0,
      curve,
      evaluations,
      dev: bestDev,
      test,
      stopReason,
      stoppedEarly: stopReason === "patience" || stopReason === "target",
      interrupted: stopReason === "interrupted",
    };
    return result;
  } catch (e) {
    disposeModel(model);
    throw e;
  } finally {
    adam.dispose();
    for (const t of best) t.dispose();
    lossSum.dispose();
  }
}

/** Frees a model's parameters and constants. */
export function disposeModel(model: Seq2Seq): void {
  for (const t of model.params.values()) t.dispose();
  (model as { dispose?: () => void }).dispose?.();
}

function scheduleOf(recipe: Recipe) {
  return { base: recipe.lr, warmup: recipe.warmup, total: recipe.steps };
}

function checkRecipe(r: Recipe): void {
  const whole = (name: keyof Recipe, min: number) => {
    const v = r[name] as number;
    if (!Number.isInteger(v) || v < min) {
      throw new Error(`recipe ${name}: expected a whole number >= ${min}, got ${v}`);
    }
  };
  whole("steps", 1);
  whole("batchSize", 1);
  whole("warmup", 0);
  whole("logEvery", 1);
  whole("evalEvery", 1);
  whole("patience", 1);
  if (!(r.lr > 0)) throw new Error(`recipe lr: expected a number > 0, got ${r.lr}`);
  if (!(r.labelSmoothing >= 0 && r.labelSmoothing < 1)) {
    throw new Error(`recipe labelSmoothing: expected a number in [0, 1), got ${r.labelSmoothing}`);
  }
  if (!(r.dropout >= 0 && r.dropout < 1)) {
    throw new Error(`recipe dropout: expected a number in [0, 1), got ${r.dropout}`);
  }
}
