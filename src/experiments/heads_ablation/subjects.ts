/**
 * The models `experiment heads-ablation` can read, each as a {@link Subject}: its heads (with
 * their relative attention entropy on the held-out sentences, as `experiment heads` computes
 * it) and its held-out loss under any ForwardOptions (an ablation). An encoder-decoder's loss is
 * over the target tokens (+ <eos>) given the source; a GPT's over the translation after <sep>
 * (+ <eos>) given `<bos> ko <sep>`: the same quantity, the English given the Korean.
 */
import { getTask } from "../../data/task.ts";
import { lmSequenceIds } from "../../data/lm_corpus.ts";
import { SEP } from "../../data/tokenizers/bpe_specials.ts";
import { PAD } from "../../data/vocab.ts";
import { Tensor, tidy } from "../../engine/mod.ts";
import type { Backend } from "../../engine/backend/contract.ts";
import { gptLogProbs, seq2seqLogProbs } from "../../models/decode/forced_log_probs.ts";
import type { HeadRef } from "../../models/intervention.ts";
import type { ForwardOptions } from "../../models/model.ts";
import type { RowTrace } from "../../models/run_result.ts";
import { TraceRecorder } from "../../models/trace.ts";
import type { LoadedGpt, LoadedModel } from "../../models/weights/registry.ts";
import {
  type AttentionStats,
  attentionStats,
  encodeProbes,
  type Probes,
  traceProbes,
} from "../heads/patterns.ts";

/** One model's heads and its held-out loss. */
export interface Subject {
  heads: { ref: HeadRef; label: string; relativeEntropy: number }[];
  sentences: number;
  /** Target tokens the loss averages over. */
  tokens: number;
  /** Mean cross-entropy per target token (nats) of the held-out sentences. */
  loss(options: ForwardOptions): Promise<number>;
}

/** The held-out sentences of an encoder-decoder's task, encoded with its vocabularies. */
export function heldOutProbes(loaded: LoadedModel, count: number): Probes {
  return encodeProbes(getTask(loaded.config.task).examples("test", count), loaded);
}

const negatedMean = (logp: number[][]) => {
  const flat = logp.flat();
  return -flat.reduce((s, x) => s + x, 0) / flat.length;
};

/** Every head of the stats, labelled as `ablate --head` names it on this kind of model. */
function headsOf(stats: AttentionStats[], label: (ref: HeadRef) => string): Subject["heads"] {
  return stats.flatMap(({ kind, layer, heads, relativeEntropy }) =>
    Array.from({ length: heads }, (_, head) => {
      const ref: HeadRef = { site: kind, layer, head };
      return { ref, label: label(ref), relativeEntropy: relativeEntropy[head] };
    })
  );
}

/** An encoder-decoder (Transformer, or an RNN with attention: its one head). */
export async function seq2seqSubject(
  backend: Backend,
  loaded: LoadedModel,
  count: number,
): Promise<Subject> {
  const probes = heldOutProbes(loaded, count);
  const stats = attentionStats(await traceProbes(backend, loaded.model, probes));
  const label = (r: HeadRef) =>
    r.site === "alignment" ? "attention" : `${r.site}:${r.layer}.${r.head}`;
  return {
    heads: headsOf(stats, label),
    sentences: probes.sources.length,
    tokens: probes.outputs.reduce((s, o) => s + o.length, 0),
    loss: async (options) =>
      negatedMean(await seq2seqLogProbs(loaded.model, backend, probes, options)),
  };
}

/** A GPT on translation pairs `<bos> ko <sep> en <eos>`. */
export async function gptSubject(
  backend: Backend,
  loaded: LoadedGpt,
  count: number,
): Promise<Subject> {
  const examples = getTask(loaded.config.task).examples("test", count);
  const sequences = examples.map((example) =>
    lmSequenceIds(loaded.tokenizer, { kind: "pair", example })
  );
  const from = sequences.map((s) => s.indexOf(SEP) + 1);
  const stats = attentionStats(await gptTraces(backend, loaded, sequences));
  return {
    heads: headsOf(stats, (r) => `${r.layer}.${r.head}`),
    sentences: sequences.length,
    tokens: sequences.reduce((s, seq, i) => s + seq.length - from[i], 0),
    loss: async (options) =>
      negatedMean(await gptLogProbs(loaded.model, backend, sequences, from, options)),
  };
}

/** Each sequence's self-attention [h, T, T] per layer, cut to its length (one forward pass). */
async function gptTraces(
  backend: Backend,
  loaded: LoadedGpt,
  sequences: readonly number[][],
): Promise<RowTrace[]> {
  const width = Math.max(...sequences.map((s) => s.length));
  const ids = new Float32Array(sequences.length * width).fill(PAD);
  sequences.forEach((s, b) => ids.set(s, b * width));
  const records = tidy(() => {
    const trace = new TraceRecorder();
    loaded.model.forward(Tensor.from(backend, ids, [sequences.length, width]), { trace });
    return trace.attention; // [B, h, T, T] per layer
  });
  try {
    const data = await Promise.all(records.map((r) => r.weights.toArray()));
    return sequences.map((s, b) => ({
      hidden: [],
      attention: records.map((r, i) => {
        const h = r.weights.shape[1];
        const cut = new Float32Array(h * s.length * s.length);
        for (let head = 0; head < h; head++) {
          for (let q = 0; q < s.length; q++) {
            const at = ((b * h + head) * width + q) * width;
            cut.set(data[i].subarray(at, at + s.length), (head * s.length + q) * s.length);
          }
        }
        return {
          kind: r.kind,
          layer: r.layer,
          weights: { shape: [h, s.length, s.length], data: cut },
        };
      }),
    }));
  } finally {
    for (const r of records) r.weights.dispose();
  }
}
