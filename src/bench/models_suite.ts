/**
 * `bench models`: the encoder and greedy decoding of each architecture, by source length: the
 * numbers behind "the Transformer replaced the RNN". An RNN encoder records one step per source
 * position, the Transformer's encoder one pass over all of them; at decoding time both go one
 * token at a time (the Transformer re-running its decoder over the whole prefix).
 *
 * Models have their default sizes (src/models/config.ts) and random weights (a fixed seed), a
 * vocabulary of 120 and no dropout. A source of length n is n - 1 pseudo-random tokens + <eos>;
 * greedy decoding runs exactly n steps (the decode is recorded before anything runs, so a
 * random model's early <eos> changes nothing) and reads the tokens back once, without a trace.
 */

import type { Backend } from "../engine/backend/contract.ts";
import { tidy } from "../engine/mod.ts";
import { type ModelConfig, rnnDefaults, transformerDefaults } from "../models/config.ts";
import { makeModel } from "../models/make_model.ts";
import { type Seq2Seq } from "../models/model.ts";
import { EOS } from "../data/vocab.ts";
import type { SourceBatch } from "../data/batches.ts";
import { ParamStore } from "../models/weights/param_store.ts";
import { greedyDecode, makeSourceBatch } from "../models/decode/greedy.ts";
import { median } from "../measure/average.ts";
import { measureOp } from "../measure/measure_op.ts";
import type { BenchReport, BenchResult, SuiteOptions } from "./types.ts";

/** One benchmarked architecture (sizes other than vocab and max_len from the defaults). */
export interface ModelCase {
  name: string;
  config: ModelConfig;
}

/** What a models result adds to BenchResult. */
export type ModelsBenchResult = BenchResult & {
  /** The line of the length chart: the architecture's name. */
  series: string;
  /** The chart: "encoder" or "greedy decode". */
  sweep: string;
  /** Decode only: the median divided by the tokens emitted (a whole decode is timed). */
  perTokenMs?: number;
  /** Decode only: median GPU ms of the encoder and decoder stages (timestamp queries). */
  encoderGpuMs?: number;
  decoderGpuMs?: number;
};

const common = { srcVocab: 120, tgtVocab: 120, dropout: 0, task: "" };

/** The architectures of the suite, at their default sizes. */
export const MODEL_CASES: readonly ModelCase[] = [
  { name: "transformer", config: { ...transformerDefaults, ...common } },
  { name: "gru", config: { ...rnnDefaults, ...common, attention: "none" } },
  { name: "gru-bahdanau", config: { ...rnnDefaults, ...common, attention: "bahdanau" } },
  {
    name: "lstm-luong-dot",
    config: { ...rnnDefaults, ...common, arch: "lstm", attention: "luong-dot" },
  },
];

/** Default source lengths: 8, 16, 32, 64. */
export const DEFAULT_MODEL_LENGTHS: readonly number[] = [8, 16, 32, 64];

/** Longest source length the suite accepts (positions tables grow with it). */
export const MAX_MODEL_LENGTH = 512;

/** Options of runModelsSuite. */
export interface ModelsSuiteOptions extends SuiteOptions {
  /** Source lengths n (tokens + <eos>); default {@link DEFAULT_MODEL_LENGTHS}. */
  lengths?: readonly number[];
  /** Architectures to run instead of MODEL_CASES. */
  cases?: readonly ModelCase[];
  /** Sequences decoded together (default 1: the latency of one request). */
  batch?: number;
}

const ENCODER = "encoder";
const DECODE = "greedy decode";

/** Source rows of length n: n - 1 pseudo-random ids in [4, vocab), then <eos>. */
export function sourceRows(batch: number, n: number, vocab: number): number[][] {
  let s = 2024 + n;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 4 + (s % (vocab - 4));
  };
  return Array.from({ length: batch }, () => [...Array.from({ length: n - 1 }, next), EOS]);
}

/** Runs the models suite on a backend. */
export async function runModelsSuite(
  backend: Backend,
  options: ModelsSuiteOptions = {},
): Promise<BenchReport> {
  const { reps = 5, signal, cases = MODEL_CASES, batch = 1 } = options;
  const lengths = options.lengths ?? DEFAULT_MODEL_LENGTHS;
  for (const n of lengths) {
    if (!Number.isInteger(n) || n < 2 || n > MAX_MODEL_LENGTH) {
      throw new Error(`expected source lengths from 2 to ${MAX_MODEL_LENGTH}, got ${n}`);
    }
  }
  if (!Number.isInteger(batch) || batch < 1) {
    throw new Error(`expected a batch of at least 1 sequence, got ${batch}`);
  }
  // max_len covers the longest source and every decoded position (<bos> + n tokens).
  const maxLen = Math.max(64, ...lengths.map((n) => n + 1));
  const results: ModelsBenchResult[] = [];

  for (const c of cases) {
    signal?.throwIfAborted();
    const config = { ...c.config, maxLen } as ModelConfig;
    const model = makeModel(config, new ParamStore(backend, { seed: 1 }));
    try {
      for (const n of lengths) {
        const src = makeSourceBatch(backend, sourceRows(batch, n, config.srcVocab));
        try {
          const info = { name: c.name, n, batch, reps, signal };
          results.push(await timeEncoder(backend, model, src, info));
          results.push(await timeDecode(model, src, info));
        } finally {
          src.src.dispose();
        }
      }
    } finally {
      for (const t of model.params.values()) t.dispose();
      (model as { dispose?: () => void }).dispose?.();
    }
  }
  return {
    suite: "models",
    backend: backend.name,
    adapter: backend.name === "webgpu" ? backend.deviceName : null,
    results,
  };
}

interface CaseInfo {
  name: string;
  n: number;
  batch: number;
  reps: number;
  signal?: AbortSignal;
}

/** startDecoding alone (encoder + what decoding precomputes), batched like any op. */
async function timeEncoder(
  backend: Backend,
  model: Seq2Seq,
  src: SourceBatch,
  info: CaseInfo,
): Promise<ModelsBenchResult> {
  const m = await measureOp(backend, () => tidy(() => void model.startDecoding(src)), {
    reps: info.reps,
    signal: info.signal,
  });
  return {
    name: `${info.name} encode n=${info.n}`,
    params: { arch: info.name, phase: "encode", n: info.n, batch: info.batch },
    medianMs: m.medianMs,
    minMs: m.minMs,
    maxMs: m.maxMs,
    value: (info.n * info.batch) / (m.medianMs / 1000),
    unit: "tokens/s",
    timing: m.timing,
    wallMedianMs: m.wallMedianMs,
    series: info.name,
    sweep: ENCODER,
  };
}

/**
 * A whole greedy decode as a caller sees it: record the encoder and n decoding steps, submit,
 * wait, read the tokens back. Wall time per decode; tokens/s = tokens emitted / that time.
 */
async function timeDecode(
  model: Seq2Seq,
  src: SourceBatch,
  info: CaseInfo,
): Promise<ModelsBenchResult> {
  const decode = () => greedyDecode(model, src, { maxSteps: info.n, trace: false });
  info.signal?.throwIfAborted();
  await decode(); // warm-up: pipelines, pool
  const wall: number[] = [];
  const encoderGpu: number[] = [];
  const decoderGpu: number[] = [];
  for (let r = 0; r < info.reps; r++) {
    info.signal?.throwIfAborted();
    const start = performance.now();
    const { rows, timings } = await decode();
    wall.push(performance.now() - start);
    if (rows.length !== info.batch) {
      throw new Error(`expected ${info.batch} decoded rows, got ${rows.length}`);
    }
    for (const t of timings) {
      if (t.gpuMs === undefined) continue;
      if (t.name === "encoder") encoderGpu.push(t.gpuMs);
      if (t.name === "decoder") decoderGpu.push(t.gpuMs);
    }
  }
  const med = median(wall);
  const result: ModelsBenchResult = {
    name: `${info.name} decode n=${info.n}`,
    params: { arch: info.name, phase: "decode", n: info.n, steps: info.n, batch: info.batch },
    medianMs: med,
    minMs: Math.min(...wall),
    maxMs: Math.max(...wall),
    value: (info.n * info.batch) / (med / 1000),
    unit: "tokens/s",
    timing: "wall",
    wallMedianMs: med,
    perTokenMs: med / info.n,
    series: info.name,
    sweep: DECODE,
  };
  if (encoderGpu.length === info.reps) result.encoderGpuMs = median(encoderGpu);
  if (decoderGpu.length === info.reps) result.decoderGpuMs = median(decoderGpu);
  return result;
}
