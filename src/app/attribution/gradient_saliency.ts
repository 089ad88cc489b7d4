/**
 * Gradient x input saliency (Shrikumar et al. 2016; Denil et al. 2014; the "attention is not
 * explanation" comparisons of Jain & Wallace 2019): for output token y_t, teacher-forced on the
 * model's own greedy output, how much each source position's input vector contributed to
 * log p(y_t), to first order:
 *
 *   s_t[j] = sum_k  d log p(y_t) / d h_0[j, k]  *  h_0[j, k]
 *
 * where h_0 is the input of the stack (TraceRecorder.inputs): the encoder's input for the
 * Transformer (embedding * sqrt(d) + positions), the source embeddings for an RNN, the prompt
 * positions of the GPT's input (token + position embeddings). sum_j s_t[j] is the first-order
 * change of log p(y_t) when every source input is scaled by (1 + eps): a Taylor check the tests
 * hold against finite differences.
 *
 * One backward for every output token: the batch is the same sequence T times, row b's loss is
 * log p of token b at step b, and the sum over rows is differentiated once (rows share no
 * computation, so row b's gradient is that of its own token alone). Eval mode: no dropout.
 *
 * The same pass records the attention the saliency is compared with (row 0 of the batch; every
 * row is the same sequence): the Transformer's last cross-attention, an RNN's alignment, the
 * GPT's last self-attention layer. Each is averaged over heads.
 */
import { ops, Tape, Tensor, tidy } from "../../engine/mod.ts";
import { BOS } from "../../data/vocab.ts";
import type { Gpt } from "../../models/gpt.ts";
import type { Seq2Seq } from "../../models/model.ts";
import { TraceRecorder } from "../../models/trace.ts";

/** Signed gradient x input per output token and source position, and the compared attention. */
export interface SaliencyScores {
  /** raw[t][j]: d log p(y_t) / d h_0[j] . h_0[j] (signed). */
  raw: number[][];
  /** The model's attention over the same cells (mean of heads), or null when it has none. */
  attention: number[][] | null;
}

/** No target id is -1: crossEntropy ignores every cell but each row's own step. */
const IGNORE = -1;

/** ids repeated `n` times as a batch [n, ids.length]. */
function repeated(backend: Tensor["backend"], ids: readonly number[], n: number): Tensor {
  const data = new Float32Array(n * ids.length);
  for (let b = 0; b < n; b++) data.set(ids, b * ids.length);
  return Tensor.from(backend, data, [n, ids.length]);
}

/**
 * sum_b log p(token b at position steps[b]) of logits [n, T, V] (as a scalar): crossEntropy
 * averages -log p over the n cells it does not ignore, hence the factor -n.
 */
function summedLogProb(
  logits: Tensor,
  steps: readonly number[],
  tokens: readonly number[],
): Tensor {
  const [n, t] = logits.shape;
  const targets = new Float32Array(n * t).fill(IGNORE);
  steps.forEach((step, b) => (targets[b * t + step] = tokens[b]));
  const target = Tensor.from(logits.backend, targets, [n, t]);
  return ops.scale(ops.crossEntropy(logits, target, { ignoreIndex: IGNORE }), -n); // []
}

/** What one recorded pass leaves to read back: gradient x input [n, S'] and attention. */
interface Recorded {
  products: Tensor; // [n, S'] summed over features
  attention: Tensor | null; // [h, Tq, Tk] of batch row 0
}

/** Runs `lossOf` on a tape and returns gradient x input of the stack input `inputOf` picks. */
function gradientTimesInput(
  lossOf: (trace: TraceRecorder) => Tensor,
  inputOf: (trace: TraceRecorder) => Tensor,
  attentionOf: (trace: TraceRecorder) => Tensor | null,
): Recorded {
  return tidy(() => {
    const trace = new TraceRecorder();
    const tape = new Tape();
    const loss = tape.record(() => lossOf(trace));
    const h0 = inputOf(trace); // [n, S, d]
    const grad = tape.backward(loss, [h0]).get(h0)!; // [n, S, d]
    const products = ops.sum(ops.mul(grad, h0), { axis: -1 }); // [n, S]
    const weights = attentionOf(trace); // [n, h, Tq, Tk]
    const attention = weights && ops.slice(weights, 0, 0, 1); // [1, h, Tq, Tk]
    return { products, attention };
  });
}

/** Reads a recorded pass back: products rows cut to `cols` columns, attention meaned. */
async function readBack(
  r: Recorded,
  pick: { cols: number; attentionRows: readonly number[] },
): Promise<SaliencyScores> {
  try {
    const [products, weights] = await Promise.all([
      r.products.toArray(),
      r.attention ? r.attention.toArray() : Promise.resolve(null),
    ]);
    const [n, s] = r.products.shape;
    const raw = Array.from(
      { length: n },
      (_, b) => Array.from(products.subarray(b * s, b * s + pick.cols)),
    );
    if (!weights || !r.attention) return { raw, attention: null };
    const [, heads, tq, tk] = r.attention.shape;
    const attention = pick.attentionRows.map((q) =>
      Array.from({ length: pick.cols }, (_, j) => {
        let sum = 0;
        for (let h = 0; h < heads; h++) sum += weights[(h * tq + q) * tk + j];
        return sum / heads;
      })
    );
    return { raw, attention };
  } finally {
    r.products.dispose();
    r.attention?.dispose();
  }
}

/**
 * Saliency of a Seq2Seq model (Transformer or RNN): source ids (tokens + <eos>) and the ids it
 * emitted (one per step, <eos> included when emitted). Columns: every source position.
 */
export async function seq2seqSaliency(
  model: Seq2Seq,
  srcIds: readonly number[],
  outIds: readonly number[],
): Promise<SaliencyScores> {
  const backend = model.params.values().next().value!.backend;
  const n = outIds.length;
  const steps = outIds.map((_, b) => b);
  const recorded = gradientTimesInput(
    (trace) => {
      const batch = {
        src: repeated(backend, srcIds, n), // [n, S]
        srcLengths: new Array<number>(n).fill(srcIds.length),
        tgtIn: repeated(backend, [BOS, ...outIds.slice(0, -1)], n), // [n, n]
      };
      return summedLogProb(model.forward(batch, { trace }), steps, outIds); // logits [n, n, V]
    },
    (trace) => stackInput(trace, "encoder"),
    (trace) => {
      // The Transformer's last cross-attention, or an RNN's alignment (none: no attention).
      const last = trace.attention.filter((a) => a.kind === "cross" || a.kind === "alignment")
        .at(-1);
      return last?.weights ?? null;
    },
  );
  return await readBack(recorded, { cols: srcIds.length, attentionRows: steps });
}

/**
 * Saliency of a GPT: the prompt's ids (`<bos> source <sep>`) and the ids generated after it.
 * Output token b is predicted at position P - 1 + b; columns: the P prompt positions.
 */
export async function gptSaliency(
  model: Gpt,
  promptIds: readonly number[],
  outIds: readonly number[],
): Promise<SaliencyScores> {
  const backend = model.tokEmbed.weight.backend;
  const n = outIds.length;
  const p = promptIds.length;
  const input = [...promptIds, ...outIds].slice(0, -1); // the last token is never read
  const steps = outIds.map((_, b) => p - 1 + b);
  const recorded = gradientTimesInput(
    (trace) => summedLogProb(model.forward(repeated(backend, input, n), { trace }), steps, outIds),
    (trace) => stackInput(trace, "decoder"),
    (trace) => {
      const last = trace.attention.filter((a) => a.kind === "decoder").at(-1);
      return last?.weights ?? null;
    },
  );
  const scores = await readBack(recorded, { cols: p, attentionRows: steps });
  // The prompt columns of each output's row, renormalised to a distribution over the prompt.
  const attention = scores.attention?.map((row) => {
    const sum = row.reduce((s, v) => s + v, 0);
    return sum > 0 ? row.map((v) => v / sum) : row;
  }) ?? null;
  return { raw: scores.raw, attention };
}

function stackInput(trace: TraceRecorder, where: "encoder" | "decoder"): Tensor {
  const input = trace.inputs.find((r) => r.where === where);
  if (!input) throw new Error(`expected the model to record its ${where} input, got none`);
  return input.values;
}
