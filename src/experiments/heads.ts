/**
 * `experiment heads`: multi-head attention (Vaswani et al. 2017, sec. 3.2.2) splits d_model
 * into h heads of d_k = d_model / h, so "the total computational cost is similar to that of
 * single-head attention with full dimensionality", and each head can attend "to information
 * from different representation subspaces at different positions".
 *
 * Two measurements on the chosen backend:
 * 1. Time: one MultiHeadAttention layer (src/models/attention.ts) at equal d_model with
 *    h = 1 and h = 8, forward and forward + backward, over a few lengths (medians from
 *    src/measure/measure_op.ts); the ratio h8 / h1 per case.
 * 2. Patterns: two small Transformers trained the same way (same task, width, seed and steps)
 *    except for h = 1 or h = 8, the h = 8 one also untrained (its initialization), and the
 *    shipped ko-en-transformer (4 heads, fully trained). On held-out inputs, teacher-forced:
 *    each head's mean row entropy, and the mean pairwise Jensen-Shannon divergence between the
 *    heads of a layer (0 bits: identical weights, 1 bit: disjoint).
 */
import { collectExamples } from "../data/split.ts";
import { getTask, type Task } from "../data/task.ts";
import { koEnShowcase } from "../data/tasks/ko_en.ts";
import { lowercaseLetters, randomString } from "../data/tasks/random_string.ts";
import type { Tokenizer } from "../data/tokenizer.ts";
import { median } from "../measure/average.ts";
import { measureOp } from "../measure/measure_op.ts";
import { makeSourceBatch, traceOutputs } from "../models/decode/greedy.ts";
import { makeModel } from "../models/make_model.ts";
import { type Seq2Seq } from "../models/model.ts";
import { EOS } from "../data/vocab.ts";
import { loadModel } from "../models/weights/registry.ts";
import { MultiHeadAttention } from "../models/attention.ts";
import { ParamStore } from "../models/weights/param_store.ts";
import type { RowTrace } from "../models/run_result.ts";
import type { AttentionKind } from "../models/trace.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { ops } from "../engine/mod.ts";
import { keep, Tape, Tensor, tidy } from "../engine/mod.ts";
import { Rng } from "../engine/rng.ts";
import { disposeModel, train } from "../train/trainer.ts";
import {
  type Bilingual,
  checkAborted,
  type Experiment,
  type ExperimentContext,
  type ExperimentFindings,
  type ExperimentGrid,
  percent,
} from "./experiment.ts";

/** The head counts compared: one full-width head against eight narrow ones. */
export const ONE_HEAD = 1;
export const MANY_HEADS = 8;

/** What {@link runHeads} measures. */
export interface HeadsSettings {
  timing: {
    /** Model widths d_model; each is timed as 1 head of d_model and 8 heads of d_model / 8. */
    dModels: number[];
    /** Sequence lengths n (self-attention over n positions). */
    lengths: number[];
    /** Sequences per call. */
    batch: number;
    /** Timed repetitions per case (the median is kept). */
    reps: number;
    /** Work per repetition measureOp aims at, in ms. */
    targetMs: number;
  };
  training: {
    /** "reverse" or "copy" of strings of 3..maxLength lowercase letters, or "ko-en" as is. */
    task: "reverse" | "copy" | "ko-en";
    /** Longest string of reverse or copy (ignored by ko-en). */
    maxLength: number;
    dModel: number;
    ffn: number;
    steps: number;
    batchSize: number;
    lr: number;
    seed: number;
  };
  /** Held-out inputs the patterns are averaged over (per model). */
  probes: number;
  /** A shipped multi-head model to read as well (fully trained), or "" to skip it. */
  shipped: string;
}

export const headsSettings = {
  quick: {
    timing: { dModels: [64, 256], lengths: [16, 64, 256], batch: 1, reps: 5, targetMs: 20 },
    // Reverse of 3-8 letters learns fast: measured ~55% exact match after 200 steps (~7 s per
    // model on llvmpipe under load), heads already apart (0.15 bits against 0.05 untrained).
    training: {
      task: "reverse",
      maxLength: 8,
      dModel: 64,
      ffn: 128,
      steps: 200,
      batchSize: 32,
      lr: 5e-3,
      seed: 1,
    },
    probes: 32,
    shipped: "ko-en-transformer",
  },
  full: {
    timing: {
      dModels: [64, 256],
      lengths: [16, 32, 64, 128, 256, 512],
      batch: 2,
      reps: 5,
      targetMs: 40,
    },
    // ko-en, where the shipped 4-head model's heads differ: measured (llvmpipe, loaded), 800
    // steps gave 88% dev exact match for both h and a pairwise JSD of 0.27 bits for h = 8. On
    // reverse, 600 steps gave 94% / 100% but 0.09 bits: every cross-attention head learned the
    // same anti-diagonal and the self-attention heads stayed near uniform.
    training: {
      task: "ko-en",
      maxLength: 8,
      dModel: 64,
      ffn: 128,
      steps: 800,
      batchSize: 32,
      lr: 5e-3,
      seed: 1,
    },
    probes: 100,
    shipped: "ko-en-transformer",
  },
} satisfies Record<string, HeadsSettings>;

// ---------------------------------------------------------------------------------------------
// 1. Time

/** Which pass of the layer was timed. */
export type Pass = "forward" | "forward+backward";

/** Median times of one (d_model, n, pass) case with 1 and with 8 heads. */
export interface TimingPoint {
  dModel: number;
  n: number;
  pass: Pass;
  oneHeadMs: number;
  manyHeadsMs: number;
  /** manyHeadsMs / oneHeadMs. */
  ratio: number;
  timing: "gpu" | "wall";
}

/** Median ms of one (d_model, n) case, per pass, with 1 head (one) and with 8 heads (many). */
type CaseTimes = Record<Pass, { one: number; many: number; timing: "gpu" | "wall" }>;

/**
 * Times one attention layer with 1 and with 8 heads at the same d_model and input, forward and
 * forward + backward. Both passes run under a tape, so both head counts take the same kernels
 * (matmul, softmax, matmul); inference without a tape may take the fused kernel for one and not
 * the other. The two head counts alternate repetition by repetition (ABBA...), so a burst of
 * load from other processes falls on both rather than on one.
 */
async function timeCase(
  ctx: ExperimentContext,
  settings: HeadsSettings["timing"],
  shape: { dModel: number; n: number },
): Promise<CaseTimes> {
  const { backend, signal } = ctx;
  const { dModel, n } = shape;
  const stores = [ONE_HEAD, MANY_HEADS].map(() => new ParamStore(backend, { seed: 7 }));
  const rng = new Rng(11);
  let x: Tensor | null = null;
  try {
    const layers = [ONE_HEAD, MANY_HEADS].map((heads, i) =>
      new MultiHeadAttention(stores[i], "attention", { dModel, heads })
    );
    const values = new Float32Array(settings.batch * n * dModel);
    for (let i = 0; i < values.length; i++) values[i] = rng.normal();
    x = keep(Tensor.from(backend, values, [settings.batch, n, dModel])); // [B, n, d]
    const input = x;
    const passes: Record<Pass, (layer: MultiHeadAttention, params: Tensor[]) => void> = {
      forward: (layer) =>
        tidy(() => {
          new Tape().record(() => layer.selfAttention(input)); // output [B, n, d]
        }),
      "forward+backward": (layer, params) =>
        tidy(() => {
          const tape = new Tape();
          const loss = tape.record(() => ops.sum(layer.selfAttention(input).output)); // []
          tape.backward(loss, [input, ...params]);
        }),
    };
    const result = {} as CaseTimes;
    for (const pass of ["forward", "forward+backward"] as const) {
      const calls = layers.map((layer, i) => () =>
        passes[pass](layer, [...stores[i].params.values()])
      );
      // Warm-up (pipelines, buffer pool), then one auto-batched repetition that sets the
      // operations per repetition; it is the first sample.
      const batches: number[] = [];
      const times: number[][] = [[], []];
      let gpu = true;
      for (const call of calls) {
        checkAborted(signal);
        const probe = await measureOp(backend, call, {
          reps: 1,
          warmup: 1,
          targetMs: settings.targetMs,
          maxBatch: 64,
          signal,
        });
        batches.push(probe.batch);
        times[batches.length - 1].push(probe.medianMs);
        gpu &&= probe.timing === "gpu";
      }
      for (let r = 1; r < settings.reps; r++) {
        for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
          checkAborted(signal);
          const m = await measureOp(backend, calls[i], {
            reps: 1,
            warmup: 0,
            batch: batches[i],
            signal,
          });
          times[i].push(m.medianMs);
          gpu &&= m.timing === "gpu";
        }
      }
      result[pass] = {
        one: median(times[0]),
        many: median(times[1]),
        timing: gpu ? "gpu" : "wall",
      };
    }
    return result;
  } finally {
    x?.dispose();
    for (const store of stores) for (const p of store.params.values()) p.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Patterns

/** Entropy and diversity of the heads of one attention (kind, layer) over all probes. */
export interface AttentionStats {
  kind: AttentionKind;
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

/** Jensen-Shannon divergence of two distributions over the same keys, in bits (0..1). */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) {
    throw new Error(
      `expected two distributions over the same keys, got ${p.length} and ${q.length}`,
    );
  }
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    if (p[i] > 0) js += 0.5 * p[i] * Math.log2(p[i] / m);
    if (q[i] > 0) js += 0.5 * q[i] * Math.log2(q[i] / m);
  }
  return Math.max(0, js);
}

/** Entropy of a distribution in nats. */
function entropyOf(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
  return h;
}

/**
 * Per-head entropy and pairwise JSD of every attention in `traces` (one RowTrace per probe,
 * [h, q, k] weights each). A row's keys are what it may see: all k, or i + 1 for row i of
 * the causal decoder self-attention; rows that see a single key (always weight 1) are skipped.
 */
export function attentionStats(traces: readonly RowTrace[]): AttentionStats[] {
  if (traces.length === 0) throw new Error("heads: expected at least one traced probe, got none");
  const first = traces[0].attention;
  return first.map(({ kind, layer, weights }, index) => {
    const heads = weights.shape[0];
    const entropy = new Array<number>(heads).fill(0);
    const relative = new Array<number>(heads).fill(0);
    const pairJsd = Array.from({ length: heads }, () => new Array<number>(heads).fill(0));
    let rows = 0;
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
        rows++;
        const row = (h: number) => data.subarray((h * q + i) * k, (h * q + i) * k + seen);
        for (let a = 0; a < heads; a++) {
          if (!row(a).every(Number.isFinite)) {
            throw new Error(
              `heads: expected finite attention weights, got ${
                row(a).find((v) => !Number.isFinite(v))
              } in row ${i} of head ${a} of the ${kind} attention of layer ${layer}`,
            );
          }
        }
        for (let a = 0; a < heads; a++) {
          const h = entropyOf(row(a));
          entropy[a] += h;
          relative[a] += h / Math.log(seen);
          for (let b = a + 1; b < heads; b++) {
            const js = jensenShannon(row(a), row(b));
            pairJsd[a][b] += js;
            pairJsd[b][a] += js;
          }
        }
      }
    }
    const per = (v: number) => (rows > 0 ? v / rows : 0);
    const jsdToOthers = heads < 2
      ? []
      : pairJsd.map((line, a) =>
        per(line.reduce((s, v, b) => (b === a ? s : s + v), 0)) / (heads - 1)
      );
    return {
      kind,
      layer,
      heads,
      entropy: entropy.map(per),
      relativeEntropy: relative.map(per),
      jsdToOthers,
      meanJsd: heads < 2 ? null : mean(jsdToOthers),
    };
  });
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
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
interface Probes {
  sources: number[][]; // tokens + <eos>
  outputs: number[][]; // tokens + <eos>, teacher-forced
  srcTokens: string[][];
  tgtTokens: string[][];
}

function encodeProbes(
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
async function traceProbes(backend: Backend, model: Seq2Seq, probes: Probes): Promise<RowTrace[]> {
  const batch = makeSourceBatch(backend, probes.sources);
  try {
    return (await traceOutputs(model, batch, probes.outputs)).rows;
  } finally {
    batch.src.dispose();
  }
}

/** The labels of one attention kind's rows and cols for probe `p` (as `run --json` labels them). */
function labelsOf(
  kind: AttentionKind,
  probes: Probes,
  p: number,
): { rows: string[]; cols: string[] } {
  const source = [...probes.srcTokens[p], "<eos>"];
  const emitted = [...probes.tgtTokens[p], "<eos>"];
  const fedBack = ["<bos>", ...probes.tgtTokens[p]];
  if (kind === "encoder") return { rows: source, cols: source };
  if (kind === "decoder") return { rows: emitted, cols: fedBack };
  return { rows: emitted, cols: source };
}

/** Each head's weights for probe `p` in the attention `stats` describes, as titled grids. */
function headGrids(
  model: ModelPatterns,
  stats: AttentionStats,
  trace: RowTrace,
  labels: { rows: string[]; cols: string[] },
): ExperimentGrid[] {
  const record = trace.attention.find((a) => a.kind === stats.kind && a.layer === stats.layer)!;
  const [heads, q, k] = record.weights.shape;
  return Array.from({ length: heads }, (_, h) => {
    const jsd = stats.jsdToOthers[h];
    const facts = `H ${stats.relativeEntropy[h].toFixed(2)}${
      jsd === undefined ? "" : `, JSD ${jsd.toFixed(2)}`
    }`;
    return {
      title: {
        en: `${model.label} head ${h} (${facts})`,
        ko: `${model.label} 헤드 ${h} (${facts})`,
      },
      rows: labels.rows.slice(0, q),
      cols: labels.cols.slice(0, k),
      values: Array.from({ length: q }, (_, i) =>
        Array.from(
          record.weights.data.subarray((h * q + i) * k, (h * q + i + 1) * k),
          (v) => Number(v.toFixed(3)),
        )),
      range: { min: 0, max: 1 },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// 3. Conclusion

/** The cost counts as "about the same" while h8 / h1 stays within this factor either way. */
const TIME_BAND = 1.25;
/** Heads count as different when their mean pairwise JSD reaches this many bits... */
const DIVERSE_BITS = 0.1;
/** ...and at least this many bits more than the same model untrained. */
const LEARNED_BITS = 0.05;

/** What {@link concludeHeads} reads. */
export interface HeadsData {
  timing: readonly TimingPoint[];
  /** The trained h = 1 and h = 8 models, the h = 8 model untrained, the shipped one (optional). */
  one: ModelPatterns;
  many: ModelPatterns;
  untrained: ModelPatterns;
  shipped: ModelPatterns | null;
}

function geometricMean(values: readonly number[]): number {
  return Math.exp(mean(values.map(Math.log)));
}

/**
 * The conclusion from the measurements alone. Cost: the geometric mean of h8 / h1 over d_model
 * and passes at the longest n, where the n^2 terms weigh most (at short lengths fixed costs make
 * every layer take about the same time). Patterns: the trained 8 heads' mean pairwise JSD,
 * against a threshold and against the same model untrained.
 */
export function concludeHeads(data: HeadsData): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  if (data.timing.length === 0) throw new Error("heads: expected at least one timed case");
  if (data.many.meanJsd === null || data.untrained.meanJsd === null) {
    throw new Error(`heads: expected the ${MANY_HEADS}-head models to have a pairwise JSD`);
  }
  const lengths = data.timing.map((t) => t.n);
  const longest = Math.max(...lengths);
  const shortest = Math.min(...lengths);
  const ratioAt = (n: number) =>
    geometricMean(data.timing.filter((t) => t.n === n).map((t) => t.ratio));
  const ratio = ratioAt(longest);
  const shortRatio = ratioAt(shortest);
  const slowest = data.timing.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const jsd = data.many.meanJsd;
  const untrainedJsd = data.untrained.meanJsd;
  const headline = {
    longestN: longest,
    timeRatio: round(ratio),
    shortestN: shortest,
    timeRatioShortest: round(shortRatio),
    timeRatioMax: round(slowest.ratio),
    slowestCase: `d_model ${slowest.dModel}, n ${slowest.n}, ${slowest.pass}`,
    jsdTrained: round(jsd),
    jsdUntrained: round(untrainedJsd),
    jsdShipped: data.shipped?.meanJsd == null ? null : round(data.shipped.meanJsd),
    entropyOneHead: round(data.one.relativeEntropy),
    entropyManyHeads: round(data.many.relativeEntropy),
    exactMatchOneHead: data.one.exactMatch,
    exactMatchManyHeads: data.many.exactMatch,
  };
  const cost = ratio > TIME_BAND ? "slower" : ratio < 1 / TIME_BAND ? "faster" : "same";
  const diverse = jsd >= DIVERSE_BITS && jsd >= untrainedJsd + LEARNED_BITS;
  // The h n^2 explanation only when the gap indeed grows with n.
  const growsWithN = cost === "slower" && ratio > shortRatio * 1.1;
  const x = (r: number) => r.toFixed(2);
  const timeFacts = {
    en: `${MANY_HEADS} heads took ${x(ratio)}x the time of 1 head at n = ${longest} (${
      x(shortRatio)
    }x at n = ${shortest}; geometric means over d_model and passes)`,
    ko: `n = ${longest}에서 헤드 ${MANY_HEADS}개는 헤드 1개의 ${
      x(ratio)
    }배 시간이 걸렸습니다(n = ${shortest}에서는 ${
      x(shortRatio)
    }배, d_model과 패스에 대한 기하평균)`,
  };
  const why = {
    en: growsWithN
      ? ": the multiply-adds stay n^2 d, but the scores, their softmax and the weights grow to h n^2 values"
      : "",
    ko: growsWithN
      ? ". 곱셈-덧셈 수는 n^2 d로 같지만, 점수와 softmax, 가중치는 h n^2개로 늘어납니다"
      : "",
  };
  const shippedEn = data.shipped?.meanJsd == null
    ? ""
    : `; the shipped ${data.shipped.label}: ${x(data.shipped.meanJsd)}`;
  const shippedKo = data.shipped?.meanJsd == null
    ? ""
    : `, 배포된 ${data.shipped.label}: ${x(data.shipped.meanJsd)}`;
  const headFacts = {
    en: `the trained heads differ by a mean Jensen-Shannon divergence of ${x(jsd)} bits (${
      x(untrainedJsd)
    } untrained${shippedEn})`,
    ko: `학습된 헤드끼리의 평균 젠슨-섀넌 발산(Jensen-Shannon divergence)은 ${
      x(jsd)
    }비트입니다(학습 전 ${x(untrainedJsd)}${shippedKo})`,
  };
  const bar = {
    en: `heads count as different from ${x(DIVERSE_BITS)} bits and ${
      x(LEARNED_BITS)
    } above untrained`,
    ko: `${x(DIVERSE_BITS)}비트 이상이면서 학습 전보다 ${
      x(LEARNED_BITS)
    }비트 넘게 높아야 서로 다르다고 봅니다`,
  };
  let conclusion: Bilingual;
  if (cost === "same" && diverse) {
    conclusion = {
      en:
        `Splitting d_model into heads costs about the same as one full-width head (${timeFacts.en}), and the heads learn different patterns: ${headFacts.en}.`,
      ko:
        `d_model을 여러 헤드로 나눠도 전체 폭의 헤드 하나와 비용이 거의 같고(${timeFacts.ko}), 헤드들은 서로 다른 패턴을 배웁니다. ${headFacts.ko}.`,
    };
  } else if (cost !== "same" && diverse) {
    conclusion = {
      en:
        `The heads learn different patterns (${headFacts.en}), but the cost is not the same: ${timeFacts.en}${why.en}.`,
      ko:
        `헤드들은 서로 다른 패턴을 배우지만(${headFacts.ko}), 비용은 같지 않습니다. ${timeFacts.ko}${why.ko}.`,
    };
  } else if (cost === "same" && !diverse) {
    conclusion = {
      en:
        `The cost is about the same (${timeFacts.en}), but the heads did not learn clearly different patterns: ${headFacts.en}; ${bar.en}.`,
      ko:
        `비용은 거의 같지만(${timeFacts.ko}), 헤드들이 뚜렷하게 다른 패턴을 배우지는 않았습니다. ${headFacts.ko}. ${bar.ko}.`,
    };
  } else {
    conclusion = {
      en:
        `This run shows neither half of the claim: ${timeFacts.en}${why.en}; and ${headFacts.en}; ${bar.en}.`,
      ko:
        `이번 실행은 주장의 어느 쪽도 보여 주지 못합니다. ${timeFacts.ko}${why.ko}. 그리고 ${headFacts.ko}. ${bar.ko}.`,
    };
  }
  return { headline, conclusion };
}

function round(v: number): number {
  return Number(v.toFixed(3));
}

// ---------------------------------------------------------------------------------------------
// 4. The run

/** Measures the time ratios, trains the two models and reads every model's heads. */
export async function runHeads(
  ctx: ExperimentContext,
  settings: HeadsSettings,
): Promise<ExperimentFindings> {
  const { backend } = ctx;
  const { timing: t, training: tr } = settings;
  for (const d of t.dModels) {
    if (d % MANY_HEADS !== 0) {
      throw new Error(`heads: expected every d_model to be divisible by ${MANY_HEADS}, got ${d}`);
    }
  }
  // Progress units: a timed case ~ 10 training steps, reading a model ~ 10 steps.
  const timedCases = t.dModels.length * t.lengths.length * 2;
  const total = timedCases * 10 + 2 * tr.steps + 30;
  let done = 0;

  // 1. Time h = 1 and h = 8 at each d_model and length.
  const timing: TimingPoint[] = [];
  for (const dModel of t.dModels) {
    for (const n of t.lengths) {
      checkAborted(ctx.signal);
      ctx.progress(done, total, `time d_model ${dModel}, n ${n}`);
      const measured = await timeCase(ctx, t, { dModel, n });
      done += 20;
      for (const pass of ["forward", "forward+backward"] as const) {
        const { one, many, timing: clock } = measured[pass];
        timing.push({
          dModel,
          n,
          pass,
          oneHeadMs: one,
          manyHeadsMs: many,
          ratio: many / Math.max(one, 1e-9),
          timing: clock,
        });
      }
    }
  }

  // 2. Train h = 1 and h = 8 the same way; read their heads (and the untrained h = 8) on probes.
  const task = tr.task === "ko-en" ? getTask("ko-en") : shortStringTask(tr.task, tr.maxLength);
  const taskName = tr.task === "ko-en" ? "ko-en" : `${tr.task} 3-${tr.maxLength} letters`;
  const taskNameKo = tr.task === "ko-en" ? "ko-en" : `${tr.task} 3-${tr.maxLength}자`;
  const patterns: ModelPatterns[] = [];
  const gridSources: { model: ModelPatterns; traces: RowTrace[]; probes: Probes }[] = [];
  for (const heads of [ONE_HEAD, MANY_HEADS]) {
    checkAborted(ctx.signal);
    const start = done;
    ctx.progress(done, total, `train h=${heads}`);
    const trained = await train(
      {
        task,
        arch: "transformer",
        seed: tr.seed,
        recipe: {
          model: { dModel: tr.dModel, heads, encoderLayers: 1, decoderLayers: 1, ffn: tr.ffn },
          steps: tr.steps,
          batchSize: tr.batchSize,
          lr: tr.lr,
          warmup: Math.min(50, Math.floor(tr.steps / 5)),
          dropout: 0,
          labelSmoothing: 0,
          data: { train: 5000, dev: Math.max(settings.probes, 16), test: settings.probes },
          logEvery: Math.max(1, Math.min(25, tr.steps)),
          evalEvery: tr.steps, // one evaluation at the end: seconds matter more than early stopping
          patience: 1,
          targetExactMatch: 1,
        },
      },
      backend,
      {
        signal: ctx.signal,
        onProgress: (p) => ctx.progress(start + p.step, total, `train h=${heads}, step ${p.step}`),
      },
    );
    try {
      checkAborted(ctx.signal);
      done = start + tr.steps;
      const probes = encodeProbes(trained.data.examples.test, trained.data.tokenizers);
      const traces = await traceProbes(backend, trained.model, probes);
      const model = modelPatterns(`h=${heads}`, traces, trained.dev.exactMatch);
      patterns.push(model);
      gridSources.push({ model, traces, probes });
      if (heads === MANY_HEADS) {
        // The same architecture and seed before any step: the trainer's initialization.
        const fresh = makeModel(trained.config, new ParamStore(backend, { seed: tr.seed }));
        try {
          const untrained = await traceProbes(backend, fresh, probes);
          patterns.push(modelPatterns(`h=${heads} untrained`, untrained, null));
        } finally {
          disposeModel(fresh);
        }
      }
    } finally {
      disposeModel(trained.model);
    }
  }
  const [one, many, untrained] = patterns;

  // 3. The shipped multi-head model on held-out sentences of its task (kept in the model cache).
  let shipped: ModelPatterns | null = null;
  if (settings.shipped !== "") {
    checkAborted(ctx.signal);
    ctx.progress(done, total, `read ${settings.shipped}`);
    const loaded = await loadModel(settings.shipped, backend, { dir: ctx.weightsDir });
    const shippedTask = loaded.config.task;
    // The grids show a lesson's sentence (a training sentence); the numbers use test ones only.
    const shown = shippedTask === "ko-en" ? [koEnShowcase[1]] : [];
    const examples = [...shown, ...getTask(shippedTask).examples("test", settings.probes)];
    const probes = encodeProbes(examples, loaded);
    const traces = await traceProbes(backend, loaded.model, probes);
    shipped = modelPatterns(settings.shipped, traces.slice(shown.length), null);
    gridSources.push({ model: shipped, traces, probes });
  }
  checkAborted(ctx.signal);
  ctx.progress(total, total, "done");

  const { headline, conclusion } = concludeHeads({ timing, one, many, untrained, shipped });
  return {
    settings: {
      dModels: t.dModels,
      lengths: t.lengths,
      batch: t.batch,
      reps: t.reps,
      task: taskName,
      trainDModel: tr.dModel,
      trainSteps: tr.steps,
      seed: tr.seed,
      probes: settings.probes,
      shipped: settings.shipped,
    },
    tables: [
      timingTable(timing),
      patternTable([one, many, untrained, ...(shipped ? [shipped] : [])]),
    ],
    charts: [{
      title: {
        en: `time of ${MANY_HEADS} heads / time of 1 head, at equal d_model`,
        ko: `같은 d_model에서 헤드 ${MANY_HEADS}개의 시간 / 헤드 1개의 시간`,
      },
      xLabel: "sequence length n",
      yLabel: `h${MANY_HEADS}/h1`,
      logX: true,
      series: t.dModels.flatMap((d) =>
        (["forward", "forward+backward"] as const).map((pass) => {
          const points = timing.filter((p) => p.dModel === d && p.pass === pass);
          return {
            name: `d_model ${d} ${pass}`,
            x: points.map((p) => p.n),
            y: points.map((p) => p.ratio),
          };
        })
      ),
    }],
    grids: pickGrids(gridSources),
    headline,
    conclusion,
    notes: [
      {
        en:
          `Times are medians of one MultiHeadAttention layer (batch ${t.batch}) with the tape recording, so both head counts run the same kernels; the two models differ only in h (task ${taskName}, d_model ${tr.dModel}, 1 + 1 layers, seed ${tr.seed}, ${tr.steps} steps).`,
        ko:
          `시간은 MultiHeadAttention 층 하나(배치 ${t.batch})를 테이프(tape) 기록 상태로 잰 중앙값이라 두 헤드 수가 같은 커널을 씁니다. 두 모델은 h만 다릅니다(과제 ${taskNameKo}, d_model ${tr.dModel}, 인코더·디코더 각 1층, 시드 ${tr.seed}, ${tr.steps} 스텝).`,
      },
      {
        en:
          "H is a head's mean row entropy as a share of its maximum (1: uniform); JSD is the Jensen-Shannon divergence between heads in bits (0: the same weights, 1: disjoint), averaged over rows of held-out inputs.",
        ko:
          "H는 헤드의 행 엔트로피 평균을 최댓값 대비 비율로 나타낸 것이고(1: 균등), JSD는 헤드 사이의 젠슨-섀넌 발산을 비트로 잰 것입니다(0: 같은 가중치, 1: 겹치지 않음). 학습에 없던 입력의 행마다 평균했습니다.",
      },
    ],
  };
}

function timingTable(points: readonly TimingPoint[]): ExperimentFindings["tables"][number] {
  const ms = (v: number) => Number(v.toPrecision(3));
  const cases = [...new Set(points.map((p) => `${p.dModel}/${p.n}`))];
  return {
    title: {
      en: `one attention layer: median ms with 1 head and ${MANY_HEADS} heads at equal d_model (${
        points[0].timing === "gpu" ? "GPU timestamps" : "wall clock"
      })`,
      ko: `어텐션 층 하나: 같은 d_model에서 헤드 1개와 ${MANY_HEADS}개의 시간 중앙값(ms, ${
        points[0].timing === "gpu" ? "GPU 타임스탬프" : "벽시계 시간"
      })`,
    },
    columns: [
      "d_model",
      "n",
      "fwd h1",
      `fwd h${MANY_HEADS}`,
      "ratio",
      "fwd+bwd h1",
      `fwd+bwd h${MANY_HEADS}`,
      "ratio",
    ],
    rows: cases.map((key) => {
      const f = points.find((p) => `${p.dModel}/${p.n}` === key && p.pass === "forward")!;
      const b = points.find((p) => `${p.dModel}/${p.n}` === key && p.pass === "forward+backward")!;
      return [
        f.dModel,
        f.n,
        ms(f.oneHeadMs),
        ms(f.manyHeadsMs),
        Number(f.ratio.toFixed(2)),
        ms(b.oneHeadMs),
        ms(b.manyHeadsMs),
        Number(b.ratio.toFixed(2)),
      ];
    }),
  };
}

function patternTable(models: readonly ModelPatterns[]): ExperimentFindings["tables"][number] {
  const f = (v: number) => Number(v.toFixed(2));
  return {
    title: {
      en:
        "heads on held-out inputs: H (mean, min-max over heads) and mean pairwise JSD (bits) per attention",
      ko:
        "학습에 없던 입력에서의 헤드: 어텐션마다 H(평균, 헤드별 최소-최대)와 헤드 쌍의 평균 JSD(비트)",
    },
    columns: ["model", "exact", "attention", "heads", "H", "H min-max", "JSD"],
    rows: models.flatMap((m) =>
      m.attentions.map((a) => [
        m.label,
        m.exactMatch === null ? null : percent(m.exactMatch),
        `${a.kind} ${a.layer}`,
        a.heads,
        f(mean(a.relativeEntropy)),
        `${Math.min(...a.relativeEntropy).toFixed(2)}-${Math.max(...a.relativeEntropy).toFixed(2)}`,
        a.meanJsd === null ? null : f(a.meanJsd),
      ])
    ),
  };
}

/** Source positions (tokens + <eos>) of the widest grid that still fits beside another. */
const GRID_MAX_POSITIONS = 8;

/**
 * The grids worth looking at: for the attention whose 8 heads differ most in the trained
 * h = 8 model, that attention in the h = 1 model and every head of the h = 8 model, on the
 * longest probe of at most GRID_MAX_POSITIONS source positions (the same probe for both); for
 * the shipped model, every head of its most diverse attention on its first probe.
 */
function pickGrids(
  sources: readonly { model: ModelPatterns; traces: RowTrace[]; probes: Probes }[],
): ExperimentGrid[] {
  const byLabel = (label: string) => sources.find((s) => s.model.label === label);
  const mostDiverse = (m: ModelPatterns) =>
    m.attentions.reduce((a, b) => ((b.meanJsd ?? 0) > (a.meanJsd ?? 0) ? b : a));
  const gridsOf = (
    s: { model: ModelPatterns; traces: RowTrace[]; probes: Probes },
    stats: AttentionStats,
    p: number,
  ) => withKind(headGrids(s.model, stats, s.traces[p], labelsOf(stats.kind, s.probes, p)), stats);
  const grids: ExperimentGrid[] = [];
  const many = byLabel(`h=${MANY_HEADS}`);
  const one = byLabel(`h=${ONE_HEAD}`);
  if (many) {
    const target = mostDiverse(many.model);
    const lengths = many.probes.sources.map((ids) => ids.length);
    const fitting = lengths.map((n) => (n <= GRID_MAX_POSITIONS ? n : 0));
    const probe = Math.max(0, fitting.indexOf(Math.max(...fitting)));
    for (const s of [one, many]) {
      const stats = s?.model.attentions.find((a) =>
        a.kind === target.kind && a.layer === target.layer
      );
      if (s && stats) grids.push(...gridsOf(s, stats, probe));
    }
  }
  for (const s of sources.filter((s) => s !== many && s !== one)) {
    grids.push(...gridsOf(s, mostDiverse(s.model), 0));
  }
  return grids;
}

function withKind(grids: ExperimentGrid[], stats: AttentionStats): ExperimentGrid[] {
  return grids.map((g) => ({
    ...g,
    title: {
      en: g.title.en.replace(" (", `, ${stats.kind} ${stats.layer} (`),
      ko: g.title.ko.replace(" (", `, ${stats.kind} ${stats.layer} (`),
    },
  }));
}

export const headsExperiment: Experiment = {
  name: "heads",
  claim: {
    en:
      "h heads of d/h dims each cost about the same as one full-width head, and the heads learn different patterns.",
    ko:
      "d/h 차원짜리 헤드 h개는 전체 폭의 헤드 하나와 비용이 거의 같고, 헤드마다 서로 다른 패턴을 배운다.",
  },
  run: (ctx) => runHeads(ctx, ctx.quick ? headsSettings.quick : headsSettings.full),
};
