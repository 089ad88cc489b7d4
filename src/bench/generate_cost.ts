/**
 * What one new token costs a decoder-only model as the prefix grows, with and without the KV
 * cache (src/models/decode/kv_cache.ts). One greedy generation per mode runs from a one-token
 * prompt up to the longest length; the step that reads a prefix of n tokens and gives the
 * (n+1)-th is timed on the wall clock, its logits read back (the round trip every real
 * generation pays per token). The median over repetitions at each asked n is reported.
 *
 * With the cache a step projects one position and attends over n cached keys; without it the
 * whole prefix of n positions runs through every layer again. Per mode the log-log slope of
 * time against n says how the step grows: what is measured, not assumed (fixed costs such as
 * dispatches and the round trip flatten both at small n).
 *
 * The first repetition of both modes also checks the claim that makes the cache legitimate:
 * the same greedy tokens, logits within float rounding.
 */
import type { Backend } from "../engine/backend/contract.ts";
import { Tensor, tidy } from "../engine/mod.ts";
import { type GptConfig, gptDefaults } from "../models/config.ts";
import type { KvCache } from "../models/decode/kv_cache.ts";
import type { Gpt } from "../models/gpt.ts";
import { makeModel } from "../models/make_model.ts";
import { ParamStore } from "../models/weights/param_store.ts";
import { median } from "../measure/average.ts";
import { logLogSlope } from "../measure/fit.ts";

/** The two ways a step can run. */
export type GenerateMode = "cache" | "no-cache";
export const GENERATE_MODES: readonly GenerateMode[] = ["cache", "no-cache"];

/** Longest prefix the measurement accepts (the random model's position table grows with it). */
export const MAX_GENERATE_LENGTH = 1024;

/** The model measured when none is given: the default GPT's sizes, random weights. */
export function benchGptConfig(maxLen: number): GptConfig {
  return { ...gptDefaults, vocab: 256, maxLen, dropout: 0 };
}

/** Options of {@link measureGenerateCost}. */
export interface GenerateCostOptions {
  backend: Backend;
  /** Prefix lengths n at which a step is reported (ascending, >= 1). */
  lengths: readonly number[];
  /** Timed generations per mode (after one short warm-up). */
  reps: number;
  /** A model to measure instead of the random default one (its maxLen must reach the lengths). */
  model?: Gpt;
  signal?: AbortSignal;
  /** Called before each step: done of total steps, and what runs now. */
  progress?: (done: number, total: number, what: string) => void;
}

/** One mode at one prefix length. */
export interface GenerateCostPoint {
  mode: GenerateMode;
  /** Tokens in the prefix the step reads. */
  n: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Bytes of keys and values the cache holds for n positions (0 without the cache). */
  cacheBytes: number;
}

/** Whether the cache changed the result (first repetition of each mode). */
export interface GenerateAgreement {
  /** Steps compared (up to the first differing token). */
  steps: number;
  sameTokens: boolean;
  /** The prefix length at whose step the tokens first differ; null when they never do. */
  firstDifference: number | null;
  /** Largest |logit with cache - logit without| over the compared steps. */
  maxLogitDiff: number;
}

/** Everything measured. */
export interface GenerateCost {
  config: GptConfig;
  points: GenerateCostPoint[];
  /** Log-log slope of median ms against n per mode (two or more lengths). */
  slopes: Partial<Record<GenerateMode, number>>;
  agreement: GenerateAgreement;
}

/** One generation: each step's wall ms and logits, by prefix length (index n). */
interface Run {
  ids: number[];
  ms: number[];
  logits: Float32Array[];
  /** The cache's used bytes after each step (0 without it). */
  cacheBytes: number[];
}

/** Times both modes at every length; see the module comment. */
export async function measureGenerateCost(options: GenerateCostOptions): Promise<GenerateCost> {
  const { backend, lengths, reps } = options;
  const longest = Math.max(...lengths);
  const model = options.model ??
    makeModel(benchGptConfig(longest), new ParamStore(backend, { seed: 1 }));
  try {
    if (lengths.some((n) => !Number.isInteger(n) || n < 1) || longest > model.config.maxLen) {
      throw new Error(
        `expected prefix lengths 1..${model.config.maxLen}, got ${lengths.join(", ")}`,
      );
    }
    const total = 2 * reps * longest;
    let done = 0;
    const runs: Record<GenerateMode, Run[]> = { cache: [], "no-cache": [] };
    for (const mode of GENERATE_MODES) {
      await generateTimed(model, mode, Math.min(16, longest), options.signal); // warm-up: compiles, pools
      for (let r = 0; r < reps; r++) {
        runs[mode].push(
          await generateTimed(model, mode, longest, options.signal, (n) => {
            options.progress?.(done++, total, `${mode} n=${n}`);
          }),
        );
      }
    }
    options.progress?.(total, total, "");
    const points = GENERATE_MODES.flatMap((mode) =>
      lengths.map((n) => pointAt(mode, n, runs[mode]))
    );
    return {
      config: model.config,
      points,
      slopes: slopesOf(points, lengths),
      agreement: compareRuns(runs.cache[0], runs["no-cache"][0]),
    };
  } finally {
    if (!options.model) { for (const p of model.params.values()) p.dispose(); }
  }
}

/** Greedy generation from token 1 until the prefix holds `longest` tokens, each step timed. */
async function generateTimed(
  model: Gpt,
  mode: GenerateMode,
  longest: number,
  signal?: AbortSignal,
  onStep?: (n: number) => void,
): Promise<Run> {
  const backend = model.tokEmbed.weight.backend;
  const cache = mode === "cache" ? model.startCache(1, longest) : null;
  const run: Run = { ids: [1], ms: [], logits: [], cacheBytes: [] };
  try {
    for (let n = 1; n <= longest; n++) {
      if (signal?.aborted) throw signal.reason ?? new DOMException("interrupted", "AbortError");
      onStep?.(n);
      const start = performance.now();
      const fresh = cache ? run.ids.slice(cache.length) : run.ids; // cache: the new token only
      const logits = tidy(() => step(model, Tensor.from(backend, fresh, [1, fresh.length]), cache)); // [1, V]
      const row = await logits.toArray(); // [V]: the per-token round trip
      run.ms[n] = performance.now() - start;
      logits.dispose();
      run.logits[n] = row;
      run.cacheBytes[n] = cache?.usedBytes ?? 0;
      if (n < longest) run.ids.push(argmax(row));
    }
  } finally {
    cache?.dispose();
  }
  return run;
}

/** Logits [1, V] after ids [1, k]: through the cache, or the whole prefix again. */
function step(model: Gpt, ids: Tensor, cache: KvCache | null): Tensor {
  return cache ? model.extend(ids, cache) : model.nextLogits(ids);
}

function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** Median, min and max of the step at prefix n over the runs, and the cache's bytes there. */
function pointAt(mode: GenerateMode, n: number, runs: Run[]): GenerateCostPoint {
  const ms = runs.map((r) => r.ms[n]);
  return {
    mode,
    n,
    medianMs: median(ms),
    minMs: Math.min(...ms),
    maxMs: Math.max(...ms),
    cacheBytes: runs[0].cacheBytes[n],
  };
}

/** Per mode the slope of log(median ms) against log(n), when there are two lengths or more. */
function slopesOf(
  points: readonly GenerateCostPoint[],
  lengths: readonly number[],
): Partial<Record<GenerateMode, number>> {
  const slopes: Partial<Record<GenerateMode, number>> = {};
  if (new Set(lengths).size < 2) return slopes;
  for (const mode of GENERATE_MODES) {
    const own = points.filter((p) => p.mode === mode);
    slopes[mode] = logLogSlope(own.map((p) => p.n), own.map((p) => Math.max(p.medianMs, 1e-6)));
  }
  return slopes;
}

/** Tokens and logits of the cached run against the recomputing one, step by step. */
function compareRuns(cached: Run, recomputed: Run): GenerateAgreement {
  let maxLogitDiff = 0;
  let steps = 0;
  for (let n = 1; n < cached.logits.length; n++) {
    const a = cached.logits[n];
    const b = recomputed.logits[n];
    for (let i = 0; i < a.length; i++) maxLogitDiff = Math.max(maxLogitDiff, Math.abs(a[i] - b[i]));
    steps++;
    if (cached.ids[n] !== recomputed.ids[n]) {
      return { steps, sameTokens: false, firstDifference: n, maxLogitDiff };
    }
  }
  return { steps, sameTokens: true, firstDifference: null, maxLogitDiff };
}
