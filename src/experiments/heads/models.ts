/**
 * The models `experiment heads` reads: two small Transformers trained the same way (same task,
 * width, seed and steps) except for h = 1 or h = 8, the h = 8 one also untrained (its
 * initialization), and a shipped multi-head model (fully trained).
 */
import { getTask, type Task } from "../../data/task.ts";
import { koEnShowcase } from "../../data/tasks/ko_en.ts";
import { makeModel } from "../../models/make_model.ts";
import { loadModel } from "../../models/weights/registry.ts";
import { ParamStore } from "../../models/weights/param_store.ts";
import { disposeModel, train, type TrainedModel } from "../../train/trainer.ts";
import { checkAborted, type ExperimentContext } from "../experiment.ts";
import {
  encodeProbes,
  type ModelPatterns,
  modelPatterns,
  shortStringTask,
  type TracedModel,
  traceProbes,
} from "./patterns.ts";
import { MANY_HEADS, ONE_HEAD } from "./timing.ts";

/** How the two compared models are trained. */
export interface TrainingSettings {
  /** "reverse" or "copy" of strings of 3..maxLength lowercase letters, or "ko-en" as is. */
  task: "reverse" | "copy" | "ko-en";
  /** Longest string of reverse or copy (ignored by ko-en). */
  maxLength: number;
  dModel: number;
  ffn: number;
  steps: number;
  batchSize: number;
  lr: number;
  seed: number;
}

/** The trained h = 1 and h = 8 models and the h = 8 one untrained, with their traces. */
export interface TrainedPatterns {
  one: ModelPatterns;
  many: ModelPatterns;
  untrained: ModelPatterns;
  /** The trained ones' traced probes (grids are drawn from them). */
  traced: TracedModel[];
}

/** Trains one 1 + 1-layer Transformer with `heads` heads; `report` gets each logged step. */
function trainWithHeads(
  ctx: ExperimentContext,
  settings: { training: TrainingSettings; probes: number },
  run: { task: Task; heads: number },
  report: (step: number) => void,
): Promise<TrainedModel> {
  const tr = settings.training;
  const { task, heads } = run;
  return train(
    {
      task,
      arch: "transformer",
      seed: tr.seed,
      recipe: {
        model: { dModel: tr.dModel, heads, encoderLayers: 1, decoderLayers: 1, ffn: tr.ffn },
        steps: tr.steps,
        batchSize: tr.batchSize,
        lr: tr.lr,
        warmup: Math.min(50, Math.floor(tr.steps / 5)),
        dropout: 0,
        labelSmoothing: 0,
        data: { train: 5000, dev: Math.max(settings.probes, 16), test: settings.probes },
        logEvery: Math.max(1, Math.min(25, tr.steps)),
        evalEvery: tr.steps, // one evaluation at the end: seconds matter more than early stopping
        patience: 1,
        targetExactMatch: 1,
      },
    },
    ctx.backend,
    { signal: ctx.signal, onProgress: (p) => report(p.step) },
  );
}

/**
 * Trains h = 1 and h = 8 the same way and reads their heads (and the untrained h = 8 one's) on
 * the test split. `progress(step, what)` counts training steps from 0 to 2 * steps.
 */
export async function readTrainedHeads(
  ctx: ExperimentContext,
  settings: { training: TrainingSettings; probes: number },
  progress: (steps: number, what: string) => void,
): Promise<TrainedPatterns> {
  const { backend } = ctx;
  const tr = settings.training;
  const task = tr.task === "ko-en" ? getTask("ko-en") : shortStringTask(tr.task, tr.maxLength);
  const patterns: ModelPatterns[] = [];
  const traced: TracedModel[] = [];
  for (const [index, heads] of [ONE_HEAD, MANY_HEADS].entries()) {
    checkAborted(ctx.signal);
    const start = index * tr.steps;
    progress(start, `train h=${heads}`);
    const trained = await trainWithHeads(ctx, settings, { task, heads }, (step) => {
      progress(start + step, `train h=${heads}, step ${step}`);
    });
    try {
      checkAborted(ctx.signal);
      const probes = encodeProbes(trained.data.examples.test, trained.data.tokenizers);
      const traces = await traceProbes(backend, trained.model, probes);
      const model = modelPatterns(`h=${heads}`, traces, trained.dev.exactMatch);
      patterns.push(model);
      traced.push({ model, traces, probes });
      if (heads === MANY_HEADS) {
        // The same architecture and seed before any step: the trainer's initialization.
        const fresh = makeModel(trained.config, new ParamStore(backend, { seed: tr.seed }));
        try {
          const untrained = await traceProbes(backend, fresh, probes);
          patterns.push(modelPatterns(`h=${heads} untrained`, untrained, null));
        } finally {
          disposeModel(fresh);
        }
      }
    } finally {
      disposeModel(trained.model);
    }
  }
  const [one, many, untrained] = patterns;
  return { one, many, untrained, traced };
}

/**
 * The shipped model `name` on `probes` held-out sentences of its task (it stays in the model
 * cache). Its grids show a lesson's sentence (a training sentence) first; the numbers use test
 * sentences only.
 */
export async function readShipped(
  ctx: ExperimentContext,
  name: string,
  probes: number,
): Promise<TracedModel> {
  const loaded = await loadModel(name, ctx.backend, { dir: ctx.weightsDir });
  const task = loaded.config.task;
  const shown = task === "ko-en" ? [koEnShowcase[1]] : [];
  const examples = [...shown, ...getTask(task).examples("test", probes)];
  const encoded = encodeProbes(examples, loaded);
  const traces = await traceProbes(ctx.backend, loaded.model, encoded);
  const model = modelPatterns(name, traces.slice(shown.length), null);
  return { model, traces, probes: encoded };
}
