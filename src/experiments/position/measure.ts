/**
 * What `experiment position` measures on the chosen backend:
 * 1. Small Transformers of the same size, one per encoding, trained the same number of steps on
 *    `reverse` restricted to sources of at most L letters, then scored (greedy exact match and
 *    token accuracy) on held-out strings of every length up to 2L.
 * 2. Order-blindness: each trained model, and an order-blind one (the trained "none" model, or
 *    else the first model's weights with the positions removed), run on each source and on its
 *    letters reversed.
 * 3. Shift invariance (shift.ts).
 */
import { withLengthBounds } from "../../data/bounded_task.ts";
import { type EncodedPair, makeTrainingBatch } from "../../data/batches.ts";
import { getTask, type Task } from "../../data/task.ts";
import type { Backend } from "../../engine/backend/contract.ts";
import { ops, tidy } from "../../engine/mod.ts";
import type { PositionalKind, TransformerConfig } from "../../models/config.ts";
import { makeModel } from "../../models/make_model.ts";
import type { Seq2Seq } from "../../models/model.ts";
import { ParamStore } from "../../models/weights/param_store.ts";
import { evaluate } from "../../train/evaluate.ts";
import { disposeModel, train, type TrainedModel } from "../../train/trainer.ts";
import { Rng } from "../../engine/random.ts";
import { checkAborted, type ExperimentContext } from "../experiment.ts";
import type { Change, OrderCheck, PositionCurve, ShiftCheck } from "./conclude.ts";
import { checkShiftInvariance, randn, rotatedAtEveryPosition } from "./shift.ts";

/** What {@link measurePosition} measures. */
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

/** How far the learned table's rows moved in training: the trained ones, and the rest. */
export interface LearnedRows {
  /** Rows training used (positions 0..reached-1). */
  reached: number;
  rows: number;
  trainedRows: number;
  untrainedRows: number;
  /** The trained table [rows, d]. */
  table: Float32Array;
}

/** What the trained models showed: scores by length, order checks, the learned table. */
export interface EncodingsMeasured {
  /** The source lengths scored: minLength..2L. */
  lengths: number[];
  curves: PositionCurve[];
  order: OrderCheck;
  /** Where the order-blind model's weights came from, when it was not trained itself. */
  orderBlindFrom: PositionalKind | null;
  learnedRows: LearnedRows | null;
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
async function learnedRowChange(trained: TrainedModel, backend: Backend): Promise<LearnedRows> {
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

/** The held-out strings of every length, and how the progress of one encoding is counted. */
interface Plan {
  settings: PositionSettings;
  lengths: number[];
  byLength: Map<number, { src: string; tgt: string }[]>;
  /** Progress units per encoding: its training steps, then one per length scored. */
  perModel: number;
  total: number;
}

/**
 * Scores at every length; a learned table has no trained row beyond the positions training
 * reached, so there it is undefined (null), not scored on random rows.
 */
async function scoreByLength(
  ctx: ExperimentContext,
  plan: Plan,
  trained: TrainedModel,
  run: { pe: PositionalKind; offset: number },
): Promise<PositionCurve> {
  const { pe, offset } = run;
  const reached = positionsReached(trained);
  const curve: PositionCurve = { pe, lengths: [], exactMatch: [], tokenAccuracy: [] };
  for (const [i, n] of plan.lengths.entries()) {
    checkAborted(ctx.signal);
    ctx.progress(offset + plan.settings.steps + i, plan.total, `${pe}, length ${n}`);
    const pairs = encodeAll(trained, plan.byLength.get(n) ?? []);
    if (pairs.length === 0) continue;
    curve.lengths.push(n);
    if (pe === "learned" && n + 1 > reached) {
      curve.exactMatch.push(null);
      curve.tokenAccuracy.push(null);
      continue;
    }
    const metrics = await evaluate(trained.model, pairs, {
      backend: ctx.backend,
      signal: ctx.signal,
    });
    checkAborted(ctx.signal);
    curve.exactMatch.push(metrics.exactMatch);
    curve.tokenAccuracy.push(metrics.tokenAccuracy);
  }
  return curve;
}

/**
 * The order probe: each held-out source of at most L letters reversed (palindromes left out),
 * with the same target input.
 */
function orderProbe(plan: Plan, trained: TrainedModel): EncodedPair[] {
  const { minLength, trainMax: L } = plan.settings;
  const probe = encodeAll(
    trained,
    plan.lengths.filter((n) => n <= L).flatMap((n) => plan.byLength.get(n)!),
  )
    .filter((p) => p.src.some((id, i) => id !== p.src[p.src.length - 1 - i]));
  if (probe.length === 0) {
    throw new Error(`position: expected held-out strings of ${minLength}-${L} letters, got none`);
  }
  return probe;
}

/** The order change of the order-blind model: `trained` itself if pe "none", else its weights. */
async function orderBlindChange(
  ctx: ExperimentContext,
  trained: TrainedModel,
  pe: PositionalKind,
  probe: EncodedPair[],
): Promise<Change> {
  const blind = pe === "none" ? trained.model : withoutPositions(trained, ctx.backend);
  try {
    return await orderChange(blind, ctx.backend, probe);
  } finally {
    if (blind !== trained.model) disposeModel(blind);
  }
}

/** Trains one model per encoding and measures its scores by length and its order change. */
async function measureEncodings(ctx: ExperimentContext, plan: Plan): Promise<EncodingsMeasured> {
  const { settings, perModel } = plan;
  const measured: EncodingsMeasured = {
    lengths: plan.lengths,
    curves: [],
    order: { positioned: [], orderBlind: { maxDiff: 0, rms: 0 } },
    orderBlindFrom: null,
    learnedRows: null,
  };
  let orderBlind: Change | null = null;
  for (const [index, pe] of settings.encodings.entries()) {
    checkAborted(ctx.signal);
    const offset = index * perModel;
    ctx.progress(offset, plan.total, `training ${pe}`);
    const trained = await trainOne(ctx, settings, pe, (step) => {
      ctx.progress(offset + step, plan.total, `training ${pe}, step ${step}`);
    });
    try {
      measured.curves.push(await scoreByLength(ctx, plan, trained, { pe, offset }));
      const probe = orderProbe(plan, trained);
      if (pe !== "none") {
        const change = await orderChange(trained.model, ctx.backend, probe);
        measured.order.positioned.push({ pe, ...change });
      }
      if (orderBlind === null) {
        if (pe !== "none") measured.orderBlindFrom = pe;
        orderBlind = await orderBlindChange(ctx, trained, pe, probe);
      }
      if (pe === "learned") measured.learnedRows = await learnedRowChange(trained, ctx.backend);
    } finally {
      disposeModel(trained.model);
    }
  }
  if (orderBlind === null) throw new Error("position: expected at least one encoding");
  measured.order.orderBlind = orderBlind;
  return measured;
}

/** Everything measured: the trained models' findings, the shift check and a rotated probe. */
export interface PositionMeasured extends EncodingsMeasured {
  shift: ShiftCheck;
  /** One random q of a head's width rotated to every position 0..2L: [2L + 1, d_k]. */
  ropeProbe: Float32Array;
}

/** Trains one model per encoding and measures all three parts of the claim. */
export async function measurePosition(
  ctx: ExperimentContext,
  settings: PositionSettings,
): Promise<PositionMeasured> {
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
  const perModel = settings.steps + lengths.length;
  const total = settings.encodings.length * perModel + 1;
  const byLength = examplesByLength(fullTask, lengths, settings.perLength, settings.seed);
  const encodings = await measureEncodings(ctx, { settings, lengths, byLength, perModel, total });

  // Shift invariance with the engine's rope op, and the sinusoidal contrast.
  checkAborted(ctx.signal);
  ctx.progress(total - 1, total, "RoPE shift invariance");
  const shift = await checkShiftInvariance(ctx.backend, {
    draws: settings.shiftDraws,
    triples: settings.shiftTriples,
    dk: settings.shiftDk,
    positions: settings.shiftPositions,
    seed: settings.seed,
  });
  const headDk = settings.model.dModel / settings.model.heads;
  const ropeProbe = await rotatedAtEveryPosition(
    ctx.backend,
    randn(new Rng(settings.seed), headDk),
    { draws: 1, t: 2 * L + 1, dk: headDk },
  );
  checkAborted(ctx.signal);
  ctx.progress(total, total, "done");
  return { ...encodings, shift, ropeProbe };
}
