/**
 * The checkpoints that ship in weights/ and how they are made (`attn train --all`, or
 * `deno task train:all`, which may write weights/): for each of reverse, dates and ko-en a
 * Transformer (sinusoidal and RoPE), a GRU without attention, a GRU with Bahdanau and with
 * Luong-general attention and an LSTM with Luong-dot attention (and for ko-en a Transformer with
 * learned positions), with fixed seeds and the recipes
 * of src/train/recipes.ts, so the shipped files are reproduced (bit for bit on the same backend
 * and adapter: float summation order differs across backends).
 *
 * Each file is written atomically with metadata: accuracy (test exact match), token_accuracy,
 * train_seconds, train_steps, seed, task, name. Files already present are skipped unless forced.
 * Nothing here prints: progress goes to callbacks, the outcome comes back as data.
 */
import type { AnyArch, AttentionMechanism, PositionalKind } from "../models/config.ts";
import { saveCheckpoint } from "../models/weights/checkpoint.ts";
import { getTask } from "../data/task.ts";
import type { Backend } from "../engine/backend/contract.ts";
import type { Recipe } from "../train/recipes.ts";
import { disposeModel, train, type TrainedModel, type TrainHooks } from "../train/trainer.ts";
import { type TrainedGpt, trainGpt } from "../train/gpt_trainer.ts";
import { trainedCheckpoint } from "../train/save_trained.ts";

/** One shipped checkpoint: what to train and with which seed. */
export interface ShippedModel {
  /** File stem in weights/: `<task>-<arch>[-<attention or pe>]`. */
  name: string;
  task: string;
  arch: AnyArch;
  attention?: AttentionMechanism;
  pe?: PositionalKind;
  seed: number;
}

const shippedTasks = ["ko-en", "reverse", "dates"] as const;

type Variant = Omit<ShippedModel, "name" | "task" | "seed">;

/** The variants trained per task, in order of importance (the first are trained first). */
const variants: readonly Variant[] = [
  { arch: "transformer", pe: "sinusoidal" },
  { arch: "gru", attention: "bahdanau" },
  { arch: "gru", attention: "luong-general" },
  { arch: "transformer", pe: "rope" },
  { arch: "lstm", attention: "luong-dot" },
  { arch: "gru", attention: "none" },
];

/**
 * Shipped for one task only: a Transformer with a learned positional table, so `pe learned`
 * has a table to show (ko-en: the task of the lessons, and its recipe trains in about a minute).
 */
const singles: readonly (Variant & { task: (typeof shippedTasks)[number] })[] = [
  { task: "ko-en", arch: "transformer", pe: "learned" },
  // The decoder-only GPT (learned positions, GPT-2's) on the ko-en LM corpus: `train gpt ko-en`.
  { task: "ko-en", arch: "gpt" },
];

function nameOf(task: string, v: Variant): string {
  if (v.arch === "gpt") return `${task}-gpt`;
  if (v.arch === "transformer") {
    return `${task}-transformer${v.pe === "sinusoidal" || !v.pe ? "" : `-${v.pe}`}`;
  }
  return v.attention === "none" ? `${task}-${v.arch}` : `${task}-${v.arch}-${v.attention}`;
}

/**
 * The 20 shipped checkpoints, hardest and most important first: the ko-en and
 * reverse Transformers, the dates Transformer, the attention GRUs on ko-en,
 * then the rest (the learned-position Transformer and the GPT last). Seed 1 for all (the trainer's default), so `train` with the
 * same arch, task, attention and pe gives the same model (recipes.ts holds
 * every per-model setting).
 */
export const shippedModels: readonly ShippedModel[] = (() => {
  const all: ShippedModel[] = [];
  for (const v of variants) {
    for (const task of shippedTasks) all.push({ ...v, task, name: nameOf(task, v), seed: 1 });
  }
  for (const { task, ...v } of singles) all.push({ ...v, task, name: nameOf(task, v), seed: 1 });
  const first = [
    "ko-en-transformer",
    "reverse-transformer",
    "dates-transformer",
    "ko-en-gru-bahdanau",
    "ko-en-gru-luong-general",
  ];
  const rank = (m: ShippedModel) => {
    const i = first.indexOf(m.name);
    return i < 0 ? first.length : i;
  };
  return all.sort((a, b) => rank(a) - rank(b)); // stable: the rest keep variant order
})();

/** The names `only` gives that are not shipped models (empty when all are). */
export function unknownModelNames(only: readonly string[]): string[] {
  const names = new Set(shippedModels.map((m) => m.name));
  return only.filter((name) => !names.has(name));
}

/** The shipped models named by `only`, in training order (all when absent or empty). */
export function selectModels(only?: readonly string[]): ShippedModel[] {
  if (!only || only.length === 0) return [...shippedModels];
  const unknown = unknownModelNames(only);
  if (unknown.length > 0) {
    throw new Error(
      `unknown model '${unknown[0]}'; expected one of: ${
        shippedModels.map((m) => m.name).join(", ")
      }`,
    );
  }
  return shippedModels.filter((m) => only.includes(m.name));
}

/** The checkpoint path of a shipped model inside `outDir`. */
export function shippedPath(outDir: string, model: ShippedModel): string {
  return `${outDir.replace(/\/+$/, "")}/${model.name}.safetensors`;
}

/** What happened to one model of the plan. */
export interface ShippedResult {
  name: string;
  status: "trained" | "skipped";
  /** Test exact match and token accuracy in [0, 1] (null when skipped). */
  exactMatch: number | null;
  tokenAccuracy: number | null;
  /** Optimizer steps and wall seconds of its training (null when skipped). */
  steps: number | null;
  seconds: number | null;
  /** The checkpoint written, or the one that was there (skipped). */
  path: string;
}

/** Options of {@link trainShippedModels}. */
export interface TrainShippedOptions {
  /** Where the checkpoints go. */
  outDir: string;
  /** Retrain models whose file exists. */
  force?: boolean;
  /** Only these names (default all). */
  only?: readonly string[];
  /** Recipe fields over every model's own recipe (quick rehearsals; the shipped files use none). */
  recipe?: Partial<Recipe>;
  /** Stops the model in training between steps (it is not saved) and the models after it. */
  signal?: AbortSignal;
  /** Before each model is trained or skipped. */
  onStart?: (model: ShippedModel, index: number, total: number) => void;
  /** After each dev evaluation of the model in training. */
  onEvaluation?: TrainHooks["onEvaluation"];
  /** After each model. */
  onDone?: (result: ShippedResult) => void;
}

/** How a run of the plan ended. */
export interface ShippedRun {
  results: ShippedResult[];
  /** The model whose training a signal stopped (never saved), or null. */
  interrupted: string | null;
}

/** `train --all --json`: where the checkpoints went, on which backend, and each model's result. */
export interface TrainAllReport extends ShippedRun {
  backend: "cpu" | "webgpu";
  outDir: string;
}

/**
 * Trains (or skips, when its file exists and `force` is not set) each selected shipped model
 * one after the other on `backend`, saving each into `outDir` as soon as it is trained. An
 * unknown name in `only` throws before anything starts.
 */
export async function trainShippedModels(
  backend: Backend,
  options: TrainShippedOptions,
): Promise<ShippedRun> {
  const selected = selectModels(options.only);
  const results: ShippedResult[] = [];
  for (const [i, m] of selected.entries()) {
    if (options.signal?.aborted) return { results, interrupted: null };
    options.onStart?.(m, i, selected.length);
    const path = shippedPath(options.outDir, m);
    if (!options.force && await exists(path)) {
      results.push(skipped(m, path));
      options.onDone?.(results.at(-1)!);
      continue;
    }
    const trained = await trainShipped(m, backend, options);
    try {
      if (trained.interrupted) return { results, interrupted: m.name }; // never ship half-trained
      const { info, params } = trainedCheckpoint(trained);
      await saveCheckpoint(path, { ...info, params, extra: { ...info.extra, name: m.name } });
    } finally {
      disposeModel(trained.model);
    }
    results.push({
      name: m.name,
      status: "trained",
      exactMatch: trained.test.exactMatch,
      tokenAccuracy: trained.test.tokenAccuracy,
      steps: trained.steps,
      seconds: trained.seconds,
      path,
    });
    options.onDone?.(results.at(-1)!);
  }
  return { results, interrupted: null };
}

/** Trains one shipped model with its recipe (a GPT through trainGpt, the rest through train). */
function trainShipped(
  m: ShippedModel,
  backend: Backend,
  options: TrainShippedOptions,
): Promise<TrainedModel | TrainedGpt> {
  const hooks = { signal: options.signal, onEvaluation: options.onEvaluation };
  if (m.arch === "gpt") {
    const pe = m.pe === "rope" ? "rope" : undefined;
    return trainGpt({ task: m.task, pe, seed: m.seed, recipe: options.recipe }, backend, hooks);
  }
  const setup = { arch: m.arch, attention: m.attention, pe: m.pe, seed: m.seed };
  return train({ ...setup, task: getTask(m.task), recipe: options.recipe }, backend, hooks);
}

function skipped(m: ShippedModel, path: string): ShippedResult {
  return {
    name: m.name,
    status: "skipped",
    exactMatch: null,
    tokenAccuracy: null,
    steps: null,
    seconds: null,
    path,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}
