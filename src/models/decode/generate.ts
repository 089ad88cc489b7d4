/**
 * Generation with a decoder-only model: the prompt goes in, then one token at a time is chosen
 * (decode/sample.ts) and fed back. With the KV cache (the default) the prompt is processed
 * once and each step runs the stack on the one new token; with `noCache` each step recomputes
 * the whole prefix, as the encoder-decoder's greedy decoding does. Both give the same logits
 * (within float rounding), hence the same tokens: a test holds them to 1e-4.
 *
 * Each step reads its logits back to choose on the host: one round trip per token.
 */
import { keep, Tensor, tidy } from "../../engine/mod.ts";
import type { Gpt } from "../gpt.ts";
import type { TraceRecorder } from "../trace.ts";
import type { KvCache } from "./kv_cache.ts";
import { Sampler, type SampleStep, type SamplingOptions } from "./sample.ts";

/** What {@link generate} does besides choosing. */
export interface GenerateOptions {
  /** Tokens to add at most. */
  maxNew: number;
  sampling?: SamplingOptions;
  /** Seed of the draws (sampling at T > 0). Default 0. */
  seed?: number;
  /** Recompute the whole prefix every step instead of keeping keys and values. */
  noCache?: boolean;
  /** Generation stops after one of these ids (e.g. <eos>), which is kept in `ids`. */
  stopIds?: readonly number[];
  /**
   * Records every step's attention (site "decoder"), hidden states and logits; the caller
   * disposes the recorded tensors. With the cache a step records its new positions only
   * (attention [1, h, n, t + n]), without it the whole prefix.
   */
  trace?: TraceRecorder;
}

/** The generated tokens and how each was chosen. */
export interface GenerateResult {
  /** The new tokens (the prompt left out). */
  ids: number[];
  steps: SampleStep[];
  /** Each step's logits [V], as read back. */
  logits: Float32Array[];
  /** The KV cache's device bytes (allocated for prompt + maxNew positions); 0 without it. */
  cacheBytes: number;
  /**
   * After each step, the positions the KV cache held and their bytes ({@link KvCache.usedBytes}):
   * the prompt's after step 1, one more each step after. Empty without the cache.
   */
  cacheSteps: { positions: number; bytes: number }[];
  /** Whether a stop id ended generation (else maxNew or the model's max_len did). */
  stopped: boolean;
}

/** Continues `prompt` (ids, at least one) with up to maxNew tokens. */
export async function generate(
  model: Gpt,
  prompt: readonly number[],
  options: GenerateOptions,
): Promise<GenerateResult> {
  const { maxLen } = model.config;
  if (prompt.length < 1 || prompt.length >= maxLen) {
    throw new Error(`expected a prompt of 1 to ${maxLen - 1} tokens, got ${prompt.length}`);
  }
  const sampler = new Sampler(options.sampling, options.seed ?? 0);
  const length = Math.min(maxLen, prompt.length + options.maxNew);
  const cache = options.noCache ? null : model.startCache(1, length);
  const backend = model.tokEmbed.weight.backend;
  const result: GenerateResult = {
    ids: [],
    steps: [],
    logits: [],
    cacheBytes: cache?.bytes ?? 0,
    cacheSteps: [],
    stopped: false,
  };
  try {
    const tokens = [...prompt];
    while (tokens.length < length) {
      // With the cache only the tokens it has not seen yet go in: the prompt, then the last.
      const fresh = cache ? tokens.slice(cache.length) : tokens;
      const ids = () => Tensor.from(backend, fresh, [1, fresh.length]); // [1, n]
      const logits = tidy(() => nextLogits(model, ids(), cache, options.trace)); // [1, V]
      const row = await logits.toArray(); // [V]
      if (cache) result.cacheSteps.push({ positions: cache.length, bytes: cache.usedBytes });
      if (!options.trace) logits.dispose(); // else the trace holds it
      const step = sampler.sample(row);
      tokens.push(step.id);
      result.ids.push(step.id);
      result.steps.push(step);
      result.logits.push(row);
      if (options.stopIds?.includes(step.id)) {
        result.stopped = true;
        break;
      }
    }
  } finally {
    cache?.dispose();
  }
  return result;
}

/**
 * The next token's logits [1, V] after ids [1, n]: through the cache, or the whole prefix.
 * What the trace records is kept out of the step's scope.
 */
function nextLogits(
  model: Gpt,
  ids: Tensor,
  cache: KvCache | null,
  trace: TraceRecorder | undefined,
): Tensor {
  const before = trace && [trace.attention.length, trace.hidden.length, trace.logits.length];
  const logits = cache ? model.extend(ids, cache, { trace }) : model.nextLogits(ids, { trace });
  if (trace && before) {
    trace.attention.slice(before[0]).forEach((a) => keep(a.weights));
    trace.hidden.slice(before[1]).forEach((h) => keep(h.values));
    trace.logits.slice(before[2]).forEach((l) => keep(l));
  }
  return logits;
}
