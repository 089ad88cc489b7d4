/**
 * Scoring a GPT on held-out translation pairs `<bos> ko <sep> en <eos>`: prompted translation
 * exact match and held-out perplexity, both from one teacher-forced forward pass per batch.
 *
 * Why one forward pass gives greedy generation's exact match: greedy decoding from the prompt
 * `<bos> ko <sep>` reproduces the reference `en <eos>` exactly if and only if, at every target
 * position, the argmax of the next-token logits given the reference prefix is the reference
 * token (by induction: while the outputs agree, the prefixes are the same, so the argmaxes are
 * the same). So the argmax of each position after <sep>, compared to the reference, decides
 * exact match without decoding token by token (one round trip per batch instead of one per
 * token). tests/train/shipped_weights_test.ts checks a shipped GPT's recorded score with real
 * greedy generation (decode/generate.ts) on the cpu backend.
 *
 * Perplexity = exp(mean next-token cross-entropy over every real position of the held-out
 * sequences), the Korean part included.
 */
import { ops, Tensor, tidy } from "../engine/mod.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { PAD } from "../data/vocab.ts";
import { SEP } from "../data/tokenizers/bpe_specials.ts";
import type { Gpt } from "../models/gpt.ts";
import type { Metrics } from "./evaluate.ts";
import { packLmBatch } from "./next_token.ts";

/** Scores of a GPT on translation pairs: Metrics over the target part, and perplexity. */
export interface GptMetrics extends Metrics {
  /** exp(mean next-token loss) over every real position; 0 when nothing was scored. */
  perplexity: number;
}

/** Options of {@link evaluateGpt}. */
export interface EvaluateGptOptions {
  backend: Backend;
  /** Sequences scored together (one forward pass, two readbacks). Default 128. */
  batchSize?: number;
  /** Stops between batches; the metrics then cover the batches done. */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Scores `sequences` (ids `<bos> ko <sep> en <eos>`, each with one <sep>): exact match of the
 * part after <sep> under greedy choice, token accuracy over those positions, and perplexity.
 */
export async function evaluateGpt(
  model: Gpt,
  sequences: readonly number[][],
  options: EvaluateGptOptions,
): Promise<GptMetrics> {
  const batchSize = options.batchSize ?? 128;
  let exact = 0, right = 0, scored = 0, count = 0, lossSum = 0, lossTokens = 0;
  for (let start = 0; start < sequences.length; start += batchSize) {
    if (options.signal?.aborted) break;
    const rows = sequences.slice(start, start + batchSize);
    const batch = packLmBatch(options.backend, rows);
    const [picks, loss] = tidy(() => scoreBatch(model, batch.ids)); // [B, T], []
    batch.ids.dispose();
    const [picked, mean] = [await picks.toArray(), (await loss.toArray())[0]];
    picks.dispose();
    loss.dispose();
    const width = batch.ids.shape[1] - 1;
    rows.forEach((row, b) => {
      const sep = row.indexOf(SEP);
      if (sep < 0) throw new Error(`expected a <sep> in every scored sequence, got none`);
      let all = true;
      for (let t = sep; t < row.length - 1; t++) {
        const ok = picked[b * width + t] === row[t + 1]; // position t predicts token t + 1
        if (ok) right++;
        else all = false;
        scored++;
      }
      if (all) exact++;
    });
    count += rows.length;
    lossSum += mean * batch.tokens;
    lossTokens += batch.tokens;
    options.onProgress?.(count, sequences.length);
  }
  return {
    exactMatch: count === 0 ? 0 : exact / count,
    tokenAccuracy: scored === 0 ? 0 : right / scored,
    count,
    perplexity: lossTokens === 0 ? 0 : Math.exp(lossSum / lossTokens),
  };
}

/** The greedy pick after every position [B, T] and the mean next-token loss [] of ids [B, T+1]. */
function scoreBatch(model: Gpt, ids: Tensor): [Tensor, Tensor] {
  const t = ids.shape[1] - 1;
  const logits = model.forward(ops.slice(ids, 1, 0, t)); // [B, T, V]
  const target = ops.slice(ids, 1, 1, t); // [B, T]
  const loss = ops.crossEntropy(logits, target, { ignoreIndex: PAD }); // []
  return [ops.argmax(logits), loss];
}
