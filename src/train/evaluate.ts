/**
 * Evaluation by greedy decoding, the way a learner will use the model: exact
 * match (the whole output equals the target, <eos> included) and token
 * accuracy (the fraction of target positions, tokens + <eos>, where the
 * decoded token is right). Batches are decoded on the device without a trace,
 * one GPU round trip per batch.
 */
import type { Seq2Seq } from "../models/model.ts";
import { EOS } from "../data/vocab.ts";
import { greedyDecode, makeSourceBatch } from "../models/decode/greedy.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { type EncodedPair, lengthBatches } from "../data/batches.ts";

/** Scores of a model on a list of examples. */
export interface Metrics {
  /** Fraction of examples decoded exactly, in [0, 1]. */
  exactMatch: number;
  /** Fraction of target positions (tokens + <eos>) decoded right, in [0, 1]. */
  tokenAccuracy: number;
  /** Examples scored; 0 when the split was not scored (training stopped: see UNSCORED). */
  count: number;
}

/**
 * The scores of a split that was not scored: a stopped training skips scoring unless asked
 * (`train --score-on-stop`), and its report and checkpoint say "not scored" instead.
 */
export const UNSCORED: Readonly<Metrics> = Object.freeze({
  exactMatch: 0,
  tokenAccuracy: 0,
  count: 0,
});

/** Whether `m` holds real scores (at least one example scored). */
export function isScored(m: Metrics): boolean {
  return m.count > 0;
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Examples decoded together (one round trip each). Default 128. */
  batchSize?: number;
  /** Stops between batches; the metrics then cover the batches done. */
  signal?: AbortSignal;
  /** Called after each batch with the examples scored so far and in all. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Decodes every pair's source greedily and scores the outputs against the
 * targets. Each batch decodes max(target length) + 1 steps: enough to emit
 * the longest target and its <eos>, and any output longer than its target is
 * wrong whatever follows, so cutting there changes no score.
 */
export async function evaluate(
  model: Seq2Seq,
  pairs: readonly EncodedPair[],
  options: EvaluateOptions & { backend: Backend },
): Promise<Metrics> {
  const { backend } = options;
  let exact = 0;
  let rightTokens = 0;
  let totalTokens = 0;
  let count = 0;
  options.onProgress?.(0, pairs.length);
  for (const indices of lengthBatches(pairs, options.batchSize ?? 128)) {
    // Let pending events run between batches: on cpu a decode never returns to the event
    // loop, and a key pressed at the attn> prompt (a second Ctrl-C) must not wait for all.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (options.signal?.aborted) break;
    const rows = indices.map((i) => pairs[i]);
    const batch = makeSourceBatch(backend, rows.map((p) => [...p.src, EOS]));
    const maxSteps = Math.min(model.config.maxLen, Math.max(...rows.map((p) => p.tgt.length)) + 1);
    let decoded;
    try {
      decoded = await greedyDecode(model, batch, { trace: false, maxSteps });
    } finally {
      batch.src.dispose();
    }
    decoded.rows.forEach((row, r) => {
      const target = [...rows[r].tgt, EOS];
      const score = scoreOutput(row.ids, target);
      if (score.exact) exact++;
      rightTokens += score.rightTokens;
      totalTokens += target.length;
      count++;
    });
    options.onProgress?.(count, pairs.length);
  }
  return {
    exactMatch: count === 0 ? 0 : exact / count,
    tokenAccuracy: totalTokens === 0 ? 0 : rightTokens / totalTokens,
    count,
  };
}

/**
 * Compares decoded ids with a target (both ending with <eos> when complete):
 * exact when equal; right tokens = positions where they agree.
 */
export function scoreOutput(
  decoded: readonly number[],
  target: readonly number[],
): { exact: boolean; rightTokens: number } {
  let rightTokens = 0;
  for (let i = 0; i < target.length; i++) if (decoded[i] === target[i]) rightTokens++;
  const exact = decoded.length === target.length && rightTokens === target.length;
  return { exact, rightTokens };
}
