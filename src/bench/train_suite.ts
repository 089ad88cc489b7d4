/**
 * `bench train`: one full training step (forward, backward, Adam update with grad-norm clipping)
 * of the models the lessons train, on a fixed synthetic batch of 64 sequences of 12 source and
 * 12 target positions (11 tokens + <eos>/<bos>), vocabulary 120. The same steps in PyTorch's
 * CPU build are in bench/torch_train_step.py, so the comparison can be repeated anywhere.
 *
 * A repetition records `stepsPerRep` steps, each flushed as the trainer does (the device starts
 * on a step while the next one is recorded), then waits once: the wall time divided by the steps
 * is what training costs per step.
 */

import type { Backend } from "../engine/backend/contract.ts";
import { tidy } from "../engine/mod.ts";
import { Adam } from "../engine/optim/adam.ts";
import {
  type GptConfig,
  gptDefaults,
  type ModelConfig,
  rnnDefaults,
  transformerDefaults,
} from "../models/config.ts";
import { makeModel } from "../models/make_model.ts";
import { ParamStore } from "../models/weights/param_store.ts";
import { disposeBatch, type EncodedPair, makeTrainingBatch } from "../data/batches.ts";
import { median } from "../measure/average.ts";
import { trainStep } from "../train/train_step.ts";
import { nextTokenStep, packLmBatch } from "../train/next_token.ts";
import { BOS, EOS } from "../data/vocab.ts";
import { cpuUsage } from "node:process";
import type { BenchReport, BenchResult, SuiteOptions } from "./types.ts";
import type { KernelProfile } from "../engine/webgpu/kernel_profiler.ts";
import type { WebGpuBackend } from "../engine/webgpu/backend.ts";
import type { Gpt } from "../models/gpt.ts";
import type { Seq2Seq } from "../models/model.ts";

/** One benchmarked training configuration. */
export interface TrainCase {
  name: string;
  config: ModelConfig | GptConfig;
  batch: number;
  /**
   * Source and target tokens per sequence, before <eos> / <bos>. A GPT reads both as one
   * sequence, `<bos> source <sep> target <eos>`: 2 * tokens + 3 ids, 2 * tokens + 2 positions.
   */
  tokens: number;
}

const common = { srcVocab: 120, tgtVocab: 120, maxLen: 64, dropout: 0, task: "" };

/** The GPT case's vocabulary: the shipped ko-en-gpt's BPE vocabulary (its unembedding's rows). */
export const GPT_BENCH_VOCAB = 800;

/** `<sep>` in a GPT's vocabulary (docs/CONTRACT.md): between the source and the target. */
const SEP = 4;

/**
 * The cases of issue 7: the default Transformer (d 64, 4 heads, 2 + 2 layers, FFN 256) and a
 * GRU + Luong-general model of the same sizes (embedding 64, hidden 64: the width that matches
 * d_model), plus the GRU at the shipped default hidden width 128. Issue 19 adds the shipped
 * GPT's sizes (d 64, 4 heads, 2 layers, FFN 256, GELU, tied, vocabulary 800) on the same pairs
 * as one sequence each: 64 x 24 positions, as many as the Transformer's 64 x (12 + 12).
 */
export const TRAIN_CASES: readonly TrainCase[] = [
  {
    name: "transformer",
    config: { ...transformerDefaults, ...common },
    batch: 64,
    tokens: 11,
  },
  {
    name: "gru-luong-general",
    config: { ...rnnDefaults, ...common, attention: "luong-general", embed: 64, hidden: 64 },
    batch: 64,
    tokens: 11,
  },
  {
    name: "gru-luong-general (hidden 128)",
    config: { ...rnnDefaults, ...common, attention: "luong-general", embed: 64, hidden: 128 },
    batch: 64,
    tokens: 11,
  },
  {
    name: "gpt",
    config: { ...gptDefaults, vocab: GPT_BENCH_VOCAB, maxLen: 64, dropout: 0, task: "" },
    batch: 64,
    tokens: 11,
  },
];

/** Options of runTrainSuite. */
export interface TrainSuiteOptions extends SuiteOptions {
  /** Cases to run instead of TRAIN_CASES. */
  cases?: readonly TrainCase[];
  /** Training steps per timed repetition (default 4). */
  stepsPerRep?: number;
  /** webgpu: after timing, profile one more step per kernel and attach it to the result. */
  profile?: boolean;
}

/** A train result; `profile` is there with the profile option on webgpu. */
export type TrainBenchResult = BenchResult & {
  /** Median host ms spent recording a step (building the graph, encoding dispatches). */
  recordMs: number;
  /** Kernel dispatches per step. */
  dispatches: number;
  /**
   * Median process CPU ms per step (all threads: the host and llvmpipe's workers). Less
   * sensitive than wall time to other processes competing for the cores.
   */
  cpuMs: number;
  profile?: KernelProfile;
};

/** A fixed batch of pseudo-random token ids in [4, vocab) (ids 0-3 are specials). */
export function syntheticPairs(batch: number, tokens: number, vocab: number): EncodedPair[] {
  let s = 12345;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 4 + (s % (vocab - 4));
  };
  return Array.from({ length: batch }, () => ({
    src: Array.from({ length: tokens }, next),
    tgt: Array.from({ length: tokens }, next),
  }));
}

/** A model, its optimizer and a function that records one training step. */
export interface TrainStepper {
  step(): void;
  dispose(): void;
  /** Source + target positions per step. */
  tokensPerStep: number;
}

/** A case's pairs as GPT sequences: `<bos> source <sep> target <eos>`. */
export function gptSequences(pairs: readonly EncodedPair[]): number[][] {
  return pairs.map((p) => [BOS, ...p.src, SEP, ...p.tgt, EOS]);
}

/** Builds the model of a case on a backend and returns its step function (the trainer's). */
export function makeTrainStepper(backend: Backend, c: TrainCase): TrainStepper {
  const config = c.config;
  const store = new ParamStore(backend, { seed: 1 });
  const model = config.arch === "gpt" ? makeModel(config, store) : makeModel(config, store);
  const params = [...model.params.values()];
  const adam = new Adam(params, { lr: 1e-3, clipNorm: 1 });
  const vocab = config.arch === "gpt" ? config.vocab : config.tgtVocab;
  const pairs = syntheticPairs(c.batch, c.tokens, vocab);
  const record = config.arch === "gpt"
    ? () => {
      const batch = packLmBatch(backend, gptSequences(pairs));
      nextTokenStep(model as Gpt, batch, adam, { seed: 7 });
      batch.ids.dispose();
    }
    : () => {
      const batch = makeTrainingBatch(backend, pairs);
      trainStep(model as Seq2Seq, batch, adam, { seed: 7 });
      disposeBatch(batch);
    };
  return {
    tokensPerStep: 2 * c.batch * (c.tokens + 1),
    step() {
      tidy(record);
      backend.flush();
    },
    dispose() {
      adam.dispose();
      for (const t of model.params.values()) t.dispose();
      (model as { dispose?: () => void }).dispose?.();
    },
  };
}

/** Runs the train suite on a backend. */
export async function runTrainSuite(
  backend: Backend,
  options: TrainSuiteOptions = {},
): Promise<BenchReport> {
  const { reps = 5, signal, cases = TRAIN_CASES, stepsPerRep = 4 } = options;
  const results: TrainBenchResult[] = [];
  const gpu = backend.name === "webgpu" ? (backend as WebGpuBackend) : null;
  for (const c of cases) {
    signal?.throwIfAborted();
    const stepper = makeTrainStepper(backend, c);
    try {
      for (let i = 0; i < 2; i++) stepper.step(); // warm-up: pipelines, pool, caches
      await backend.sync();
      const times: number[] = [];
      const recording: number[] = [];
      const cpu: number[] = [];
      const dispatchesBefore = backend.stats.dispatches;
      for (let r = 0; r < reps; r++) {
        signal?.throwIfAborted();
        const start = performance.now();
        const cpuStart = cpuUsage();
        for (let i = 0; i < stepsPerRep; i++) {
          const t = performance.now();
          stepper.step();
          recording.push(performance.now() - t);
        }
        await backend.sync();
        times.push((performance.now() - start) / stepsPerRep);
        const used = cpuUsage(cpuStart);
        cpu.push((used.user + used.system) / 1000 / stepsPerRep);
      }
      const dispatches = (backend.stats.dispatches - dispatchesBefore) / (reps * stepsPerRep);
      let profile: KernelProfile | undefined;
      if (options.profile && gpu?.rt.hasTimestamps) {
        gpu.rt.startProfiling();
        stepper.step();
        profile = await gpu.rt.stopProfiling();
      }
      const med = median(times);
      results.push({
        name: c.name,
        params: paramsOf(c, stepsPerRep),
        medianMs: med,
        minMs: Math.min(...times),
        maxMs: Math.max(...times),
        value: stepper.tokensPerStep / (med / 1000),
        unit: "tokens/s",
        timing: "wall",
        wallMedianMs: med,
        recordMs: median(recording),
        dispatches,
        cpuMs: median(cpu),
        ...(profile ? { profile } : {}),
      });
    } finally {
      stepper.dispose();
    }
  }
  return {
    suite: "train",
    backend: backend.name,
    adapter: backend.name === "webgpu" ? backend.deviceName : null,
    results,
  };
}

function paramsOf(c: TrainCase, stepsPerRep: number): BenchResult["params"] {
  const cfg = c.config;
  if (cfg.arch === "gpt") {
    const { dModel, heads, layers, ffn, activation, tied, vocab } = cfg;
    // One sequence of 2 * tokens + 3 ids: the model reads all but the last.
    const positions = 2 * c.tokens + 2;
    return {
      arch: cfg.arch,
      dModel,
      heads,
      layers,
      ffn,
      activation,
      tied,
      batch: c.batch,
      positions,
      vocab,
      stepsPerRep,
    };
  }
  const sizes: BenchResult["params"] = cfg.arch === "transformer"
    ? {
      dModel: cfg.dModel,
      heads: cfg.heads,
      layers: `${cfg.encoderLayers}+${cfg.decoderLayers}`,
      ffn: cfg.ffn,
    }
    : { embed: cfg.embed, hidden: cfg.hidden, attention: cfg.attention };
  return {
    arch: cfg.arch,
    ...sizes,
    batch: c.batch,
    srcTokens: c.tokens + 1,
    tgtTokens: c.tokens + 1,
    vocab: cfg.tgtVocab,
    stepsPerRep,
  };
}
