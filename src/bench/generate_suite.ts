/**
 * `bench generate`: time per new token of a GPT against the prefix length, with the KV cache
 * and recomputing the prefix (generate_cost.ts measures), plus the cache's bytes at each length
 * and whether both gave the same tokens. Fields in docs/CONTRACT.md.
 */
import type { Backend } from "../engine/backend/contract.ts";
import type { Gpt } from "../models/gpt.ts";
import { type GenerateAgreement, type GenerateMode, measureGenerateCost } from "./generate_cost.ts";
import type { BenchReport, BenchResult, SuiteOptions } from "./types.ts";

export {
  benchGptConfig,
  type GenerateAgreement,
  type GenerateCost,
  type GenerateCostPoint,
  type GenerateMode,
  MAX_GENERATE_LENGTH,
  measureGenerateCost,
} from "./generate_cost.ts";

/** Default prefix lengths: 16, 32, ..., 256. */
export const DEFAULT_GENERATE_LENGTHS: readonly number[] = [16, 32, 64, 128, 256];

/** One (mode, n) case. */
export type GenerateBenchResult = BenchResult & {
  /** "kv cache" or "no cache": the line of the chart. */
  series: string;
  sweep: string;
  /** Bytes of keys and values the cache holds at this prefix length (0 without the cache). */
  cacheBytes: number;
  /** Milliseconds per new token: medianMs itself (each step gives one token). */
  perTokenMs: number;
  /** Log-log slope of median ms against n over the mode's lengths (2+ lengths). */
  slope?: number;
};

/** The report, with the agreement of the two modes and the model measured. */
export type GenerateBenchReport = Omit<BenchReport, "results"> & {
  results: GenerateBenchResult[];
  agreement: GenerateAgreement;
  model: {
    dModel: number;
    heads: number;
    layers: number;
    ffn: number;
    vocab: number;
    maxLen: number;
  };
};

/** Options of runGenerateSuite. */
export interface GenerateSuiteOptions extends SuiteOptions {
  lengths?: readonly number[];
  /** A GPT to measure instead of the random default one. */
  model?: Gpt;
}

const SERIES: Record<GenerateMode, string> = { cache: "kv cache", "no-cache": "no cache" };

/** Runs the generate suite on a backend. */
export async function runGenerateSuite(
  backend: Backend,
  options: GenerateSuiteOptions = {},
): Promise<GenerateBenchReport> {
  const lengths = options.lengths ?? DEFAULT_GENERATE_LENGTHS;
  const cost = await measureGenerateCost({
    backend,
    lengths,
    reps: options.reps ?? 5,
    model: options.model,
    signal: options.signal,
    progress: options.progress,
  });
  const { dModel, heads, layers, ffn, vocab, maxLen } = cost.config;
  const sweep = `time per new token, GPT d=${dModel} h=${heads} L=${layers}, batch 1`;
  const results = cost.points.map((p): GenerateBenchResult => ({
    name: `${p.mode} n=${p.n}`,
    params: { mode: p.mode, n: p.n, dModel, heads, layers, vocab, batch: 1 },
    medianMs: p.medianMs,
    minMs: p.minMs,
    maxMs: p.maxMs,
    value: p.medianMs > 0 ? 1000 / p.medianMs : 0,
    unit: "tokens/s",
    perTokenMs: p.medianMs,
    timing: "wall",
    series: SERIES[p.mode],
    sweep,
    cacheBytes: p.cacheBytes,
    ...(cost.slopes[p.mode] === undefined ? {} : { slope: cost.slopes[p.mode] }),
  }));
  return {
    suite: "generate",
    backend: backend.name,
    adapter: backend.name === "webgpu" ? backend.deviceName : null,
    results,
    agreement: cost.agreement,
    model: { dModel, heads, layers, ffn, vocab, maxLen },
  };
}
