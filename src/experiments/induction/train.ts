/**
 * One seed of `experiment induction`: an attention-only GPT (config `attnOnly`, Elhage et al.
 * 2021) trained by next-token prediction on repeated random sequences, through the GPT's own
 * step (train/next_token.ts) and the training loop (train/train_loop.ts) with a batch source of
 * its own. The loop's dev evaluation is where the measurement happens: every `measureEvery`
 * steps one forward pass over fixed held-out sequences, traced, gives both halves' losses and
 * every head's induction and previous-token scores (scores.ts).
 */
import { Adam, keep, mixSeed, Tensor, tidy } from "../../engine/mod.ts";
import type { Backend } from "../../engine/backend/contract.ts";
import { type GptConfig, gptDefaults } from "../../models/config.ts";
import { Gpt } from "../../models/gpt.ts";
import { TraceRecorder } from "../../models/trace.ts";
import { ParamStore } from "../../models/weights/param_store.ts";
import { nextTokenStep, packLmBatch } from "../../train/next_token.ts";
import { PAD } from "../../data/vocab.ts";
import { TrainLoop } from "../../train/train_loop.ts";
import { disposeModel } from "../../train/trainer.ts";
import { halfLosses, inductionScores, type LayerAttention, previousTokenScores } from "./scores.ts";
import {
  FIRST_SYMBOL,
  type RepeatedSequence,
  RepeatedSequences,
  type SequenceSettings,
} from "./sequences.ts";

/** The model and training of one run. */
export interface InductionTraining extends SequenceSettings {
  pe: GptConfig["pe"];
  dModel: number;
  heads: number;
  layers: number;
  steps: number;
  batchSize: number;
  lr: number;
  warmup: number;
  /** Steps between measurements (step 0 is measured too). */
  measureEvery: number;
  /** Held-out sequences each measurement reads. */
  probes: number;
}

/** The measurements at one step. */
export interface InductionPoint {
  step: number;
  lossFirst: number;
  lossSecond: number;
  copyAccuracy: number;
  /** induction[layer][head] */
  induction: number[][];
  /** previous[layer][head] */
  previous: number[][];
}

/** One head's attention on one probe sequence, at the last measurement. */
export interface ProbeAttention {
  ids: number[];
  period: number;
  /** weights[layer][head][query][key], over the input positions 0 .. 2P-1. */
  weights: number[][][][];
}

/** What one seed's training measured. */
export interface InductionRun {
  seed: number;
  points: InductionPoint[];
  probe: ProbeAttention;
  /** Wall seconds of training and measuring. */
  seconds: number;
}

/** The attention-only GPT of `training`: learned positions, tied unembedding, no dropout. */
export function inductionConfig(training: InductionTraining): GptConfig {
  return {
    ...gptDefaults,
    vocab: FIRST_SYMBOL + training.symbols,
    maxLen: 2 * training.maxPeriod + 1,
    pe: training.pe,
    dModel: training.dModel,
    heads: training.heads,
    layers: training.layers,
    attnOnly: true,
    dropout: 0,
    task: "",
  };
}

/** Trains one seed, measuring at step 0 and every `measureEvery` steps. */
export async function trainInduction(
  backend: Backend,
  training: InductionTraining,
  seed: number,
  hooks: { signal?: AbortSignal; onStep?: (step: number) => void } = {},
): Promise<InductionRun> {
  const started = performance.now();
  const model = new Gpt(inductionConfig(training), new ParamStore(backend, { seed }));
  const adam = new Adam([...model.params.values()], { lr: training.lr, clipNorm: 1 });
  const batches = new RepeatedSequences(training, mixSeed(seed, 1));
  // Held out from a stream of their own; the shortest period first, for the grid.
  const probes = new RepeatedSequences(training, mixSeed(seed, 2)).take(training.probes);
  probes[0] = new RepeatedSequences(training, mixSeed(seed, 3)).next(training.minPeriod);
  const points: InductionPoint[] = [];
  let last: ProbeAttention | null = null;
  const measureAt = async (step: number) => {
    const { point, probe } = await measure(model, probes, step);
    points.push(point);
    last = probe;
    return { exactMatch: point.copyAccuracy, tokenAccuracy: point.copyAccuracy, count: 1 };
  };
  try {
    await measureAt(0);
    let step = 0;
    const loop = new TrainLoop({
      params: adam.params,
      recipe: {
        steps: training.steps,
        lr: training.lr,
        warmup: training.warmup,
        logEvery: training.measureEvery,
        evalEvery: training.measureEvery,
        patience: Infinity, // the curve is the result: train every planned step
        targetExactMatch: Infinity,
      },
      hooks: { signal: hooks.signal, onProgress: (p) => hooks.onStep?.(p.step) },
      step(s, lr) {
        step = s;
        const batch = packLmBatch(backend, batches.take(training.batchSize).map((q) => q.ids));
        const loss = nextTokenStep(model, batch, adam, { seed: mixSeed(seed, s), lr });
        batch.ids.dispose();
        return { loss, tokens: batch.tokens };
      },
      evaluate: () => measureAt(step),
    });
    await loop.run();
    return { seed, points, probe: last!, seconds: (performance.now() - started) / 1000 };
  } finally {
    adam.dispose();
    disposeModel(model);
  }
}

/** One traced forward over the probes: losses, scores, and the first probe's attention. */
async function measure(
  model: Gpt,
  probes: readonly RepeatedSequence[],
  step: number,
): Promise<{ point: InductionPoint; probe: ProbeAttention }> {
  const backend = model.tokEmbed.weight.backend;
  const trace = new TraceRecorder();
  const width = Math.max(...probes.map((p) => p.ids.length)) - 1; // inputs: all but the last id
  const flat = new Float32Array(probes.length * width).fill(PAD);
  probes.forEach((p, b) => flat.set(p.ids.slice(0, -1), b * width));
  const logits = tidy(() => {
    const input = Tensor.from(backend, flat, [probes.length, width]); // [B, T]
    const out = model.forward(input, { trace }); // [B, T, V]
    for (const a of trace.attention) keep(a.weights); // [B, H, T, T] per layer
    return out;
  });
  try {
    const [flatLogits, ...layers] = await Promise.all([
      logits.toArray(),
      ...trace.attention.map((a) => a.weights.toArray()),
    ]);
    const periods = probes.map((p) => p.period);
    const attention = layers.map((weights, l) => ({
      weights,
      shape: trace.attention[l].weights.shape,
    }));
    const point: InductionPoint = {
      step,
      ...halfLosses(flatLogits, logits.shape, probes),
      induction: attention.map((a) => inductionScores(a, periods)),
      previous: attention.map((a) => previousTokenScores(a, periods)),
    };
    return { point, probe: probeAttention(probes[0], attention) };
  } finally {
    logits.dispose();
    for (const a of trace.attention) a.weights.dispose();
  }
}

/** The first probe's attention, every layer and head, over its own positions 0 .. 2P-1. */
function probeAttention(probe: RepeatedSequence, attention: LayerAttention[]): ProbeAttention {
  const n = 2 * probe.period;
  const weights = attention.map(({ weights: w, shape: [, heads, t] }) =>
    Array.from(
      { length: heads },
      (_, h) =>
        Array.from({ length: n }, (_, i) =>
          Array.from({ length: n }, (_, j) => Number(w[(h * t + i) * t + j].toFixed(3)))),
    )
  );
  return { ids: probe.ids.slice(0, n), period: probe.period, weights };
}
