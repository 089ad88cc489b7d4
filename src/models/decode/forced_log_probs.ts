/**
 * Teacher-forced log-probabilities of given outputs: the model reads the reference prefix at
 * every step (not its own choices), and log p(y_t | y_<t, x) of the reference token y_t is read
 * off the logits. The held-out loss is their negated mean; `ablate` shows exp of them per step.
 *
 * The logits are read back and the log-softmax taken on the host in float64, so the numbers do
 * not depend on a device reduction (the same formula PyTorch's reference applies).
 */
import { Tensor, tidy } from "../../engine/mod.ts";
import type { Backend } from "../../engine/backend/contract.ts";
import { BOS, PAD } from "../../data/vocab.ts";
import type { ForwardOptions, Seq2Seq } from "../model.ts";
import type { Gpt } from "../gpt.ts";
import { makeSourceBatch } from "./greedy.ts";

/** Rows scored together in one forward pass (bounds the logits read back). */
const CHUNK = 64;

/** log softmax(row)[index] in float64. */
export function logSoftmaxAt(row: ArrayLike<number>, index: number): number {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]);
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  return row[index] - max - Math.log(sum);
}

/** Right-pads id rows with <pad> into [B, width]. */
function padRows(rows: readonly number[][], width: number): Float32Array {
  const data = new Float32Array(rows.length * width).fill(PAD);
  rows.forEach((r, b) => data.set(r, b * width));
  return data;
}

/**
 * Per row, log p of each output id (tokens + <eos>) given the source and the reference prefix
 * (decoder input <bos> + the ids before it). `options.ablation` switches heads off.
 */
export async function seq2seqLogProbs(
  model: Seq2Seq,
  backend: Backend,
  pairs: { sources: readonly number[][]; outputs: readonly number[][] },
  options: ForwardOptions = {},
): Promise<number[][]> {
  const out: number[][] = [];
  for (let start = 0; start < pairs.sources.length; start += CHUNK) {
    const sources = pairs.sources.slice(start, start + CHUNK);
    const outputs = pairs.outputs.slice(start, start + CHUNK);
    const steps = Math.max(...outputs.map((o) => o.length));
    const inputs = outputs.map((o) => [BOS, ...o.slice(0, -1)]); // the last id is never fed
    const batch = makeSourceBatch(backend, sources);
    const logits = tidy(() => {
      const tgtIn = Tensor.from(backend, padRows(inputs, steps), [outputs.length, steps]);
      return model.forward({ ...batch, tgtIn }, options); // [B, T, V]
    });
    batch.src.dispose();
    const values = await logits.toArray();
    const vocab = logits.shape[2];
    logits.dispose();
    outputs.forEach((o, b) => {
      out.push(o.map((id, t) => {
        const at = (b * steps + t) * vocab;
        return logSoftmaxAt(values.subarray(at, at + vocab), id);
      }));
    });
  }
  return out;
}

/**
 * Per sequence, log p of ids[t] given ids[0..t) for every t from `from[b]` (>= 1) to the end:
 * a GPT's probability of the part after its prompt. `options.ablation` switches heads off.
 */
export async function gptLogProbs(
  model: Gpt,
  backend: Backend,
  sequences: readonly number[][],
  from: readonly number[],
  options: ForwardOptions = {},
): Promise<number[][]> {
  const out: number[][] = [];
  for (let start = 0; start < sequences.length; start += CHUNK) {
    const rows = sequences.slice(start, start + CHUNK);
    const width = Math.max(...rows.map((r) => r.length));
    const logits = tidy(() =>
      model.forward(Tensor.from(backend, padRows(rows, width), [rows.length, width]), options)
    ); // [B, T, V]
    const values = await logits.toArray();
    const vocab = logits.shape[2];
    logits.dispose();
    rows.forEach((ids, i) => {
      const first = Math.max(1, from[start + i]);
      const logp: number[] = [];
      for (let t = first; t < ids.length; t++) {
        const at = (i * width + t - 1) * vocab; // position t - 1 predicts ids[t]
        logp.push(logSoftmaxAt(values.subarray(at, at + vocab), ids[t]));
      }
      out.push(logp);
    });
  }
  return out;
}
