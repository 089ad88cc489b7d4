/**
 * `step` on a decoder-only GPT: its generation with the KV cache taken apart into frames, one
 * per pass through the model. Step 1 is the prefill: the whole prompt goes in at once, every
 * layer writes the prompt's keys and values into the cache, and the last position's logits
 * choose the first token. Each later step feeds back the token chosen before it: one new
 * position is projected, written into the cache, and its query attends over every cached
 * position. The token chosen last is never fed back, so after N tokens the cache holds
 * prompt + N - 1 positions.
 *
 * Everything in a frame is what the cached generation itself computed: the attention rows come
 * from its trace (the rows of the new positions over the cache), the positions and bytes from
 * the KvCache after the step (src/models/decode/kv_cache.ts, `usedBytes`).
 */
import type { AppContext } from "./context.ts";
import { DEFAULT_MAX_NEW, isKoreanOnly, openGpt } from "./generate_text.ts";
import type { GptStepFrame, StepMatrix, StepResult } from "./step_frames.ts";
import { BOS, EOS } from "../data/vocab.ts";
import { translationPromptIds } from "../data/lm_corpus.ts";
import { generate } from "../models/decode/generate.ts";
import { softmaxRow } from "../models/decode/sample.ts";
import { TraceRecorder } from "../models/trace.ts";

/**
 * Generates greedily from `text` with the GPT `model` names (undefined: the one in use) through
 * the KV cache, recording each pass, and returns the frames of `step`.
 */
export async function gptStepFrames(
  app: AppContext,
  request: { text: string; model?: string },
): Promise<StepResult> {
  const loaded = await openGpt(app, request.model);
  const { tokenizer, config, model } = loaded;
  const promptIds = isKoreanOnly(request.text)
    ? translationPromptIds(tokenizer, request.text)
    : [BOS, ...tokenizer.encode(request.text).ids];
  const maxNew = Math.min(DEFAULT_MAX_NEW, config.maxLen - promptIds.length);
  const trace = new TraceRecorder();
  const last = config.layers - 1;
  let rows: { shape: number[]; data: Float32Array }[];
  let generated;
  try {
    generated = await generate(model, promptIds, {
      maxNew,
      sampling: { temperature: 0 },
      stopIds: [EOS],
      trace,
    });
    // One record per pass for each layer, [1, h, n, t + n]: the last layer's, in pass order.
    const records = trace.attention.filter((a) => a.layer === last);
    rows = await Promise.all(
      records.map(async (a) => ({ shape: [...a.weights.shape], data: await a.weights.toArray() })),
    );
  } finally {
    for (const a of trace.attention) a.weights.dispose();
    for (const h of trace.hidden) h.values.dispose();
    for (const l of trace.logits) l.dispose();
  }
  const all = [...promptIds, ...generated.ids];
  const tokens = tokenizer.tokensOf(all);
  const frames: GptStepFrame[] = generated.ids.map((id, i) => {
    const cache = generated.cacheSteps[i];
    const start = i === 0 ? 0 : promptIds.length + i - 1; // the first position this pass fed
    const read = tokens.slice(start, cache.positions);
    const attention: StepMatrix = {
      title: `layer ${last} self-attention over the KV cache, mean of ${config.heads} heads`,
      site: "decoder",
      layer: last,
      heads: config.heads,
      rows: read,
      cols: tokens.slice(0, cache.positions),
      weights: meanRows(rows[i]),
    };
    return {
      kind: "gpt-generation",
      step: i + 1,
      read,
      token: tokens[promptIds.length + i],
      p: round(softmaxRow(generated.logits[i])[id]),
      attention,
      cache: { ...cache },
    };
  });
  return {
    model: loaded.name,
    family: "gpt",
    input: tokenizer.tokensOf(tokenizer.encode(request.text).ids),
    output: tokenizer.decode(generated.stopped ? generated.ids.slice(0, -1) : generated.ids),
    frames,
    range: { min: 0, max: 0 }, // no strips: every matrix is attention, drawn on [0, 1]
    gpt: {
      layers: config.layers,
      heads: config.heads,
      dHead: config.dModel / config.heads,
      prompt: tokens.slice(0, promptIds.length),
      allocatedBytes: generated.cacheBytes,
      allocatedPositions: promptIds.length + maxNew,
    },
  };
}

/** The mean over heads of weights [1, h, n, t] read back: n rows of t. */
function meanRows(w: { shape: number[]; data: Float32Array }): number[][] {
  const [, heads, n, t] = w.shape;
  return Array.from({ length: n }, (_, q) =>
    Array.from({ length: t }, (_, k) => {
      let sum = 0;
      for (let h = 0; h < heads; h++) sum += w.data[(h * n + q) * t + k];
      return round(sum / heads);
    }));
}

/** Six significant digits, as the other attention JSON (float32 carries about seven). */
function round(x: number): number {
  return Number(x.toPrecision(6));
}
