/**
 * The reference means of mean ablation ({@link HeadAblation} with `means`): every attention's
 * merged head outputs Concat(head_1, ..., head_h) [B, Tq, d], recorded by a
 * TraceRecorder({ headOutputs: true }) on a reference batch, averaged over every real query
 * position (padding left out): source positions for the encoder's self-attention, target
 * positions for the decoder's, the cross-attention and an RNN's context vector, sequence
 * positions for a GPT. Averaged on the host in float64.
 */
import { Tensor, tidy } from "../engine/mod.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { BOS, PAD } from "../data/vocab.ts";
import { makeSourceBatch } from "./decode/greedy.ts";
import type { Gpt } from "./gpt.ts";
import { attentionKey, type HeadMeans } from "./intervention.ts";
import type { Seq2Seq } from "./model.ts";
import { type HeadOutputRecord, TraceRecorder } from "./trace.ts";

/** Sums of one attention's merged outputs over real positions, and how many were added. */
interface Sum {
  values: Float64Array;
  count: number;
}

/** Adds the records' real rows (lengths per batch row, by site) to the running sums. */
async function addRecords(
  sums: Map<string, Sum>,
  records: readonly HeadOutputRecord[],
  lengthsOf: (site: HeadOutputRecord["kind"]) => readonly number[],
): Promise<void> {
  const data = await Promise.all(records.map((r) => r.merged.toArray()));
  records.forEach((record, i) => {
    const [, steps, d] = record.merged.shape; // [B, Tq, d]
    const key = attentionKey(record.kind, record.layer);
    let sum = sums.get(key);
    if (!sum) sums.set(key, sum = { values: new Float64Array(d), count: 0 });
    lengthsOf(record.kind).forEach((length, b) => {
      for (let t = 0; t < Math.min(length, steps); t++) {
        const at = (b * steps + t) * d;
        for (let j = 0; j < d; j++) sum.values[j] += data[i][at + j];
        sum.count++;
      }
    });
  });
}

function meansOf(sums: Map<string, Sum>): HeadMeans {
  const means = new Map<string, Float32Array>();
  for (const [key, { values, count }] of sums) {
    means.set(key, Float32Array.from(values, (v) => v / Math.max(count, 1)));
  }
  return means;
}

/** Runs `forward` with a head-output trace and frees what it recorded once summed. */
async function recordInto(
  sums: Map<string, Sum>,
  forward: (trace: TraceRecorder) => void,
  lengthsOf: (site: HeadOutputRecord["kind"]) => readonly number[],
): Promise<void> {
  const records = tidy(() => {
    const trace = new TraceRecorder({ headOutputs: true });
    forward(trace);
    return trace.headOutputs!;
  });
  try {
    await addRecords(sums, records, lengthsOf);
  } finally {
    for (const r of records) r.merged.dispose();
  }
}

/** Mean head outputs of a Seq2Seq model on reference pairs (sources and outputs + <eos>). */
export async function seq2seqHeadMeans(
  model: Seq2Seq,
  backend: Backend,
  pairs: { sources: readonly number[][]; outputs: readonly number[][] },
): Promise<HeadMeans> {
  const sums = new Map<string, Sum>();
  const { sources, outputs } = pairs;
  const steps = Math.max(...outputs.map((o) => o.length));
  const inputs = new Float32Array(outputs.length * steps).fill(PAD);
  outputs.forEach((o, b) => inputs.set([BOS, ...o.slice(0, -1)], b * steps));
  const batch = makeSourceBatch(backend, sources);
  try {
    await recordInto(sums, (trace) => {
      const tgtIn = Tensor.from(backend, inputs, [outputs.length, steps]); // [B, T]
      model.forward({ ...batch, tgtIn }, { trace });
    }, (site) => site === "encoder" ? batch.srcLengths : outputs.map((o) => o.length));
  } finally {
    batch.src.dispose();
  }
  return meansOf(sums);
}

/** Mean head outputs of a GPT on reference sequences (every position of each). */
export async function gptHeadMeans(
  model: Gpt,
  backend: Backend,
  sequences: readonly number[][],
): Promise<HeadMeans> {
  const sums = new Map<string, Sum>();
  const width = Math.max(...sequences.map((s) => s.length));
  const ids = new Float32Array(sequences.length * width).fill(PAD);
  sequences.forEach((s, b) => ids.set(s, b * width));
  await recordInto(sums, (trace) => {
    model.forward(Tensor.from(backend, ids, [sequences.length, width]), { trace });
  }, () => sequences.map((s) => s.length));
  return meansOf(sums);
}
