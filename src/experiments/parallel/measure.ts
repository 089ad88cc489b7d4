/**
 * What `experiment parallel` measures, with the engine's own models on the chosen backend: a GRU
 * encoder and a Transformer encoder of the same width (hidden = d_model), random weights, one
 * batch of the same sources, timed at every length n (GPU timestamps where the runtime has them,
 * and the wall clock around record + submit + wait); then one training step of each whole
 * Seq2Seq (forward, backward, Adam) at one length, as `bench train` times it, in tokens/s.
 */
import { tidy } from "../../engine/mod.ts";
import { sourceRows } from "../../bench/models_suite.ts";
import { runTrainSuite, type TrainBenchResult } from "../../bench/train_suite.ts";
import { measureOpWithDispatches } from "../../measure/measure_op.ts";
import { type ModelConfig, rnnDefaults, transformerDefaults } from "../../models/config.ts";
import { makeSourceBatch } from "../../models/decode/greedy.ts";
import { makeModel } from "../../models/make_model.ts";
import type { Seq2Seq } from "../../models/model.ts";
import { Transformer } from "../../models/transformer.ts";
import { ParamStore } from "../../models/weights/param_store.ts";
import { disposeModel } from "../../train/trainer.ts";
import { checkAborted, type ExperimentContext } from "../experiment.ts";
import type { ParallelData } from "./conclude.ts";

/** What {@link measureParallel} measures. */
export interface ParallelSettings {
  /** Source lengths n (tokens + <eos>), ascending. */
  lengths: number[];
  /** Sequences encoded together. */
  batch: number;
  /** d_model of the Transformer = embedding and hidden width of the GRU. */
  width: number;
  /** Timed repetitions per length (the median is reported). */
  reps: number;
  /** Source and target length of the training step (tokens + <eos> / <bos>). */
  trainLength: number;
  /** Sequences per training step. */
  trainBatch: number;
  /** Timed repetitions of the training step, each `trainSteps` steps long. */
  trainReps: number;
  trainSteps: number;
}

/** The two families compared. */
export type Family = "gru" | "transformer";
export const FAMILIES: readonly Family[] = ["gru", "transformer"];

/** One encoder's times at one length. */
export interface EncoderPoint {
  /** Median ms per batch by GPU timestamps, or null when the backend has none. */
  gpuMs: number | null;
  wallMs: number;
  /** Kernels dispatched for one encode. */
  dispatches: number;
}

/** Everything measured: the conclusion's data and what only the tables and notes show. */
export interface ParallelMeasured {
  data: ParallelData;
  points: Record<Family, EncoderPoint[]>;
  training: Record<Family, TrainBenchResult>;
  params: Record<Family, number>;
}

/** The two families at the same width: a plain GRU Seq2Seq and the default Transformer. */
export function configs(settings: ParallelSettings): Record<Family, ModelConfig> {
  const common = {
    srcVocab: 120,
    tgtVocab: 120,
    dropout: 0,
    task: "",
    maxLen: Math.max(...settings.lengths, settings.trainLength) + 1,
  };
  const d = settings.width;
  return {
    gru: { ...rnnDefaults, ...common, attention: "none", embed: d, hidden: d },
    transformer: { ...transformerDefaults, ...common, dModel: d, ffn: 4 * d },
  };
}

/** Records the encoder alone: the Transformer's memory, the GRU's states (no attention keys). */
function encode(model: Seq2Seq, batch: ReturnType<typeof makeSourceBatch>): void {
  if (model instanceof Transformer) model.encode(batch);
  else model.startDecoding(batch);
}

async function timeEncoder(
  ctx: ExperimentContext,
  model: Seq2Seq,
  n: number,
  settings: ParallelSettings,
): Promise<EncoderPoint> {
  const { backend } = ctx;
  const batch = makeSourceBatch(backend, sourceRows(settings.batch, n, model.config.srcVocab));
  try {
    const op = () => tidy(() => encode(model, batch));
    const m = await measureOpWithDispatches(backend, op, {
      reps: settings.reps,
      targetMs: 30,
      signal: ctx.signal,
    });
    return {
      gpuMs: m.timing === "gpu" ? m.medianMs : null,
      wallMs: m.wallMedianMs,
      dispatches: m.dispatches,
    };
  } finally {
    batch.src.dispose();
  }
}

function parameterCount(model: Seq2Seq): number {
  let n = 0;
  for (const t of model.params.values()) n += t.size;
  return n;
}

/** Times both encoders at every length; `next` reports progress. */
async function timeEncoders(
  ctx: ExperimentContext,
  settings: ParallelSettings,
  next: (what: string) => void,
): Promise<Pick<ParallelMeasured, "points" | "params">> {
  const families = configs(settings);
  const points: Record<Family, EncoderPoint[]> = { gru: [], transformer: [] };
  const params = { gru: 0, transformer: 0 };
  for (const family of FAMILIES) {
    checkAborted(ctx.signal);
    const model = makeModel(families[family], new ParamStore(ctx.backend, { seed: 1 }));
    try {
      params[family] = parameterCount(model);
      for (const n of settings.lengths) {
        checkAborted(ctx.signal);
        next(`${family} encoder, n = ${n}`);
        points[family].push(await timeEncoder(ctx, model, n, settings));
      }
    } finally {
      disposeModel(model);
    }
  }
  return { points, params };
}

/** One training step of each whole model, as `bench train` times it. */
async function timeTraining(
  ctx: ExperimentContext,
  settings: ParallelSettings,
  next: (what: string) => void,
): Promise<Record<Family, TrainBenchResult>> {
  const families = configs(settings);
  const training = {} as Record<Family, TrainBenchResult>; // both filled below
  for (const family of FAMILIES) {
    checkAborted(ctx.signal);
    next(`${family} training step, length ${settings.trainLength}`);
    const report = await runTrainSuite(ctx.backend, {
      cases: [{
        name: family,
        config: families[family],
        batch: settings.trainBatch,
        tokens: settings.trainLength - 1,
      }],
      reps: settings.trainReps,
      stepsPerRep: settings.trainSteps,
      signal: ctx.signal,
    });
    training[family] = report.results[0] as TrainBenchResult;
  }
  return training;
}

/** Times both encoders at every length, then a training step of each model. */
export async function measureParallel(
  ctx: ExperimentContext,
  settings: ParallelSettings,
): Promise<ParallelMeasured> {
  const lengths = settings.lengths;
  if (lengths.length < 2 || lengths.some((n, i) => !(n >= 2) || (i > 0 && n <= lengths[i - 1]))) {
    throw new Error(
      `parallel: expected two or more ascending lengths of at least 2, got [${lengths.join(", ")}]`,
    );
  }
  const total = 2 * lengths.length + 2;
  let done = 0;
  const next = (what: string) => ctx.progress(done++, total, what);
  const { points, params } = await timeEncoders(ctx, settings, next);
  const training = await timeTraining(ctx, settings, next);
  ctx.progress(total, total, "done");

  // The clock the conclusion reads: GPU timestamps when every point has them, else wall time.
  const clock = [...points.gru, ...points.transformer].every((p) => p.gpuMs !== null)
    ? "gpu"
    : "wall";
  const msOf = (p: EncoderPoint) => (clock === "gpu" ? p.gpuMs! : p.wallMs);
  const wallOf = (family: Family) => points[family].map((p) => p.wallMs);
  const data: ParallelData = {
    backend: ctx.backend.name,
    clock,
    lengths: [...lengths],
    gruMs: points.gru.map(msOf),
    transformerMs: points.transformer.map(msOf),
    ...(clock === "gpu"
      ? { wall: { gruMs: wallOf("gru"), transformerMs: wallOf("transformer") } }
      : {}),
    trainLength: settings.trainLength,
    gruTokensPerSecond: training.gru.value!,
    transformerTokensPerSecond: training.transformer.value!,
  };
  return { data, points, training, params };
}
