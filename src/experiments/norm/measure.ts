/**
 * What `experiment norm` measures: four training runs of the same deep Transformer (same task,
 * data, seed and peak learning rate), pre-norm and post-norm, each with and without linear
 * warmup, through the project's trainer (src/train/trainer.ts): the loss curve, final and best
 * loss, divergence, dev exact match, and per-layer gradient norms read at a few steps (the
 * trainer's onGradients hook; norms on the device, one readback at the end).
 */
import { encodePairs, prepareTaskData, type SplitCounts } from "../../data/batches.ts";
import { type Example, getTask } from "../../data/task.ts";
import { EOS } from "../../data/vocab.ts";
import { ops, type Tensor } from "../../engine/mod.ts";
import { evaluate, type Metrics } from "../../train/evaluate.ts";
import type { Recipe } from "../../train/recipes.ts";
import { disposeModel, train, type TrainedModel } from "../../train/trainer.ts";
import { checkAborted, type ExperimentContext } from "../experiment.ts";
import { entropy } from "../stats.ts";
import type { LayerGradients, NormRun, Placement } from "./conclude.ts";

/** What {@link measureNorm} measures. */
export interface NormSettings {
  task: string;
  /** Encoder layers = decoder layers. */
  layers: number;
  dModel: number;
  heads: number;
  ffn: number;
  batch: number;
  steps: number;
  /** The peak learning rate (Adam), the same for all four runs. */
  lr: number;
  /** Linear warmup steps of the two "with warmup" runs (the others start at the peak). */
  warmup: number;
  /** Steps per point of the loss curve (one readback each). */
  logEvery: number;
  /** Steps at which per-layer gradient norms are read (1-based). */
  gradSteps: number[];
  /** Training and dev examples drawn. */
  train: number;
  dev: number;
  seed: number;
}

/**
 * The loss of predicting every target token by its frequency in the training targets (tokens
 * and <eos>), in nats: the plateau of a model that ignores its input.
 */
export function unigramLoss(targets: readonly (readonly number[])[]): number {
  const counts = new Map<number, number>();
  let total = 0;
  for (const tgt of targets) {
    for (const id of [...tgt, EOS]) {
      counts.set(id, (counts.get(id) ?? 0) + 1);
      total++;
    }
  }
  return entropy([...counts.values()].map((c) => c / total));
}

/** "enc 1" ... for a parameter name of the Transformer, or null outside the layer stacks. */
function layerOf(name: string): string | null {
  const m = /^transformer\.(encoder|decoder)\.layers\.(\d+)\./.exec(name);
  return m ? `${m[1] === "encoder" ? "enc" : "dec"} ${Number(m[2]) + 1}` : null;
}

/**
 * Per-layer sums of squared gradients at the wanted steps, kept on the device until read():
 * one readback at the end instead of one per layer and step.
 */
class GradientSampler {
  readonly #wanted: Set<number>;
  readonly #sampled: { step: number; layers: string[]; sums: Tensor[] }[] = [];

  constructor(steps: readonly number[]) {
    this.#wanted = new Set(steps);
  }

  /** The trainer's onGradients hook. */
  readonly onGradients = (event: { step: number; grads: ReadonlyMap<string, Tensor> }): void => {
    const { step, grads } = event;
    if (!this.#wanted.has(step)) return;
    const byLayer = new Map<string, Tensor>();
    for (const [name, g] of grads) {
      const layer = layerOf(name);
      if (layer === null) continue;
      const squares = ops.sum(ops.mul(g, g)); // []
      const acc = byLayer.get(layer);
      byLayer.set(layer, acc ? ops.add(acc, squares) : squares);
    }
    const layers = [...byLayer.keys()];
    this.#sampled.push({ step, layers, sums: layers.map((l) => ops.keep(byLayer.get(l)!)) });
  };

  /** The norms, all read back at once. */
  async read(): Promise<LayerGradients[]> {
    const values = await Promise.all(
      this.#sampled.map((s) => Promise.all(s.sums.map((t) => t.toArray()))),
    );
    return this.#sampled.map((s, i) => ({
      step: s.step,
      layers: s.layers,
      norms: values[i].map((v) => Math.sqrt(v[0])),
    }));
  }

  dispose(): void {
    for (const s of this.#sampled) for (const t of s.sums) t.dispose();
  }
}

/** The trainer's recipe of one run: the settings' model, steps and lr, the run's warmup. */
function recipeOf(settings: NormSettings, warmup: number): Partial<Recipe> {
  // Dev is scored after training (with Ctrl-C checked between batches), not by the trainer.
  const data: SplitCounts = { train: settings.train, dev: 0, test: 0 };
  return {
    model: {
      dModel: settings.dModel,
      heads: settings.heads,
      encoderLayers: settings.layers,
      decoderLayers: settings.layers,
      ffn: settings.ffn,
    },
    steps: settings.steps,
    batchSize: settings.batch,
    lr: settings.lr,
    warmup,
    dropout: 0,
    labelSmoothing: 0,
    logEvery: settings.logEvery,
    evalEvery: settings.steps, // the trainer's dev split is empty: nothing to decode while training
    data,
  };
}

/** The run's record from its loss curve, dev scores and gradients. */
function runOf(
  run: { norm: Placement; warmup: number },
  curve: { steps: number[]; losses: number[]; nonFinite: boolean },
  dev: Metrics | null,
  gradients: LayerGradients[],
  seconds: number,
): NormRun {
  const { steps, losses, nonFinite } = curve;
  const tail = Math.max(1, Math.ceil(losses.length / 5));
  const last = losses.slice(-tail);
  return {
    norm: run.norm,
    warmup: run.warmup,
    steps,
    losses,
    startLoss: losses[0] ?? NaN,
    finalLoss: nonFinite || last.length === 0
      ? Infinity
      : last.reduce((a, b) => a + b, 0) / last.length,
    bestLoss: losses.length ? Math.min(...losses) : NaN,
    nonFinite,
    devExactMatch: dev ? dev.exactMatch : null,
    devTokenAccuracy: dev ? dev.tokenAccuracy : null,
    gradients,
    seconds,
  };
}

/** Trains one of the four runs; per-layer gradient norms are summed on the device. */
async function trainRun(
  ctx: ExperimentContext,
  settings: NormSettings,
  run: { norm: Placement; warmup: number; index: number; dev: readonly Example[] },
): Promise<NormRun> {
  const started = performance.now();
  const total = settings.steps * 4;
  const label = `${run.norm}-norm, ${run.warmup > 0 ? `warmup ${run.warmup}` : "no warmup"}`;
  const sampler = new GradientSampler(settings.gradSteps);
  const curve = { steps: [] as number[], losses: [] as number[], nonFinite: false };
  let trained: TrainedModel | null = null;
  try {
    ctx.progress(run.index * settings.steps, total, label);
    try {
      trained = await train(
        {
          task: getTask(settings.task),
          arch: "transformer",
          norm: run.norm,
          recipe: recipeOf(settings, run.warmup),
          seed: settings.seed,
        },
        ctx.backend,
        {
          signal: ctx.signal,
          onProgress: (p) => {
            curve.steps.push(p.step);
            curve.losses.push(p.loss);
            ctx.progress(run.index * settings.steps + p.step, total, `${label}: step ${p.step}`);
          },
          onGradients: sampler.onGradients,
        },
      );
    } catch (e) {
      // The trainer stops on a NaN/inf interval loss (and frees the model): a result here.
      if (!(e instanceof Error && /training diverged/.test(e.message))) throw e;
      curve.nonFinite = true;
    }
    checkAborted(ctx.signal);
    let dev: Metrics | null = null;
    if (trained) {
      const pairs = encodePairs(run.dev, trained.data.tokenizers).pairs;
      dev = await evaluate(trained.model, pairs, { backend: ctx.backend, signal: ctx.signal });
      checkAborted(ctx.signal);
    }
    const gradients = await sampler.read();
    return runOf(run, curve, dev, gradients, (performance.now() - started) / 1000);
  } finally {
    sampler.dispose();
    if (trained) disposeModel(trained.model);
  }
}

/** The four runs (pre/post x no warmup/warmup) and the unigram loss of their training data. */
export async function measureNorm(
  ctx: ExperimentContext,
  settings: NormSettings,
): Promise<{ runs: NormRun[]; unigramLoss: number }> {
  if (!(settings.warmup > 0)) {
    throw new Error(`norm: expected warmup > 0 steps for the warmup runs, got ${settings.warmup}`);
  }
  const plan: { norm: Placement; warmup: number }[] = [
    { norm: "pre", warmup: 0 },
    { norm: "post", warmup: 0 },
    { norm: "pre", warmup: settings.warmup },
    { norm: "post", warmup: settings.warmup },
  ];
  const data = prepareTaskData(
    getTask(settings.task),
    { train: settings.train, dev: settings.dev, test: 0 },
    settings.seed,
  );
  const baseline = unigramLoss(data.pairs.train.map((p) => p.tgt));
  const runs: NormRun[] = [];
  for (const [index, r] of plan.entries()) {
    checkAborted(ctx.signal);
    runs.push(await trainRun(ctx, settings, { ...r, index, dev: data.examples.dev }));
  }
  ctx.progress(plan.length * settings.steps, plan.length * settings.steps, "done");
  return { runs, unigramLoss: baseline };
}
