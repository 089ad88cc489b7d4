/**
 * Beam search (width k) for one source sentence: keeps the k most probable
 * partial outputs instead of greedy's one (Sutskever et al. 2014; Graves
 * 2012). It is driven from the host: after each step the log-probabilities
 * of every live hypothesis are read back to choose the next k, so it costs
 * one GPU round trip per step (~11 ms each on webgpu), unlike greedy
 * decoding's single round trip for the whole decode.
 *
 * Scoring: a hypothesis' log-probability is the sum of its tokens'
 * log-probabilities; finished hypotheses (ending in <eos>) are compared by
 * the length-normalized score logProb / length (tokens emitted, <eos>
 * included), which stops the search from preferring short outputs merely
 * because every extra token lowers the sum. With k = 1 this is exactly
 * greedy decoding.
 */
import { Tensor, tidy } from "../../engine/mod.ts";
import type { Backend, Timing } from "../../engine/backend/contract.ts";
import type { Seq2Seq } from "../model.ts";
import { BOS, EOS } from "../../data/vocab.ts";
import type { SourceBatch } from "../../data/batches.ts";
import { defaultMaxSteps, stateTensors } from "./greedy.ts";
import { TimingSum } from "./timing_sum.ts";

/** Options of {@link beamSearch}. */
export interface BeamOptions {
  /** Beam width k: hypotheses kept per step (1..64). */
  beam: number;
  /** Decoding steps allowed; default as greedy decoding's. */
  maxSteps?: number;
  /** Stops the search after the current step (the best so far is returned). */
  signal?: AbortSignal;
  /** Finish the encoder's GPU work on its own (a round trip): its wall time is then its own. */
  isolateStages?: boolean;
}

/** One output considered by the search. */
export interface Hypothesis {
  /** Emitted ids, <eos> last when finished. */
  ids: number[];
  /** Sum of the log-probabilities of the ids. */
  logProb: number;
  /** logProb / ids.length: what hypotheses are ranked by. */
  score: number;
  finished: boolean;
}

/** The search's outcome. */
export interface BeamResult {
  /** The best hypothesis by score. */
  best: Hypothesis;
  /** All final hypotheses, best first. */
  hypotheses: Hypothesis[];
  /** Decoding steps run (= GPU round trips for reading log-probabilities). */
  steps: number;
  /** Steps allowed. */
  maxSteps: number;
  /** GPU time per stage, summed over steps ("encoder", "decoder"). */
  timings: Timing[];
}

/** A hypothesis still being extended, with the state row it continues. */
interface Live {
  ids: number[];
  logProb: number;
  row: number;
}

const MAX_BEAM = 64;

/** Beam search of one source sentence (batch of one row). */
export async function beamSearch(
  model: Seq2Seq,
  batch: SourceBatch,
  options: BeamOptions,
): Promise<BeamResult> {
  const backend = batch.src.backend;
  const k = options.beam;
  const maxSteps = checkedMaxSteps(model, batch, options);

  // Tensors a state may reference but does not own: never released here.
  const owned = new Set<Tensor>([batch.src, ...stateTensors(model)]);
  backend.takeTimings();
  const timings = new TimingSum();
  let state: unknown = tidy(() =>
    backend.stage("encoder", () => {
      const started = model.startDecoding(batch);
      return { started, kept: stateTensors(started) }; // intermediates go, the state stays
    })
  ).started;
  if (options.isolateStages) {
    await backend.sync(); // the encoder's wall time ends with its own work (stage_timer.ts)
    timings.add(backend.takeTimings());
  }
  let live: Live[] = [{ ids: [], logProb: 0, row: 0 }];
  const finished: Hypothesis[] = [];
  let steps = 0;
  let lastYield = performance.now();
  try {
    while (steps < maxSteps && live.length > 0 && finished.length < k) {
      // Let a pending signal (Ctrl-C) run: on cpu a step's read never returns to the event loop.
      if (performance.now() - lastYield > 50) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
      if (options.signal?.aborted) break;
      // 1. Record one step for every live hypothesis: its state row, its prefix.
      const previous = state;
      const t = steps;
      const step = recordStep(model, backend, previous, live, t);
      state = step.state;
      releaseReplaced(previous, step.kept, owned);
      // 2. Read the logits back (one round trip) and extend on the host.
      const logits = await step.logits.toArray();
      const vocab = step.logits.shape[1];
      step.logits.dispose();
      timings.add(backend.takeTimings());
      steps++;
      live = extend(live, logits, vocab, k, finished);
    }
  } finally {
    releaseReplaced(state, [], owned);
  }

  const hypotheses = ranked(finished, live, k);
  return { best: hypotheses[0], hypotheses, steps, maxSteps, timings: timings.list() };
}

/** Throws unless the beam width and maxSteps are sane and the batch is one row; maxSteps. */
function checkedMaxSteps(model: Seq2Seq, batch: SourceBatch, options: BeamOptions): number {
  const k = options.beam;
  if (!Number.isInteger(k) || k < 1 || k > MAX_BEAM) {
    throw new Error(`expected a beam width from 1 to ${MAX_BEAM}, got ${k}`);
  }
  if (batch.src.rank !== 2 || batch.src.shape[0] !== 1 || batch.srcLengths.length !== 1) {
    throw new Error(
      `beam search decodes one sentence: expected src [1, S], got [${batch.src.shape.join(", ")}]`,
    );
  }
  const { config } = model;
  const maxSteps = options.maxSteps ?? defaultMaxSteps(config, batch.srcLengths[0]);
  if (!Number.isInteger(maxSteps) || maxSteps < 1 || maxSteps > config.maxLen) {
    throw new Error(`expected maxSteps from 1 to ${config.maxLen} (max_len), got ${maxSteps}`);
  }
  return maxSteps;
}

/**
 * Records one step for every live hypothesis (stage "decoder"): its state row and its prefix
 * <bos> + ids [n, t + 1] give the logits [n, Vt]; the selected state outlives the step.
 */
function recordStep(
  model: Seq2Seq,
  backend: Backend,
  previous: unknown,
  live: readonly Live[],
  t: number,
): { logits: Tensor; state: unknown; kept: Tensor[] } {
  return tidy(() =>
    backend.stage("decoder", () => {
      const rows = Tensor.from(backend, live.map((h) => h.row), [live.length]); // [n]
      const selected = model.selectRows(previous, rows);
      const prefixData = new Float32Array(live.length * (t + 1));
      live.forEach((h, i) => {
        prefixData[i * (t + 1)] = BOS;
        prefixData.set(h.ids, i * (t + 1) + 1);
      });
      const prefix = Tensor.from(backend, prefixData, [live.length, t + 1]); // [n, t + 1]
      const logits = model.decodeStep(selected, prefix); // [n, Vt]
      return { logits, state: selected, kept: stateTensors(selected) };
    })
  );
}

/**
 * The final hypotheses, best first, at most k: the finished ones, plus the live ones when
 * fewer than k finished. On equal scores the earlier found (finished first) wins.
 */
function ranked(finished: readonly Hypothesis[], live: readonly Live[], k: number): Hypothesis[] {
  const pool: Hypothesis[] = [
    ...finished,
    ...(finished.length < k ? live.map((h) => hypothesis(h.ids, h.logProb, false)) : []),
  ];
  return pool
    .map((h, i) => ({ h, i }))
    .sort((a, b) => b.h.score - a.h.score || a.i - b.i)
    .map(({ h }) => h)
    .slice(0, k);
}

/**
 * One step of the search on the host: every live hypothesis times every
 * token, ranked by summed log-probability. Among the best 2k candidates,
 * those ending in <eos> within the top k finish; the best k others live on
 * (so the beam stays full even when some hypotheses finish).
 */
function extend(
  live: Live[],
  logits: Float32Array,
  vocab: number,
  k: number,
  finished: Hypothesis[],
): Live[] {
  const candidates: { from: number; token: number; logProb: number }[] = [];
  live.forEach((h, i) => {
    const row = logits.subarray(i * vocab, (i + 1) * vocab);
    const lse = logSumExp(row);
    for (let v = 0; v < vocab; v++) {
      candidates.push({ from: i, token: v, logProb: h.logProb + (row[v] - lse) });
    }
  });
  // A stable sort: equal log-probabilities keep (hypothesis, token) order, so
  // the lowest token id wins ties, as argmax does in greedy decoding.
  candidates.sort((a, b) => b.logProb - a.logProb);
  const next: Live[] = [];
  for (const [rank, c] of candidates.slice(0, 2 * k).entries()) {
    const ids = [...live[c.from].ids, c.token];
    if (c.token === EOS) {
      if (rank < k && finished.length < k) finished.push(hypothesis(ids, c.logProb, true));
    } else if (next.length < k) {
      next.push({ ids, logProb: c.logProb, row: c.from });
    }
  }
  return next;
}

function hypothesis(ids: number[], logProb: number, finished: boolean): Hypothesis {
  return { ids, logProb, score: logProb / ids.length, finished };
}

/** log(sum(exp(x))) in float64: order-preserving, so the argmax matches greedy's. */
function logSumExp(x: Float32Array): number {
  let max = -Infinity;
  for (const v of x) max = Math.max(max, v);
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (const v of x) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/**
 * Disposes the tensors of a replaced state that the new state does not
 * share. Parameters, the model's own tensors and the batch are never touched.
 */
function releaseReplaced(old: unknown, kept: readonly Tensor[], owned: Set<Tensor>): void {
  const keep = new Set<Tensor>(kept);
  for (const t of stateTensors(old)) {
    if (!keep.has(t) && !owned.has(t) && !t.requiresGrad && !t.disposed) t.dispose();
  }
}
