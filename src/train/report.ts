/**
 * The result object of `train` (printed with --json) and the checkpoint
 * metadata of a trained model. Data only: render/train_view.ts turns it into
 * text.
 */
import type { CurvePoint, KeptBy, StopReason, TrainedModel } from "./trainer.ts";
import type { TrainedGpt } from "./gpt_trainer.ts";
import type { SaveOutcome } from "./save_trained.ts";
import { round } from "../measure/rounding.ts";
import { isScored } from "./evaluate.ts";

/** `train --json` (docs/CONTRACT.md-style: add fields freely, never rename). */
export interface TrainReport {
  arch: string;
  attention: string;
  /** Positional encoding of a Transformer; null for RNNs. */
  pe: string | null;
  /** LayerNorm placement of a Transformer; null for RNNs. */
  norm: string | null;
  task: string;
  backend: string;
  seed: number;
  /** Optimizer steps taken, and planned. */
  steps: number;
  plannedSteps: number;
  /** The step whose parameters were kept (best dev exact match, or the last: see keptBy). */
  bestStep: number;
  /** "dev": chosen by dev exact match; "last": stopped before the first dev evaluation. */
  keptBy: KeptBy;
  batchSize: number;
  lr: number;
  /** Wall time of the whole run (data, steps, evaluations, test). */
  seconds: number;
  /** Median wall time per optimizer step, ms. */
  stepMs: number;
  /** Real (non-pad) source + target tokens per second of training steps. */
  tokensPerSecond: number;
  params: number;
  /** The mean training loss per logging interval. */
  lossCurve: CurvePoint[];
  evaluations: { step: number; exactMatch: number; tokenAccuracy: number }[];
  /** Scores of the kept parameters; `count` 0: not scored (a stopped run, see scoreOnStop). */
  dev: { exactMatch: number; tokenAccuracy: number; count: number };
  test: { exactMatch: number; tokenAccuracy: number; count: number };
  /** The checkpoint written (--out, or the .new file beside it), or null. */
  out: string | null;
  /** What the save did (which file was written, what happened to one already there), or null. */
  save: SaveOutcome | null;
  /** Why saving failed (the model was not written), or null. */
  saveError: string | null;
  stopReason: StopReason;
  stoppedEarly: boolean;
  interrupted: boolean;
  /** Dev/test tokens absent from the training vocabulary (read as <unk>). */
  unknownTokens: string[];
  /** A GPT's held-out perplexity (exp of the mean next-token loss), dev and test; else null. */
  perplexity: { dev: number; test: number } | null;
}

/** The report of a finished (or interrupted) run. */
export function buildTrainReport(
  trained: TrainedModel | TrainedGpt,
  options: { backend: string; save: SaveOutcome | null; saveError?: string | null },
): TrainReport {
  const { config, recipe } = trained;
  let params = 0;
  for (const t of trained.model.params.values()) params += t.size;
  return {
    arch: config.arch,
    attention: config.attention,
    pe: config.arch === "transformer" || config.arch === "gpt" ? config.pe : null,
    norm: config.arch === "transformer" ? config.norm : null,
    task: config.task,
    backend: options.backend,
    seed: trained.seed,
    steps: trained.steps,
    plannedSteps: recipe.steps,
    bestStep: trained.bestStep,
    keptBy: trained.keptBy,
    batchSize: recipe.batchSize,
    lr: recipe.lr,
    seconds: round(trained.seconds, 3),
    stepMs: round(trained.medianStepMs, 2),
    tokensPerSecond: Math.round(trained.tokensPerSecond),
    params,
    lossCurve: trained.curve.map((p) => ({ step: p.step, loss: round(p.loss, 5) })),
    evaluations: trained.evaluations.map((e) => ({
      step: e.step,
      exactMatch: e.dev.exactMatch,
      tokenAccuracy: e.dev.tokenAccuracy,
    })),
    dev: trained.dev,
    test: trained.test,
    out: options.save?.written ?? null,
    save: options.save,
    saveError: options.saveError ?? null,
    stopReason: trained.stopReason,
    stoppedEarly: trained.stoppedEarly,
    interrupted: trained.interrupted,
    unknownTokens: trained.data.unknown,
    perplexity: trained.config.arch === "gpt"
      ? {
        dev: round((trained as TrainedGpt).dev.perplexity, 4),
        test: round((trained as TrainedGpt).test.perplexity, 4),
      }
      : null,
  };
}

/**
 * String metadata for the checkpoint of a trained model: `accuracy` (test
 * exact match in [0, 1], read by `models`; absent when test was not scored), `token_accuracy`,
 * the dev scores (absent when not scored)
 * the kept parameters were scored at (`dev_accuracy`, `dev_token_accuracy`,
 * `dev_examples`: what a later save compares, src/train/save_trained.ts),
 * `best_step` and `kept_by`, `train_seconds`, `train_steps`, `seed`, `task`
 * and the recipe.
 */
export function trainedMetadata(trained: TrainedModel | TrainedGpt): Record<string, string> {
  // A split that was not scored (a stopped run) records no score rather than a false 0.
  const test: Record<string, string> = isScored(trained.test)
    ? {
      accuracy: String(trained.test.exactMatch),
      token_accuracy: String(trained.test.tokenAccuracy),
      test_examples: String(trained.test.count),
      ...("perplexity" in trained.test ? { perplexity: String(trained.test.perplexity) } : {}),
    }
    : {};
  const dev: Record<string, string> = isScored(trained.dev)
    ? {
      dev_accuracy: String(trained.dev.exactMatch),
      dev_token_accuracy: String(trained.dev.tokenAccuracy),
      dev_examples: String(trained.dev.count),
      ...("perplexity" in trained.dev ? { dev_perplexity: String(trained.dev.perplexity) } : {}),
    }
    : {};
  return {
    ...test,
    ...dev,
    train_seconds: trained.seconds.toFixed(1),
    train_steps: String(trained.steps),
    best_step: String(trained.bestStep),
    kept_by: trained.keptBy,
    seed: String(trained.seed),
    task: trained.config.task,
    recipe: JSON.stringify(trained.recipe),
    interrupted: String(trained.interrupted),
  };
}
