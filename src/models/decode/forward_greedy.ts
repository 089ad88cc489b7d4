/**
 * Greedy decoding by whole forward passes: each step runs `forward` on the growing prefix and
 * takes the argmax of the last position. Slower than greedy.ts's decoding state or the KV cache
 * (the prefix is recomputed every step), but it goes through `forward`, so it takes any
 * ForwardOptions, e.g. an ablation that switches heads off, on every kind of model. At attn's
 * sizes (a few dozen steps) the recomputation costs little.
 */
import { ops, Tensor, tidy } from "../../engine/mod.ts";
import type { Backend } from "../../engine/backend/contract.ts";
import { BOS, EOS } from "../../data/vocab.ts";
import type { ForwardOptions, Seq2Seq } from "../model.ts";
import type { Gpt } from "../gpt.ts";
import { makeSourceBatch } from "./greedy.ts";

/** The chosen ids (the final <eos> included when emitted) and whether <eos> ended them. */
export interface ForwardGreedyResult {
  ids: number[];
  finished: boolean;
}

/** Index of the largest value (the first on ties, as greedy decoding's argmax). */
function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** Greedy output of a Seq2Seq model for one source (tokens + <eos>), at most maxSteps ids. */
export async function seq2seqForwardGreedy(
  model: Seq2Seq,
  backend: Backend,
  source: readonly number[],
  options: ForwardOptions & { maxSteps: number },
): Promise<ForwardGreedyResult> {
  const batch = makeSourceBatch(backend, [[...source]]);
  const ids: number[] = [];
  try {
    while (ids.length < options.maxSteps) {
      const prefix = [BOS, ...ids];
      const last = tidy(() => {
        const tgtIn = Tensor.from(backend, prefix, [1, prefix.length]); // [1, t]
        const logits = model.forward({ ...batch, tgtIn }, options); // [1, t, V]
        const v = logits.shape[2];
        return ops.slice(ops.reshape(logits, [prefix.length, v]), 0, prefix.length - 1, 1); // [1, V]
      });
      const row = await last.toArray();
      last.dispose();
      ids.push(argmax(row));
      if (ids[ids.length - 1] === EOS) return { ids, finished: true };
    }
  } finally {
    batch.src.dispose();
  }
  return { ids, finished: false };
}

/** Greedy continuation of a GPT prompt, at most maxNew ids, stopping after <eos>. */
export async function gptForwardGreedy(
  model: Gpt,
  backend: Backend,
  prompt: readonly number[],
  options: ForwardOptions & { maxNew: number },
): Promise<ForwardGreedyResult> {
  const ids: number[] = [];
  while (ids.length < options.maxNew) {
    const prefix = [...prompt, ...ids];
    const logits = tidy(() =>
      model.nextLogits(Tensor.from(backend, prefix, [1, prefix.length]), options)
    ); // [1, V]
    const row = await logits.toArray();
    logits.dispose();
    ids.push(argmax(row));
    if (ids[ids.length - 1] === EOS) return { ids, finished: true };
  }
  return { ids, finished: false };
}
