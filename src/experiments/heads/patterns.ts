/**
 * The pattern half of `experiment heads`: what each head of a model attends to on held-out
 * inputs, teacher-forced. Per head, the mean row entropy; per layer, the mean pairwise
 * Jensen-Shannon divergence between its heads (0 bits: identical weights, 1 bit: disjoint).
 */
import { collectExamples } from "../../data/split.ts";
import { getTask, type Task } from "../../data/task.ts";
import { lowercaseLetters, randomString } from "../../data/tasks/random_string.ts";
import type { Tokenizer } from "../../data/tokenizer.ts";
import { EOS } from "../../data/vocab.ts";
import type { Backend } from "../../engine/backend/contract.ts";
import { mean } from "../../measure/average.ts";
import { makeSourceBatch, traceOutputs } from "../../models/decode/greedy.ts";
import type { Seq2Seq } from "../../models/model.ts";
import type { RowTrace } from "../../models/run_result.ts";
import type { AttentionSite } from "../../models/trace.ts";
import { entropy, jensenShannon } from "../stats.ts";

/** Entropy and diversity of the heads of one attention (kind, layer) over all probes. */
export interface AttentionStats {
  kind: AttentionSite;
  layer: number;
  heads: number;
  /** Per head: mean row entropy in nats. */
  entropy: number[];
  /** Per head: mean row entropy as a share of its maximum ln(keys the row may see). */
  relativeEntropy: number[];
  /** Per head: mean JSD (bits) to each other head of the layer; [] with one head. */
  jsdToOthers: number[];
  /** Mean pairwise JSD over every pair of heads and every row, in bits; null with one head. */
  meanJsd: number | null;
}

/** The patterns of one model. */
export interface ModelPatterns {
  /** How the table names it: "h=1", "h=8", "h=8 untrained", "ko-en-transformer". */
  label: string;
  heads: number;
  /** Dev exact match of a trained model; null for the untrained and the shipped one. */
  exactMatch: number | null;
  attentions: AttentionStats[];
  /** Mean of relativeEntropy over every head of every attention. */
  relativeEntropy: number;
  /** Mean of meanJsd over the attentions; null with one head. */
  meanJsd: number | null;
}

/** Sums over the rows of one attention, per head and per pair of heads. */
interface RowSums {
  entropy: number[];
  relative: number[];
  pairJsd: number[][];
  rows: number;
}

/** Adds row i of every head (the first `seen` keys) to the sums; throws on a non-finite weight. */
function addRow(
  sums: RowSums,
  row: (head: number) => Float32Array,
  seen: number,
  where: (head: number) => string,
): void {
  const heads = sums.entropy.length;
  for (let a = 0; a < heads; a++) {
    if (!row(a).every(Number.isFinite)) {
      throw new Error(
        `heads: expected finite attention weights, got ${
          row(a).find((v) => !Number.isFinite(v))
        } in ${where(a)}`,
      );
    }
  }
  sums.rows++;
  for (let a = 0; a < heads; a++) {
    const h = entropy(row(a));
    sums.entropy[a] += h;
    sums.relative[a] += h / Math.log(seen);
    for (let b = a + 1; b < heads; b++) {
      const js = jensenShannon(row(a), row(b));
      sums.pairJsd[a][b] += js;
      sums.pairJsd[b][a] += js;
    }
  }
}

/**
 * Per-head entropy and pairwise JSD of every attention in `traces` (one RowTrace per probe,
 * [h, q, k] weights each). A row's keys are what it may see: all k, or i + 1 for row i of
 * the causal decoder self-attention; rows that see a single key (always weight 1) are skipped.
 */
export function attentionStats(traces: readonly RowTrace[]): AttentionStats[] {
  if (traces.length === 0) throw new Error("heads: expected at least one traced probe, got none");
  return traces[0].attention.map(({ kind, layer, weights }, index) => {
    const heads = weights.shape[0];
    const sums: RowSums = {
      entropy: new Array<number>(heads).fill(0),
      relative: new Array<number>(heads).fill(0),
      pairJsd: Array.from({ length: heads }, () => new Array<number>(heads).fill(0)),
      rows: 0,
    };
    for (const trace of traces) {
      const record = trace.attention[index];
      if (!record || record.kind !== kind || record.layer !== layer) {
        throw new Error(`heads: expected ${kind} attention of layer ${layer} in every probe`);
      }
      const [, q, k] = record.weights.shape;
      const data = record.weights.data;
      for (let i = 0; i < q; i++) {
        const seen = kind === "decoder" ? Math.min(i + 1, k) : k;
        if (seen < 2) continue;
        const row = (h: number) => data.subarray((h * q + i) * k, (h * q + i) * k + seen);
        const where = (h: number) =>
          `row ${i} of head ${h} of the ${kind} attention of layer ${layer}`;
        addRow(sums, row, seen, where);
      }
    }
    const per = (v: number) => (sums.rows > 0 ? v / sums.rows : 0);
    const jsdToOthers = heads < 2
      ? []
      : sums.pairJsd.map((line, a) =>
        per(line.reduce((s, v, b) => (b === a ? s : s + v), 0)) / (heads - 1)
      );
    return {
      kind,
      layer,
      heads,
      entropy: sums.entropy.map(per),
      relativeEntropy: sums.relative.map(per),
      jsdToOthers,
      meanJsd: heads < 2 ? null : mean(jsdToOthers),
    };
  });
}

/** A model's patterns from its traced probes. */
export function modelPatterns(
  label: string,
  traces: readonly RowTrace[],
  exactMatch: number | null,
): ModelPatterns {
  const attentions = attentionStats(traces);
  const jsds = attentions.flatMap((a) => (a.meanJsd === null ? [] : [a.meanJsd]));
  return {
    label,
    heads: attentions[0]?.heads ?? 0,
    exactMatch,
    attentions,
    relativeEntropy: mean(attentions.flatMap((a) => a.relativeEntropy)),
    meanJsd: jsds.length === 0 ? null : mean(jsds),
  };
}

/** Strings of 3..maxLength lowercase letters, reversed or copied: a task that trains in seconds. */
export function shortStringTask(kind: "reverse" | "copy", maxLength: number): Task {
  const lengths = { minLength: 3, maxLength };
  const base = getTask(kind);
  return {
    name: kind,
    tokenizer: "char",
    summary: `${base.summary.split(" (")[0]} (3-${maxLength})`,
    summaryKo: base.summaryKo,
    maxSrcTokens: maxLength,
    maxTgtTokens: maxLength,
    examples(split, count, seed = 1) {
      return collectExamples(split, count, seed, {
        generate(rng) {
          const src = randomString(rng, lowercaseLetters, lengths);
          return { src, tgt: kind === "reverse" ? [...src].reverse().join("") : src };
        },
      });
    },
  };
}

/** Source and target ids of text pairs, and their tokens (grid labels). */
export interface Probes {
  sources: number[][]; // tokens + <eos>
  outputs: number[][]; // tokens + <eos>, teacher-forced
  srcTokens: string[][];
  tgtTokens: string[][];
}

/** A model's traced probes: what its grids are drawn from. */
export interface TracedModel {
  model: ModelPatterns;
  traces: RowTrace[];
  probes: Probes;
}

/** The probes of text pairs, encoded by a model's tokenizers. */
export function encodeProbes(
  examples: readonly { src: string; tgt: string }[],
  tokenizers: { source: Tokenizer; target: Tokenizer },
): Probes {
  const src = examples.map((e) => tokenizers.source.encode(e.src));
  const tgt = examples.map((e) => tokenizers.target.encode(e.tgt));
  return {
    sources: src.map((s) => [...s.ids, EOS]),
    outputs: tgt.map((t) => [...t.ids, EOS]),
    srcTokens: src.map((s) => s.tokens),
    tgtTokens: tgt.map((t) => t.tokens),
  };
}

/** Teacher-forced traces of every probe (one batch, one round trip). */
export async function traceProbes(
  backend: Backend,
  model: Seq2Seq,
  probes: Probes,
): Promise<RowTrace[]> {
  const batch = makeSourceBatch(backend, probes.sources);
  try {
    return (await traceOutputs(model, batch, probes.outputs)).rows;
  } finally {
    batch.src.dispose();
  }
}
