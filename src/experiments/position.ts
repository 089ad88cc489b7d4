/**
 * `experiment position`: attention alone is order-blind (a set), so position must be injected
 * (Vaswani et al. 2017, sec. 3.5). Sinusoidal encodings extrapolate in principle but not well in
 * practice; a learned table (Gehring et al. 2017) is undefined beyond the longest position it
 * was trained on; RoPE (Su et al. 2021) rotates q and k so that q . k depends only on i - j.
 *
 * Measured on the chosen backend:
 * 1. Small Transformers of the same size, one per encoding, trained the same number of steps on
 *    `reverse` restricted to sources of at most L letters, then scored (greedy exact match and
 *    token accuracy) on held-out strings of every length up to 2L.
 * 2. Order-blindness: each trained model, and an order-blind one (the trained "none" model, or
 *    else the first model's weights with the positions removed), run on each source and on its
 *    letters reversed.
 * 3. Shift invariance: random q, k rotated with the engine's rope op at positions (i, j) and
 *    (i + s, j + s), against the same vectors with the sinusoidal table added.
 */
import { withLengthBounds } from "../data/bounded_task.ts";
import { type EncodedPair, makeTrainingBatch } from "../data/batches.ts";
import { getTask, type Task } from "../data/task.ts";
import type { PositionalKind, TransformerConfig } from "../models/config.ts";
import { makeModel } from "../models/make_model.ts";
import type { Seq2Seq } from "../models/model.ts";
import { ParamStore } from "../models/weights/param_store.ts";
import { sinusoidalTable } from "../models/layers/positional.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { ops } from "../engine/mod.ts";
import { Tensor, tidy } from "../engine/mod.ts";
import { Rng } from "../engine/random.ts";
import { evaluate } from "../train/evaluate.ts";
import { disposeModel, train, type TrainedModel } from "../train/trainer.ts";
import {
  type Bilingual,
  checkAborted,
  type Experiment,
  type ExperimentContext,
  type ExperimentFindings,
  type ExperimentGrid,
  percent,
} from "./experiment.ts";

/** What {@link runPosition} measures. */
export interface PositionSettings {
  /** A character task whose strings reach 2 * trainMax letters (reverse, copy). */
  task: string;
  /** Shortest source, in training and testing. */
  minLength: number;
  /** L: the longest source seen in training; testing goes up to 2L. */
  trainMax: number;
  /** One model per encoding, in this order. */
  encodings: PositionalKind[];
  /** Held-out strings scored per length. */
  perLength: number;
  /** Model sizes (the same for every encoding). */
  model: Pick<TransformerConfig, "dModel" | "heads" | "encoderLayers" | "decoderLayers" | "ffn">;
  steps: number;
  batchSize: number;
  lr: number;
  warmup: number;
  trainExamples: number;
  /** Shift check: q, k draws; (i, j, s) triples per draw; their width; positions 0..positions. */
  shiftDraws: number;
  shiftTriples: number;
  shiftDk: number;
  shiftPositions: number;
  seed: number;
}

export const positionSettings = {
  // Measured (webgpu, llvmpipe, machine shared): 1 + 1 layers of width 32 take 22-40 ms a step;
  // 250 steps at lr 1e-2 learn reverse of 3-6 letters to 79% (sinusoidal), 84% (learned) and
  // 98% (RoPE) exact match; the whole run takes 24-38 s. 200 steps or L = 5 left sinusoidal
  // and learned near 60%. The order-blind model is the first one's weights without positions.
  quick: {
    task: "reverse",
    minLength: 3,
    trainMax: 6,
    encodings: ["sinusoidal", "learned", "rope"],
    perLength: 40,
    model: { dModel: 32, heads: 2, encoderLayers: 1, decoderLayers: 1, ffn: 64 },
    steps: 250,
    batchSize: 64,
    lr: 1e-2,
    warmup: 30,
    trainExamples: 4000,
    shiftDraws: 64,
    shiftTriples: 64,
    shiftDk: 64,
    shiftPositions: 64,
    seed: 1,
  },
  // The shipped reverse model's sizes (2 + 2 layers of 64, ffn 128); strings of 3-8 letters
  // need far fewer steps than its 3-24: 800 steps give 100% within L for all three encodings
  // (4% for "none", the trained order-blind baseline); ~10 min in all on a loaded machine
  // (1200 steps: the same scores in 15 min).
  full: {
    task: "reverse",
    minLength: 3,
    trainMax: 8,
    encodings: ["none", "sinusoidal", "learned", "rope"],
    perLength: 100,
    model: { dModel: 64, heads: 4, encoderLayers: 2, decoderLayers: 2, ffn: 128 },
    steps: 800,
    batchSize: 64,
    lr: 3e-3,
    warmup: 100,
    trainExamples: 20000,
    shiftDraws: 256,
    shiftTriples: 64,
    shiftDk: 64,
    shiftPositions: 128,
    seed: 1,
  },
} satisfies Record<string, PositionSettings>;

/** One encoding's scores by source length; null where the encoding is undefined. */
export interface PositionCurve {
  pe: PositionalKind;
  lengths: number[];
  exactMatch: (number | null)[];
  tokenAccuracy: (number | null)[];
}

/** |q_i . k_j - q_{i+s} . k_{j+s}| over many random (q, k, i, j, s). */
export interface ShiftCheck {
  comparisons: number;
  /** Root mean square of the RoPE scores q_i . k_j: the scale their differences compare with. */
  scoreRms: number;
  ropeMaxDiff: number;
  /** The same for (q + PE[i]) . (k + PE[j]). */
  sinusoidalScoreRms: number;
  sinusoidalMaxDiff: number;
}

/** The largest change of some values and their root mean square (the scale it compares with). */
export interface Change {
  maxDiff: number;
  rms: number;
}

/** How much the logits move when each source's letters are reversed. */
export interface OrderCheck {
  positioned: ({ pe: PositionalKind } & Change)[];
  /** The trained "none" model, or else the first trained model's weights with pe "none". */
  orderBlind: Change;
}

/** A change as a fraction of the scale of the values. */
function relative(c: Change): number {
  return c.maxDiff / Math.max(c.rms, 1e-30);
}

/** Everything {@link concludePosition} reads. */
export interface PositionData {
  trainMax: number;
  curves: PositionCurve[];
  shift: ShiftCheck;
  order: OrderCheck;
}

/** The best within-L exact match must reach this before extrapolation says anything. */
const LEARNED = 0.5;
/** An accuracy drop (or gap) this large in [0, 1] counts. */
const MARGIN = 0.15;
/** Relative changes below this are float rounding; above SENSITIVE they are real. */
const INVARIANT = 1e-4;
const SENSITIVE = 1e-2;

/** Mean of the defined values, or null when there are none. */
function meanOf(values: readonly (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
}

/** Within-L and beyond-L means of one curve. */
function summarize(curve: PositionCurve, trainMax: number) {
  const part = (values: (number | null)[], beyond: boolean) =>
    meanOf(values.filter((_, i) => (curve.lengths[i] > trainMax) === beyond));
  return {
    pe: curve.pe,
    within: part(curve.exactMatch, false),
    beyond: part(curve.exactMatch, true),
    withinTokens: part(curve.tokenAccuracy, false),
    beyondTokens: part(curve.tokenAccuracy, true),
  };
}

/** A small or large positive number in few characters: 0, 3.1e-7, 0.042, 2.9. */
function short(v: number): string {
  if (v === 0) return "0";
  return Math.abs(v) < 0.01 ? v.toExponential(1) : Number(v.toPrecision(2)).toString();
}

/**
 * The conclusion from the measurements alone. Three parts of the claim are checked: without
 * positions the output ignores order (and with them it does not); sinusoidal exact match falls
 * beyond L; RoPE scores survive a shift while sinusoidal-added ones do not. All agree: the
 * claim; none: the reverse; some: mixed; and when no model learned the task within L the
 * extrapolation cannot be read at all.
 */
export function concludePosition(data: PositionData): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  const { trainMax: L, curves, shift, order } = data;
  if (curves.length === 0 || order.positioned.length === 0) {
    throw new Error("position: expected at least one trained encoding");
  }
  const stats = curves.map((c) => summarize(c, L));
  const positioned = stats.filter((s) => s.pe !== "none");
  const bestWithin = Math.max(...stats.map((s) => s.within ?? 0));
  const extrapolating = positioned.filter((s) => s.beyondTokens !== null);
  const ranked = [...extrapolating].sort((a, b) => b.beyondTokens! - a.beyondTokens!);
  const best = ranked.length >= 2 && ranked[0].beyondTokens! - ranked[1].beyondTokens! >= MARGIN
    ? ranked[0]
    : null;
  const ropeRel = shift.ropeMaxDiff / Math.max(shift.scoreRms, 1e-30);
  const sinusoidalRel = shift.sinusoidalMaxDiff / Math.max(shift.sinusoidalScoreRms, 1e-30);
  const orderBlind = relative(order.orderBlind);
  const positionedMin = Math.min(...order.positioned.map(relative));

  const headline: ExperimentFindings["headline"] = { trainMax: L, bestWithin };
  for (const s of stats) {
    headline[`${s.pe}Within`] = s.within;
    headline[`${s.pe}Beyond`] = s.beyond;
    headline[`${s.pe}BeyondTokens`] = s.beyondTokens;
  }
  Object.assign(headline, {
    bestExtrapolator: best?.pe ?? null,
    ropeShiftMaxDiff: shift.ropeMaxDiff,
    sinusoidalShiftMaxDiff: shift.sinusoidalMaxDiff,
    shiftScoreRms: shift.scoreRms,
    sinusoidalShiftScoreRms: shift.sinusoidalScoreRms,
    orderBlindChange: orderBlind,
    positionedChangeMin: positionedMin,
  });

  // The three parts of the claim: true, false, null (between the thresholds) or undefined
  // (not measurable in this run).
  const orderPart = orderBlind <= INVARIANT && positionedMin >= SENSITIVE
    ? true
    : orderBlind >= SENSITIVE && positionedMin <= INVARIANT
    ? false
    : null;
  const sinusoidal = stats.find((s) => s.pe === "sinusoidal");
  const learned = bestWithin >= LEARNED;
  // Undefined (left out) unless the sinusoidal model learned the task within L.
  const dropPart = sinusoidal && sinusoidal.within !== null && sinusoidal.within >= LEARNED &&
      sinusoidal.beyond !== null
    ? sinusoidal.within - sinusoidal.beyond >= MARGIN
    : undefined;
  const shiftPart = ropeRel <= INVARIANT && sinusoidalRel >= SENSITIVE
    ? true
    : ropeRel >= SENSITIVE && sinusoidalRel <= INVARIANT
    ? false
    : null;

  const list = (values: (s: (typeof stats)[number]) => number | null, of: typeof stats) =>
    of.filter((s) => values(s) !== null).map((s) => `${s.pe} ${percent(values(s)!)}`).join(", ");
  const undefinedBeyond = positioned.filter((s) => s.within !== null && s.beyond === null);
  const undefinedEn = undefinedBeyond.length > 0
    ? ` (${undefinedBeyond.map((s) => s.pe).join(", ")}: undefined there)`
    : "";
  const undefinedKo = undefinedBeyond.length > 0
    ? `(${undefinedBeyond.map((s) => s.pe).join(", ")}: 정의되지 않음)`
    : "";
  const tokensList = list((s) => s.beyondTokens, extrapolating);
  const bestEn = best
    ? `${best.pe} kept the most per-token accuracy beyond ${L} (${tokensList})`
    : `no encoding kept clearly more per-token accuracy beyond ${L} than another (${tokensList})`;
  const bestKo = best
    ? `${L}자를 넘는 길이에서 토큰 정확도(token accuracy)를 가장 많이 지킨 것은 ${best.pe}입니다(${tokensList})`
    : `${L}자를 넘는 길이에서 토큰 정확도(token accuracy)가 뚜렷하게 더 높은 인코딩은 없습니다(${tokensList})`;
  const orderEn = `with positions removed, reversing the input moved the logits by ${
    short(orderBlind)
  } of their rms (models with positions: at least ${short(positionedMin)})`;
  const orderKo = `위치 정보를 빼면 입력을 뒤집어도 로짓(logits)이 rms의 ${
    short(orderBlind)
  }배만큼만 바뀝니다(위치 정보가 있는 모델은 최소 ${short(positionedMin)}배)`;
  const lengthsEn = `trained on ${curves[0].lengths[0]}-${L} letters, exact match fell from ${
    list((s) => s.within, stats)
  } to ${list((s) => s.beyond, stats)} beyond ${L}${undefinedEn}, and ${bestEn}`;
  const lengthsKo = `${
    curves[0].lengths[0]
  }-${L}자로 학습한 뒤 ${L}자를 넘기면 완전 일치율(exact match)이 ${
    list((s) => s.within, stats)
  }에서 ${list((s) => s.beyond, stats)}${undefinedKo}로 떨어졌고, ${bestKo}`;
  const shiftEn = `shifting both positions moved RoPE's q.k by at most ${
    short(shift.ropeMaxDiff)
  } (scores of rms ${short(shift.scoreRms)}) and the sinusoidal-added vectors' by ${
    short(shift.sinusoidalMaxDiff)
  } (rms ${short(shift.sinusoidalScoreRms)})`;
  const shiftKo = `두 위치를 함께 옮기면 RoPE의 q.k는 최대 ${short(shift.ropeMaxDiff)}(점수의 rms ${
    short(shift.scoreRms)
  }), 사인파(sinusoidal)를 더한 벡터의 q.k는 ${short(shift.sinusoidalMaxDiff)}(rms ${
    short(shift.sinusoidalScoreRms)
  })만큼 바뀝니다`;

  let conclusion: Bilingual;
  if (!learned) {
    conclusion = {
      en: `No encoding learned the task within ${L} letters (best exact match ${
        percent(bestWithin)
      }), so this run cannot tell how they extrapolate; ${orderEn}; ${shiftEn}.`,
      ko: `어떤 인코딩도 ${L}자 이내에서 과제를 익히지 못했으므로(최고 완전 일치율 ${
        percent(bestWithin)
      }) 이 실행으로는 길이 외삽(extrapolation)을 판단할 수 없습니다. ${orderKo}. ${shiftKo}.`,
    };
  } else {
    const parts = [
      {
        says: orderPart,
        en: "order-blindness without positions",
        ko: "위치 없는 모델의 순서 무시",
      },
      {
        says: dropPart,
        en: `the sinusoidal drop beyond ${L} letters`,
        ko: `${L}자 너머 사인파 인코딩의 하락`,
      },
      { says: shiftPart, en: "RoPE's shift invariance", ko: "RoPE의 이동 불변성" },
    ].filter((p) => p.says !== undefined);
    const agree = parts.filter((p) => p.says === true);
    const disagree = parts.filter((p) => p.says !== true);
    const facts = {
      en: `${orderEn}; ${lengthsEn}; ${shiftEn}`,
      ko: `${orderKo}. ${lengthsKo}. ${shiftKo}`,
    };
    if (disagree.length === 0) {
      conclusion = {
        en: `Positions must be injected, and they do not extrapolate for free: ${facts.en}.`,
        ko:
          `위치 정보는 따로 넣어 주어야 하고, 학습 길이를 넘어서까지 저절로 통하지는 않습니다. ${facts.ko}.`,
      };
    } else if (agree.length === 0 && parts.some((p) => p.says === false)) {
      conclusion = {
        en: `This run contradicts the claim: ${facts.en}.`,
        ko: `이번 실행은 주장과 반대입니다. ${facts.ko}.`,
      };
    } else if (agree.length === 0) {
      conclusion = {
        en: `No clear result: every difference fell between the thresholds: ${facts.en}.`,
        ko: `뚜렷한 결과가 없습니다. 모든 차이가 판단 기준 사이에 있습니다. ${facts.ko}.`,
      };
    } else {
      const names = (ps: typeof parts, lang: "en" | "ko") => ps.map((p) => p[lang]).join(", ");
      conclusion = {
        en: `The evidence is mixed: ${names(agree, "en")} agreed with the claim, ${
          names(disagree, "en")
        } did not: ${facts.en}.`,
        ko: `결과가 엇갈립니다. ${names(agree, "ko")}은(는) 주장과 맞았지만 ${
          names(disagree, "ko")
        }은(는) 맞지 않았습니다. ${facts.ko}.`,
      };
    }
  }
  return { headline, conclusion };
}

/** Held-out strings of the full task, grouped by length (characters). */
function examplesByLength(task: Task, lengths: readonly number[], perLength: number, seed: number) {
  const byLength = new Map<number, { src: string; tgt: string }[]>(lengths.map((n) => [n, []]));
  // Test lengths are spread over at most maxSrcTokens values: draw enough to fill every bucket.
  const pool = task.examples("test", perLength * task.maxSrcTokens * 2, seed);
  for (const example of pool) {
    const bucket = byLength.get([...example.src].length);
    if (bucket && bucket.length < perLength) bucket.push(example);
  }
  return byLength;
}

function encodeAll(trained: TrainedModel, examples: readonly { src: string; tgt: string }[]) {
  return examples.map((e) => ({
    src: trained.data.tokenizers.source.encode(e.src).ids,
    tgt: trained.data.tokenizers.target.encode(e.tgt).ids,
  }));
}

/**
 * How many positions training used: a source of n tokens + <eos> and a target input <bos> + n
 * tokens both use positions 0..n.
 */
function positionsReached(trained: TrainedModel): number {
  return Math.max(trained.data.longest.src, trained.data.longest.tgt) + 1;
}

/** Max |logits(src) - logits(reversed src)| and rms(logits), with the same target input. */
async function orderChange(
  model: Seq2Seq,
  backend: Backend,
  pairs: EncodedPair[],
): Promise<Change> {
  const reversed = pairs.map((p) => ({ src: [...p.src].reverse(), tgt: p.tgt }));
  const logits = tidy(() =>
    [pairs, reversed].map((rows) => {
      const batch = makeTrainingBatch(backend, rows);
      return ops.keep(model.forward(batch)); // [B, T, Vt]
    })
  );
  try {
    const [a, b] = await Promise.all(logits.map((t) => t.toArray()));
    let maxDiff = 0;
    let squares = 0;
    for (let i = 0; i < a.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
      squares += a[i] * a[i];
    }
    return { maxDiff, rms: Math.sqrt(squares / a.length) };
  } finally {
    for (const t of logits) t.dispose();
  }
}

/** The trained model's own weights with pe "none": the same network, blind to order. */
function withoutPositions(trained: TrainedModel, backend: Backend): Seq2Seq {
  const config = { ...trained.config, pe: "none" } as TransformerConfig;
  const blind = makeModel(config, new ParamStore(backend, { seed: trained.seed }));
  for (const [name, target] of blind.params) {
    ops.assign(target, trained.model.params.get(name)!);
  }
  return blind;
}

/** Largest |trained - initial| over the table rows reached in training and over the rest. */
async function learnedRowChange(trained: TrainedModel, backend: Backend) {
  const initial = makeModel(trained.config, new ParamStore(backend, { seed: trained.seed }));
  try {
    const [before, after] = await Promise.all([
      initial.params.get("pos_embed.weight")!.toArray(),
      trained.model.params.get("pos_embed.weight")!.toArray(),
    ]);
    const d = (trained.config as TransformerConfig).dModel;
    const reached = positionsReached(trained);
    let trainedRows = 0;
    let untrainedRows = 0;
    for (let i = 0; i < after.length; i++) {
      const change = Math.abs(after[i] - before[i]);
      if (Math.floor(i / d) < reached) trainedRows = Math.max(trainedRows, change);
      else untrainedRows = Math.max(untrainedRows, change);
    }
    return { reached, rows: after.length / d, trainedRows, untrainedRows, table: after };
  } finally {
    disposeModel(initial);
  }
}

function randn(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/** Each draw's vector at every position 0..t-1, rotated by the engine's rope op: [draws, t, dk]. */
async function rotatedAtEveryPosition(
  backend: Backend,
  vectors: Float32Array,
  shape: { draws: number; t: number; dk: number },
): Promise<Float32Array> {
  const { draws, t, dk } = shape;
  const tiled = new Float32Array(draws * t * dk);
  for (let r = 0; r < draws; r++) {
    for (let p = 0; p < t; p++) tiled.set(vectors.subarray(r * dk, (r + 1) * dk), (r * t + p) * dk);
  }
  const x = Tensor.from(backend, tiled, [draws, t, dk]); // [draws, T, dk], one vector per row
  try {
    const rotated = tidy(() => ops.keep(ops.rope(x))); // [draws, T, dk]
    try {
      return await rotated.toArray();
    } finally {
      rotated.dispose();
    }
  } finally {
    x.dispose();
  }
}

/**
 * RoPE's claim checked numerically: for random q, k of unit-variance entries and random
 * positions i, j < T/2 and shift 1 <= s < T/2, compare q_i . k_j with q_{i+s} . k_{j+s}, where
 * q_p is q rotated by the engine's rope op at position p, or q + PE[p] with the sinusoidal
 * table (the contrast). Dot products are taken in float64, so the differences are the op's.
 */
export async function checkShiftInvariance(
  backend: Backend,
  options: { draws: number; triples: number; dk: number; positions: number; seed: number },
): Promise<ShiftCheck> {
  const { draws, triples, dk, positions: t } = options;
  if (t < 4 || dk % 2 !== 0) {
    throw new Error(`expected at least 4 positions and an even dk, got ${t} and ${dk}`);
  }
  const rng = new Rng(options.seed);
  const q = randn(rng, draws * dk);
  const k = randn(rng, draws * dk);
  const rq = await rotatedAtEveryPosition(backend, q, { draws, t, dk });
  const rk = await rotatedAtEveryPosition(backend, k, { draws, t, dk });
  const pe = sinusoidalTable(t, dk);
  const half = t >> 1;
  const dot = (a: Float32Array, ai: number, b: Float32Array, bi: number) => {
    let s = 0;
    for (let c = 0; c < dk; c++) s += a[ai + c] * b[bi + c];
    return s;
  };
  /** (q + PE[i]) . (k + PE[j]) for draw r. */
  const added = (r: number, i: number, j: number) => {
    let s = 0;
    for (let c = 0; c < dk; c++) {
      s += (q[r * dk + c] + pe[i * dk + c]) * (k[r * dk + c] + pe[j * dk + c]);
    }
    return s;
  };
  let ropeMaxDiff = 0;
  let sinusoidalMaxDiff = 0;
  let squares = 0;
  let sinusoidalSquares = 0;
  for (let r = 0; r < draws; r++) {
    for (let n = 0; n < triples; n++) {
      const i = rng.int(half);
      const j = rng.int(half);
      const s = 1 + rng.int(half - 1);
      const at = (p: number) => (r * t + p) * dk;
      const before = dot(rq, at(i), rk, at(j));
      const after = dot(rq, at(i + s), rk, at(j + s));
      ropeMaxDiff = Math.max(ropeMaxDiff, Math.abs(before - after));
      const addedBefore = added(r, i, j);
      sinusoidalMaxDiff = Math.max(
        sinusoidalMaxDiff,
        Math.abs(addedBefore - added(r, i + s, j + s)),
      );
      squares += before * before;
      sinusoidalSquares += addedBefore * addedBefore;
    }
  }
  const comparisons = draws * triples;
  return {
    comparisons,
    scoreRms: Math.sqrt(squares / comparisons),
    ropeMaxDiff,
    sinusoidalScoreRms: Math.sqrt(sinusoidalSquares / comparisons),
    sinusoidalMaxDiff,
  };
}

/** Cosine similarity of every pair of rows of a [rows, d] table: values[i][j]. */
function cosineGrid(table: Float32Array, rows: number, d: number): number[][] {
  const norms = Array.from({ length: rows }, (_, i) => {
    let s = 0;
    for (let c = 0; c < d; c++) s += table[i * d + c] ** 2;
    return Math.sqrt(s) || 1;
  });
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: rows }, (_, j) => {
      let s = 0;
      for (let c = 0; c < d; c++) s += table[i * d + c] * table[j * d + c];
      return s / (norms[i] * norms[j]);
    }));
}

/** Trains one model on strings of minLength..trainMax letters, reporting steps as progress. */
async function trainOne(
  ctx: ExperimentContext,
  settings: PositionSettings,
  pe: PositionalKind,
  report: (step: number) => void,
): Promise<TrainedModel> {
  const task = withLengthBounds(getTask(settings.task), {
    minLength: settings.minLength,
    maxLength: settings.trainMax,
  });
  const trained = await train(
    {
      task,
      arch: "transformer",
      pe,
      seed: settings.seed,
      recipe: {
        model: { ...settings.model },
        steps: settings.steps,
        batchSize: settings.batchSize,
        lr: settings.lr,
        warmup: settings.warmup,
        dropout: 0,
        labelSmoothing: 0,
        // One dev evaluation at the end (the kept parameters are the last); no test split: the
        // experiment scores its own held-out strings of every length.
        data: { train: settings.trainExamples, dev: 64, test: 0 },
        logEvery: 25,
        evalEvery: settings.steps,
        patience: 1,
        targetExactMatch: 1,
      },
    },
    ctx.backend,
    { signal: ctx.signal, onProgress: (p) => report(p.step) },
  );
  if (ctx.signal.aborted) {
    disposeModel(trained.model);
    checkAborted(ctx.signal);
  }
  return trained;
}

/** Trains one model per encoding and measures all three parts of the claim. */
export async function runPosition(
  ctx: ExperimentContext,
  settings: PositionSettings,
): Promise<ExperimentFindings> {
  const { backend } = ctx;
  const L = settings.trainMax;
  const fullTask = getTask(settings.task);
  if (settings.minLength > L || 2 * L > fullTask.maxSrcTokens) {
    throw new Error(
      `expected ${settings.minLength} <= L and 2L <= ${fullTask.maxSrcTokens} for task ${settings.task}, got L = ${L}`,
    );
  }
  const lengths = Array.from(
    { length: 2 * L - settings.minLength + 1 },
    (_, i) => i + settings.minLength,
  );
  const byLength = examplesByLength(fullTask, lengths, settings.perLength, settings.seed);
  // The heatmaps cover positions 0..2L: every position the longest test string uses.
  const positionLabels = Array.from({ length: 2 * L + 1 }, (_, p) => String(p));
  const d = settings.model.dModel;
  const perModel = settings.steps + lengths.length;
  const total = settings.encodings.length * perModel + 1;
  const curves: PositionCurve[] = [];
  const positioned: OrderCheck["positioned"] = [];
  let orderBlind: Change | null = null;
  /** Where the order-blind model's weights came from, when it was not trained itself. */
  let orderBlindFrom: PositionalKind | null = null;
  const grids: ExperimentGrid[] = [];
  let learnedRows: Awaited<ReturnType<typeof learnedRowChange>> | null = null;

  for (const [index, pe] of settings.encodings.entries()) {
    checkAborted(ctx.signal);
    const offset = index * perModel;
    ctx.progress(offset, total, `training ${pe}`);
    const trained = await trainOne(ctx, settings, pe, (step) => {
      ctx.progress(offset + step, total, `training ${pe}, step ${step}`);
    });
    try {
      const reached = positionsReached(trained);
      // Scores at every length; a learned table has no trained row beyond the positions
      // training reached, so there it is undefined (null), not scored on random rows.
      const curve: PositionCurve = { pe, lengths: [], exactMatch: [], tokenAccuracy: [] };
      for (const [i, n] of lengths.entries()) {
        checkAborted(ctx.signal);
        ctx.progress(offset + settings.steps + i, total, `${pe}, length ${n}`);
        const pairs = encodeAll(trained, byLength.get(n) ?? []);
        if (pairs.length === 0) continue;
        curve.lengths.push(n);
        if (pe === "learned" && n + 1 > reached) {
          curve.exactMatch.push(null);
          curve.tokenAccuracy.push(null);
          continue;
        }
        const metrics = await evaluate(trained.model, pairs, { backend, signal: ctx.signal });
        checkAborted(ctx.signal);
        curve.exactMatch.push(metrics.exactMatch);
        curve.tokenAccuracy.push(metrics.tokenAccuracy);
      }
      curves.push(curve);

      // Order: each held-out source of at most L letters reversed (palindromes left out), with
      // the same target input.
      const probe = encodeAll(
        trained,
        lengths.filter((n) => n <= L).flatMap((n) => byLength.get(n)!),
      )
        .filter((p) => p.src.some((id, i) => id !== p.src[p.src.length - 1 - i]));
      if (probe.length === 0) {
        throw new Error(
          `position: expected held-out strings of ${settings.minLength}-${L} letters, got none`,
        );
      }
      if (pe !== "none") {
        positioned.push({ pe, ...await orderChange(trained.model, backend, probe) });
      }
      if (orderBlind === null) {
        const blind = pe === "none" ? trained.model : withoutPositions(trained, backend);
        if (pe !== "none") orderBlindFrom = pe;
        try {
          orderBlind = await orderChange(blind, backend, probe);
        } finally {
          if (blind !== trained.model) disposeModel(blind);
        }
      }
      if (pe === "learned") {
        learnedRows = await learnedRowChange(trained, backend);
        grids.push({
          title: {
            en: `learned (trained): cos(P_i, P_j); rows > ${L} never trained`,
            ko: `학습된 위치(learned): cos(P_i, P_j); ${L}보다 큰 행은 학습되지 않음`,
          },
          rows: positionLabels,
          cols: positionLabels,
          values: cosineGrid(learnedRows.table, 2 * L + 1, d),
          range: { min: -1, max: 1 },
          argmax: false, // similarity grids: the largest cell is the diagonal
        });
      }
    } finally {
      disposeModel(trained.model);
    }
  }

  // Shift invariance with the engine's rope op, and the sinusoidal contrast.
  checkAborted(ctx.signal);
  ctx.progress(total - 1, total, "RoPE shift invariance");
  const shift = await checkShiftInvariance(backend, {
    draws: settings.shiftDraws,
    triples: settings.shiftTriples,
    dk: settings.shiftDk,
    positions: settings.shiftPositions,
    seed: settings.seed,
  });
  const headDk = settings.model.dModel / settings.model.heads;
  const ropeProbe = await rotatedAtEveryPosition(backend, randn(new Rng(settings.seed), headDk), {
    draws: 1,
    t: 2 * L + 1,
    dk: headDk,
  });
  checkAborted(ctx.signal);
  ctx.progress(total, total, "done");

  grids.unshift({
    title: { en: "sinusoidal: cos(PE_i, PE_j)", ko: "사인파(sinusoidal): cos(PE_i, PE_j)" },
    rows: positionLabels,
    cols: positionLabels,
    values: cosineGrid(sinusoidalTable(2 * L + 1, d), 2 * L + 1, d),
    range: { min: -1, max: 1 },
    argmax: false, // similarity grids: the largest cell is the diagonal
  });
  grids.push({
    title: { en: "RoPE: cos(R_i q, R_j q), one q", ko: "RoPE: cos(R_i q, R_j q), q 하나" },
    rows: positionLabels,
    cols: positionLabels,
    values: cosineGrid(ropeProbe, 2 * L + 1, headDk),
    range: { min: -1, max: 1 },
    argmax: false, // similarity grids: the largest cell is the diagonal
  });

  if (orderBlind === null) throw new Error("position: expected at least one encoding");
  const order: OrderCheck = { positioned, orderBlind };
  const data: PositionData = { trainMax: L, curves, shift, order };
  const { headline, conclusion } = concludePosition(data);
  if (learnedRows) {
    headline.learnedRowsReached = learnedRows.reached;
    headline.learnedUntrainedRowChange = learnedRows.untrainedRows;
  }
  const cell = (v: number | null) => (v === null ? null : percent(v));
  const notes: Bilingual[] = [{
    en:
      `Trained on ${settings.task} strings of ${settings.minLength}-${L} letters (${settings.steps} steps each, same size and seed); scored on held-out strings of ${settings.minLength}-${
        2 * L
      } letters (${settings.perLength} per length). Exact match needs the whole output right; token accuracy counts right positions.`,
    ko:
      `${settings.minLength}-${L}자 ${settings.task} 문자열로 학습했고(모델마다 ${settings.steps}걸음, 같은 크기와 시드), 학습에 없던 ${settings.minLength}-${
        2 * L
      }자 문자열로 평가했습니다(길이마다 ${settings.perLength}개). 완전 일치율은 출력 전체가 맞아야 하고, 토큰 정확도는 맞은 위치의 비율입니다.`,
  }];
  if (learnedRows) {
    notes.push({
      en:
        `learned: the engine allocates ${learnedRows.rows} table rows (max_len), but training reached only rows 0-${
          learnedRows.reached - 1
        } (they moved up to ${
          short(learnedRows.trainedRows)
        } from their initialization); rows ${learnedRows.reached}-${learnedRows.rows - 1} moved ${
          short(learnedRows.untrainedRows)
        }: still random. So beyond ${L} letters the learned encoding is undefined, shown as - (null in --json) rather than scored on random rows.`,
      ko:
        `learned: 엔진은 위치 표에 ${learnedRows.rows}행(max_len)을 두지만 학습 중에 쓰인 행은 0-${
          learnedRows.reached - 1
        }뿐입니다(초기값에서 최대 ${short(learnedRows.trainedRows)} 변함). ${learnedRows.reached}-${
          learnedRows.rows - 1
        }행은 ${
          short(learnedRows.untrainedRows)
        }만큼 변해 여전히 무작위 값입니다. 그래서 ${L}자를 넘는 길이에서 learned 인코딩은 정의되지 않으며, 무작위 행으로 점수를 내는 대신 -(--json에서는 null)로 표시합니다.`,
    });
  }
  notes.push({
    en:
      `Shift check: ${shift.comparisons} random (q, k, i, j, s) with d_k ${settings.shiftDk}, positions below ${settings.shiftPositions}, q and k of unit-variance entries, rotated by the engine's rope op on ${backend.name}; sinusoidal adds PE[i] to q and PE[j] to k instead. PE_i . PE_j alone depends only on i - j too: it is the content-position cross terms that break the invariance.`,
    ko:
      `이동 검사: d_k ${settings.shiftDk}, 위치 ${settings.shiftPositions} 미만에서 무작위 (q, k, i, j, s) ${shift.comparisons}개. q와 k의 원소는 분산 1이고 ${backend.name}에서 엔진의 rope 연산으로 회전했습니다. 사인파는 대신 q에 PE[i], k에 PE[j]를 더합니다. PE_i . PE_j 자체도 i - j에만 의존하며, 불변성을 깨는 것은 내용과 위치가 섞인 교차항입니다.`,
  });

  const encodings = curves.map((c) => c.pe);
  return {
    settings: {
      task: settings.task,
      minLength: settings.minLength,
      trainMax: L,
      lengths,
      encodings,
      perLength: settings.perLength,
      dModel: settings.model.dModel,
      heads: settings.model.heads,
      layers: `${settings.model.encoderLayers}+${settings.model.decoderLayers}`,
      ffn: settings.model.ffn,
      steps: settings.steps,
      batchSize: settings.batchSize,
      lr: settings.lr,
      seed: settings.seed,
    },
    tables: [
      {
        title: {
          en:
            `exact match by source length, trained on ${settings.minLength}-${L} letters (-: undefined)`,
          ko: `입력 길이별 완전 일치율, ${settings.minLength}-${L}자로 학습 (-: 정의되지 않음)`,
        },
        columns: ["length", ...encodings],
        rows: lengths.map((n, i) => [n, ...curves.map((c) => cell(c.exactMatch[i]))]),
      },
      {
        title: {
          en: "token accuracy by source length (-: undefined)",
          ko: "입력 길이별 토큰 정확도 (-: 정의되지 않음)",
        },
        columns: ["length", ...encodings],
        rows: lengths.map((n, i) => [n, ...curves.map((c) => cell(c.tokenAccuracy[i]))]),
      },
      {
        title: {
          en:
            `order and shift checks: the largest change, the rms of the values changed, and their ratio${
              orderBlindFrom
                ? ` (pe none: the ${orderBlindFrom} model's weights, positions removed)`
                : ""
            }`,
          ko: `순서와 이동 검사: 가장 큰 변화, 바뀐 값들의 rms, 그 비율${
            orderBlindFrom
              ? ` (pe none: ${orderBlindFrom} 모델의 가중치에서 위치 정보만 뺀 것)`
              : ""
          }`,
        },
        columns: ["check", "max |change|", "rms", "ratio"],
        rows: [
          ...[{ pe: "none", ...order.orderBlind }, ...order.positioned].map((c) => [
            `logits, source reversed, pe ${c.pe}`,
            short(c.maxDiff),
            short(c.rms),
            short(relative(c)),
          ]),
          ...([
            ["RoPE", { maxDiff: shift.ropeMaxDiff, rms: shift.scoreRms }],
            ["sinusoidal added", {
              maxDiff: shift.sinusoidalMaxDiff,
              rms: shift.sinusoidalScoreRms,
            }],
          ] as const).map(([name, change]) => [
            `q_i.k_j vs q_(i+s).k_(j+s), ${name}`,
            short(change.maxDiff),
            short(change.rms),
            short(relative(change)),
          ]),
        ],
      },
    ],
    charts: [{
      title: {
        en: `token accuracy (%) against source length (trained up to ${L})`,
        ko: `입력 길이에 따른 토큰 정확도(%) (${L}자까지 학습)`,
      },
      xLabel: "source length (letters)",
      yLabel: "token accuracy %",
      series: curves.map((c) => {
        const defined = c.lengths.flatMap((n, i) =>
          c.tokenAccuracy[i] === null ? [] : [{ n, y: c.tokenAccuracy[i]! * 100 }]
        );
        return { name: c.pe, x: defined.map((p) => p.n), y: defined.map((p) => p.y) };
      }),
    }],
    grids,
    headline,
    conclusion,
    notes,
  };
}

export const positionExperiment: Experiment = {
  name: "position",
  claim: {
    en:
      "Attention is order-blind, so position must be injected: sinusoidal and learned encodings do not extrapolate beyond the trained length; RoPE's q.k depends only on i - j.",
    ko:
      "어텐션은 순서를 모르므로 위치를 넣어 주어야 한다. 사인파와 학습된 위치 인코딩은 학습 길이 너머로 잘 외삽되지 않고, RoPE의 q.k는 i - j에만 의존한다.",
  },
  run: (ctx) => runPosition(ctx, ctx.quick ? positionSettings.quick : positionSettings.full),
};
