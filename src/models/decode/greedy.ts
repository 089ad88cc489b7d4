/**
 * Greedy decoding kept on the device: each step's argmax is written into the
 * token buffer the next step reads, so a whole decode, plus a traced
 * teacher-forced pass over its output, is recorded, submitted and read back
 * once. On webgpu every awaited round trip costs ~11 ms (docs/ARCHITECTURE.md), so
 * reading a token per step would cost more than the model itself.
 *
 * The price: the number of steps is fixed before anything runs (a decode
 * cannot stop at <eos> without looking), so every row runs maxSteps steps and
 * the host cuts each row at its first <eos> afterwards. The decoder is causal,
 * so steps after <eos> change nothing before it.
 *
 * A long decode (a large max_len, a long input) is cut into chunks of steps,
 * one submit and wait each, so that Ctrl-C is seen between them
 * (decode_pacer.ts); short ones stay one submit.
 */
import { ops } from "../../engine/mod.ts";
import { keep, Tensor, tidy } from "../../engine/mod.ts";
import type { Backend, Timing } from "../../engine/backend/contract.ts";
import type { ModelConfig } from "../config.ts";
import type { Seq2Seq } from "../model.ts";
import { BOS, EOS, PAD } from "../../data/vocab.ts";
import type { SourceBatch } from "../../data/batches.ts";
import { TraceRecorder } from "../trace.ts";
import { readRun, type RowTrace, rowTrace } from "../run_result.ts";
import { DecodePacer } from "./pacer.ts";
import { TimingSum } from "./timing_sum.ts";

/** Options of {@link greedyDecode}. */
export interface GreedyOptions {
  /** Decoding steps (tokens emitted, <eos> included); default {@link defaultMaxSteps} per row. */
  maxSteps?: number;
  /** Record and read back the trace (attention, hidden states). Default true. */
  trace?: boolean;
  /**
   * Checked between the chunks of a long decode: once aborted, the decode stops there and
   * throws a {@link DecodeInterruptedError}. (A short decode is one chunk.)
   */
  signal?: AbortSignal;
  /** Called after each chunk of a long decode with the steps done and planned. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Finish each stage's GPU work before the next stage starts (a round trip each): a stage's
   * wall time runs until its GPU work is done (stage_timer.ts), so only then is it the stage's
   * own and not shared with the next. Default false: the fewest round trips.
   */
  isolateStages?: boolean;
}

/** A decode stopped by its abort signal between two chunks. */
export class DecodeInterruptedError extends Error {
  constructor(readonly done: number, readonly total: number) {
    super(`decoding stopped after ${done} of ${total} steps`);
    this.name = "DecodeInterruptedError";
  }
}

/** One batch row's decode. */
export interface DecodedRow {
  /** Emitted ids, one per step, ending with <eos> when the decoder stopped. */
  ids: number[];
  /** True when <eos> was emitted within the allowed steps. */
  finished: boolean;
  /** Steps this row was allowed. */
  maxSteps: number;
  /** The row's trace, cut to its source length and its steps; null without tracing. */
  trace: RowTrace | null;
}

/** A decoded batch and the per-stage timings of its GPU work. */
export interface GreedyResult {
  rows: DecodedRow[];
  /** "encoder", "decoder" and (when tracing) "trace" stages. */
  timings: Timing[];
}

/**
 * Steps allowed for a source of `srcLength` positions (tokens + <eos>):
 * min(maxLen - 1, 2 * srcLength + 10). Outputs of the toy tasks are at most
 * about as long as their inputs, so twice the input plus a margin never cuts
 * a sensible answer short, yet bounds the work of a model that never says
 * <eos>. maxLen - 1 keeps <bos> + every emitted token within the model's
 * max_len positions (a learned position table has exactly max_len rows).
 */
export function defaultMaxSteps(config: ModelConfig, srcLength: number): number {
  return Math.max(1, Math.min(config.maxLen - 1, 2 * srcLength + 10));
}

/** Right-pads source id rows (tokens + <eos> each) with <pad> into a batch on `backend`. */
export function makeSourceBatch(backend: Backend, sources: readonly number[][]): SourceBatch {
  if (sources.length === 0 || sources.some((s) => s.length === 0)) {
    throw new Error(`expected at least one non-empty source, got ${sources.length} sources`);
  }
  const width = Math.max(...sources.map((s) => s.length));
  const data = new Float32Array(sources.length * width).fill(PAD);
  sources.forEach((s, b) => data.set(s, b * width));
  return {
    src: Tensor.from(backend, data, [sources.length, width]), // [B, S]
    srcLengths: sources.map((s) => s.length),
  };
}

/**
 * Decodes a batch greedily (argmax at each step) on the device, then runs
 * one teacher-forced `forward` over the decoded tokens with a TraceRecorder:
 * that trace equals what the steps computed, since the decoder is causal.
 * Tokens and trace come back in one read (one GPU round trip).
 */
export async function greedyDecode(
  model: Seq2Seq,
  batch: SourceBatch,
  options: GreedyOptions = {},
): Promise<GreedyResult> {
  const backend = batch.src.backend;
  const { config } = model;
  const [b] = batch.src.shape; // [B, S]
  checkBatch(batch, config);
  const rowSteps = batch.srcLengths.map((len) =>
    options.maxSteps === undefined ? defaultMaxSteps(config, len) : options.maxSteps
  );
  if (options.maxSteps !== undefined) checkMaxSteps(options.maxSteps, config);
  const steps = Math.max(...rowSteps); // L
  const tracing = options.trace ?? true;

  const pacer = new DecodePacer(steps);
  // Tensors a decoding state may reference but does not own: never released here.
  const owned = new Set<Tensor>([batch.src, ...stateTensors(model)]);
  const timings = new TimingSum();
  backend.takeTimings(); // only this decode's stages below
  // Column 0 holds <bos>; step t writes its choice into column t + 1.
  const tokens = keep(Tensor.full(backend, [b, steps + 1], BOS)); // [B, L + 1]
  let state: unknown = null;
  let trace: TraceRecorder | null = null;
  try {
    state = startDecoding(model, batch);
    // The encoder rides in the first chunk's submit (one round trip fewer) unless stages are
    // isolated; the first chunk's rate then includes it, which only makes the second chunk a
    // little smaller.
    const isolate = options.isolateStages ?? false;
    if (isolate) await finishSubmitted();

    // 1. The decoder, chunk by chunk (one chunk for a short decode).
    for (let done = 0; done < steps;) {
      const chunk = pacer.next(done);
      const chunkStart = performance.now();
      const before = stateTensors(state);
      const from = done;
      recordDecoderSteps(model, state, tokens, from, from + chunk);
      releaseReplaced(before, stateTensors(state), owned);
      done += chunk;
      if (done < steps || (isolate && tracing)) await finishSubmitted();
      if (done < steps) {
        pacer.record(chunk, performance.now() - chunkStart);
        options.onProgress?.(done, steps);
        await stopIfAborted(options.signal, done, steps);
      }
    }
    releaseReplaced(stateTensors(state), [], owned);
    state = null;

    // 2. The trace: one teacher-forced pass over the decoded tokens.
    if (tracing) trace = recordTrace(model, batch, tokens, steps);

    const read = await readRun(tokens, trace);
    timings.add(backend.takeTimings());
    return { rows: decodedRows(read, rowSteps, batch.srcLengths), timings: timings.list() };
  } finally {
    if (state !== null) releaseReplaced(stateTensors(state), [], owned);
    disposeRecorded(tokens, trace);
  }

  /** Submits and waits for the recorded work: the next chunk starts on an idle device. */
  async function finishSubmitted() {
    await backend.sync();
    timings.add(backend.takeTimings());
  }
}

/** Runs the encoder (stage "encoder"): the decoding state, its intermediates released. */
function startDecoding(model: Seq2Seq, batch: SourceBatch): unknown {
  const backend = batch.src.backend;
  return tidy(() => {
    const started = backend.stage("encoder", () => model.startDecoding(batch));
    return { started, kept: stateTensors(started) }; // intermediates go, the state stays
  }).started;
}

/**
 * Records decoder steps from..to - 1 (stage "decoder"): step t reads tokens' columns 0..t and
 * writes its argmax into column t + 1 of tokens [B, L + 1], on the device.
 */
function recordDecoderSteps(
  model: Seq2Seq,
  state: unknown,
  tokens: Tensor,
  from: number,
  to: number,
): void {
  const backend = tokens.backend;
  const [b, width] = tokens.shape; // [B, L + 1]
  tidy(() =>
    backend.stage("decoder", () => {
      for (let t = from; t < to; t++) {
        tidy(() => {
          const prefix = ops.slice(tokens, 1, 0, t + 1); // [B, t + 1]
          const logits = model.decodeStep(state, prefix); // [B, Vt]
          const next = ops.argmax(logits); // [B]
          backend.writeAxis(tokens.data, next.data, {
            outer: b,
            axisLen: width,
            inner: 1,
            start: t + 1,
            len: 1,
          });
          return stateTensors(state); // a stepping RNN's new state outlives this step
        });
      }
      return stateTensors(state); // the state after the chunk outlives it
    })
  );
}

/** The trace (stage "trace"): one teacher-forced pass over <bos> + the first L - 1 choices. */
function recordTrace(
  model: Seq2Seq,
  batch: SourceBatch,
  tokens: Tensor,
  steps: number,
): TraceRecorder {
  const backend = batch.src.backend;
  return tidy(() => {
    const recorder = new TraceRecorder();
    backend.stage("trace", () => {
      const tgtIn = ops.slice(tokens, 1, 0, steps); // [B, L]: <bos> + the first L - 1 choices
      model.forward({ src: batch.src, srcLengths: batch.srcLengths, tgtIn }, {
        trace: recorder,
      });
    });
    return { recorder, kept: [recorder.attention, recorder.hidden] };
  }).recorder;
}

/** Each row's ids (cut to its steps and at its first <eos>) and its trace, from one read. */
function decodedRows(
  read: Awaited<ReturnType<typeof readRun>>,
  rowSteps: readonly number[],
  srcLengths: readonly number[],
): DecodedRow[] {
  const width = read.tokens.shape[1]; // L + 1
  return rowSteps.map((allowed, row) => {
    const all = Array.from(read.tokens.data.subarray(row * width + 1, (row + 1) * width));
    const ids = cutAtEos(all.slice(0, allowed));
    const rowTraced = read.trace
      ? rowTrace(read.trace, row, { srcLength: srcLengths[row], steps: ids.length })
      : null;
    return { ids, finished: ids.at(-1) === EOS, maxSteps: allowed, trace: rowTraced };
  });
}

/** Lets pending events (a signal) run, then stops a decode that was aborted. */
async function stopIfAborted(signal: AbortSignal | undefined, done: number, total: number) {
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (signal?.aborted) throw new DecodeInterruptedError(done, total);
}

/**
 * Records and reads back the trace of given outputs (e.g. beam search's
 * choice): one teacher-forced pass over <bos> + each row's ids, cut like a
 * greedy decode's. One round trip.
 */
export async function traceOutputs(
  model: Seq2Seq,
  batch: SourceBatch,
  outputs: readonly number[][],
): Promise<{ rows: RowTrace[]; timings: Timing[] }> {
  const backend = batch.src.backend;
  const [b] = batch.src.shape;
  checkBatch(batch, model.config);
  if (outputs.length !== b || outputs.some((o) => o.length === 0)) {
    throw new Error(`expected ${b} non-empty outputs, got ${outputs.map((o) => o.length)}`);
  }
  const steps = Math.max(...outputs.map((o) => o.length));
  checkMaxSteps(steps, model.config);
  const inputs = new Float32Array(b * steps).fill(PAD);
  outputs.forEach((o, row) => {
    inputs[row * steps] = BOS;
    inputs.set(o.slice(0, o.length - 1), row * steps + 1); // the last id is never fed back
  });
  backend.takeTimings();
  const recorded = tidy(() => {
    const tgtIn = Tensor.from(backend, inputs, [b, steps]); // [B, L]
    const trace = new TraceRecorder();
    backend.stage("trace", () => {
      model.forward({ src: batch.src, srcLengths: batch.srcLengths, tgtIn }, { trace });
    });
    return { tokens: tgtIn, trace, kept: [trace.attention, trace.hidden] };
  });
  try {
    const read = await readRun(recorded.tokens, recorded.trace);
    const rows = outputs.map((o, row) =>
      rowTrace(read.trace!, row, { srcLength: batch.srcLengths[row], steps: o.length })
    );
    return { rows, timings: backend.takeTimings() };
  } finally {
    disposeRecorded(recorded.tokens, recorded.trace);
  }
}

/** The ids up to and including the first <eos> (all of them when there is none). */
export function cutAtEos(ids: readonly number[]): number[] {
  const end = ids.indexOf(EOS);
  return end < 0 ? [...ids] : ids.slice(0, end + 1);
}

/**
 * Tensors reachable from a decoding state (own enumerable fields of objects,
 * arrays and Maps), so a per-step tidy keeps the state a step replaced.
 */
export function stateTensors(
  state: unknown,
  out: Tensor[] = [],
  seen = new Set<unknown>(),
): Tensor[] {
  if (state === null || typeof state !== "object" || seen.has(state)) return out;
  seen.add(state);
  if (state instanceof Tensor) out.push(state);
  else if (state instanceof Map) { for (const v of state.values()) stateTensors(v, out, seen); }
  else if (Array.isArray(state)) { for (const v of state) stateTensors(v, out, seen); }
  else for (const v of Object.values(state)) stateTensors(v, out, seen);
  return out;
}

/**
 * Disposes the tensors of a replaced decoding state that the new state does not share.
 * Parameters, the model's own tensors and the batch (`owned`) are never touched.
 */
function releaseReplaced(
  old: readonly Tensor[],
  kept: readonly Tensor[],
  owned: ReadonlySet<Tensor>,
): void {
  const keepSet = new Set<Tensor>(kept);
  for (const t of old) {
    if (!keepSet.has(t) && !owned.has(t) && !t.requiresGrad && !t.disposed) t.dispose();
  }
}

function disposeRecorded(tokens: Tensor, trace: TraceRecorder | null): void {
  tokens.dispose();
  for (const r of trace?.attention ?? []) r.weights.dispose();
  for (const r of trace?.hidden ?? []) r.values.dispose();
}

function checkBatch(batch: SourceBatch, config: ModelConfig): void {
  const { src, srcLengths } = batch;
  if (src.rank !== 2 || srcLengths.length !== src.shape[0]) {
    throw new Error(
      `expected src [B, S] with B = ${srcLengths.length} source lengths, got [${
        src.shape.join(", ")
      }]`,
    );
  }
  for (const len of srcLengths) {
    if (!Number.isInteger(len) || len < 1 || len > src.shape[1] || len > config.maxLen) {
      throw new Error(
        `expected source lengths from 1 to ${Math.min(src.shape[1], config.maxLen)}, got ${len}`,
      );
    }
  }
}

function checkMaxSteps(maxSteps: number, config: ModelConfig): void {
  if (!Number.isInteger(maxSteps) || maxSteps < 1 || maxSteps > config.maxLen) {
    throw new Error(`expected maxSteps from 1 to ${config.maxLen} (max_len), got ${maxSteps}`);
  }
}
