/**
 * What `experiment gradient-path` measures: the norm of d(loss)/d(source embedding at position
 * i) for every position i of a 24-letter input, averaged over several inputs, for a GRU without
 * attention (the encoder's final state is the only way to the source), the same GRU with
 * Bahdanau attention and a Transformer. Every input uses distinct letters, so the gradient of
 * the embedding-table row of the letter at position i IS the gradient at position i (times the
 * Transformer's constant sqrt(d) scale, which cancels when normalizing): no hook in the models
 * is needed.
 *
 * Randomly initialized models of the shipped `reverse` models' sizes are measured with the
 * first target token's loss; the shipped trained models with the whole target's.
 */
import { disposeBatch, makeTrainingBatch, type TrainingBatch } from "../../data/batches.ts";
import { lowercaseLetters } from "../../data/tasks/random_string.ts";
import { EOS, specialTokens } from "../../data/vocab.ts";
import type { Backend } from "../../engine/backend/contract.ts";
import { ops, Tape, tidy } from "../../engine/mod.ts";
import { Rng } from "../../engine/random.ts";
import { makeModel } from "../../models/make_model.ts";
import type { Seq2Seq } from "../../models/model.ts";
import { ParamStore } from "../../models/weights/param_store.ts";
import { type LoadedModel, loadModel } from "../../models/weights/registry.ts";
import { disposeModel } from "../../train/trainer.ts";
import type { Family } from "../bottleneck/mod.ts";
import { checkAborted, type ExperimentContext } from "../experiment.ts";
import type { GradientCurve } from "./conclude.ts";

/** Which loss the gradient is taken of. */
export type GradientLoss = "first" | "whole";

/** What {@link measureGradientPath} measures. */
export interface GradientPathSettings {
  /** Distinct letters per input (at most 26); the source is these plus <eos>. */
  letters: number;
  /** Inputs averaged per model. */
  inputs: number;
  /** Seeds of the random initializations averaged (the measurement the conclusion reads). */
  initSeeds: number[];
  /** Also measure the shipped trained weights (whole-target loss), reported in a note. */
  trained: boolean;
  /** Seed of the inputs drawn. */
  seed: number;
  models: { name: string; family: Family }[];
}

/** `count` strings of `letters` distinct lowercase letters each. */
function distinctInputs(letters: number, count: number, seed: number): string[] {
  if (!Number.isInteger(letters) || letters < 2 || letters > lowercaseLetters.length) {
    throw new Error(
      `gradient-path: expected 2-${lowercaseLetters.length} distinct letters per input, got ${letters}`,
    );
  }
  const rng = new Rng(seed);
  return Array.from(
    { length: count },
    () => rng.shuffle([...lowercaseLetters]).slice(0, letters).join(""),
  );
}

/** The reverse-task batch of one input: source letters + <eos>, target the letters reversed. */
function batchOf(loaded: LoadedModel, text: string, backend: Backend) {
  const src = loaded.source.encode(text).ids;
  const tgt = loaded.target.encode([...text].reverse().join("")).ids;
  if (new Set(src).size !== src.length || src.some((id) => id < specialTokens.length)) {
    throw new Error(
      `gradient-path: expected ${text.length} distinct known letters for ${loaded.name}, got ids [${src}]`,
    );
  }
  return { batch: makeTrainingBatch(backend, [{ src, tgt }]), ids: src };
}

/**
 * Norm of d(loss)/d(embedding) at each source position of a one-input batch whose source tokens
 * are all distinct: row `ids[i]` of the source table's gradient (and row <eos> for the last).
 * "first": cross-entropy of the first target token; "whole": of every target token.
 */
async function positionNorms(
  model: Seq2Seq,
  batch: TrainingBatch,
  ids: readonly number[],
  loss: GradientLoss,
): Promise<number[]> {
  const table = model.params.get("src_embed.weight");
  if (!table) throw new Error("gradient-path: expected the model to have src_embed.weight");
  const grad = tidy(() => {
    const tape = new Tape();
    const value = tape.record(() => {
      const logits = model.forward(batch); // [1, T, Vt]
      if (loss === "whole") return ops.crossEntropy(logits, batch.tgtOut); // []
      const first = ops.slice(logits, 1, 0, 1); // [1, 1, Vt]
      return ops.crossEntropy(first, ops.slice(batch.tgtOut, 1, 0, 1)); // []
    });
    return ops.keep(tape.backward(value, [table]).get(table)!); // [V, E]
  });
  try {
    const host = await grad.toArray();
    const dim = table.shape[1];
    return [...ids, EOS].map((id) => {
      let sq = 0;
      for (let c = 0; c < dim; c++) sq += host[id * dim + c] ** 2;
      return Math.sqrt(sq);
    });
  } finally {
    grad.dispose();
  }
}

/** Element-wise mean of equal-length curves, normalized to its largest value. */
function meanNormalized(curves: readonly number[][]): number[] {
  const mean = curves[0].map((_, i) => curves.reduce((s, c) => s + c[i], 0) / curves.length);
  const top = Math.max(...mean);
  return mean.map((v) => (top > 0 ? v / top : 0));
}

/** Mean norms by position over the inputs for one set of weights. */
type MeasureWeights = (
  loaded: LoadedModel,
  model: Seq2Seq,
  loss: GradientLoss,
  what: string,
) => Promise<number[]>;

/** A measurer over `texts` (`positions` letters + <eos>) that reports progress per input. */
function measurerOf(
  ctx: ExperimentContext,
  texts: readonly string[],
  positions: number,
  progress: (what: string) => void,
): MeasureWeights {
  return async (loaded, model, loss, what) => {
    const sums = new Array<number>(positions).fill(0);
    for (const text of texts) {
      checkAborted(ctx.signal);
      progress(what);
      const { batch, ids } = batchOf(loaded, text, ctx.backend);
      try {
        const norms = await positionNorms(model, batch, ids, loss);
        norms.forEach((v, i) => (sums[i] += v / texts.length));
      } finally {
        disposeBatch(batch);
      }
    }
    checkAborted(ctx.signal);
    return sums;
  };
}

/** Measures every model's gradient by position, at random init (and trained if asked). */
export async function measureGradientPath(
  ctx: ExperimentContext,
  settings: GradientPathSettings,
): Promise<{ init: GradientCurve[]; trained: GradientCurve[] }> {
  const texts = distinctInputs(settings.letters, settings.inputs, settings.seed);
  const runsPerModel = settings.initSeeds.length + (settings.trained ? 1 : 0);
  const total = settings.models.length * runsPerModel * texts.length;
  let done = 0;
  const measure = measurerOf(
    ctx,
    texts,
    settings.letters + 1,
    (what) => ctx.progress(done++, total, what),
  );
  const init: GradientCurve[] = [];
  const trained: GradientCurve[] = [];
  for (const { name, family } of settings.models) {
    const loaded = await loadModel(name, ctx.backend, { dir: ctx.weightsDir });
    // Per seed: mean over inputs, normalized, so every initialization weighs the same.
    const perSeed: number[][] = [];
    for (const seed of settings.initSeeds) {
      const model = makeModel(loaded.config, new ParamStore(ctx.backend, { seed }));
      try {
        const sums = await measure(loaded, model, "first", `${name}, random init (seed ${seed})`);
        perSeed.push(meanNormalized([sums]));
      } finally {
        disposeModel(model);
      }
    }
    init.push({ model: name, family, weights: "init", norms: meanNormalized(perSeed) });
    if (settings.trained) {
      // The loaded model is cached by the registry for later commands: not disposed here.
      const sums = await measure(loaded, loaded.model, "whole", `${name}, trained`);
      trained.push({ model: name, family, weights: "trained", norms: meanNormalized([sums]) });
    }
  }
  ctx.progress(total, total, "done");
  return { init, trained };
}
