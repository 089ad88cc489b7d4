/**
 * The result of `run` (docs/CONTRACT.md `run --json`): reading a decode's tokens
 * and trace back from the device in one round trip, cutting each batch row
 * to its real length, and labeling every matrix.
 *
 * Labels (rows x cols of every attention matrix), for a source of tokens
 * x_1..x_S and emitted tokens y_1..y_n (y_n = <eos> when the decoder stopped):
 * - rows of "decoder", "cross" and "alignment" are the emitted tokens
 *   y_1..y_n: row i is decoding step i, the step that chose y_i
 *   (docs/CONTRACT.md: "rows are the tokens the decoder emitted, one per step").
 * - cols of "encoder", "cross" and "alignment" are the source tokens plus
 *   "<eos>": what the encoder read.
 * - "encoder" rows are the source tokens plus "<eos>" too (self-attention:
 *   position i attends from itself).
 * - "decoder" cols are the decoder inputs <bos>, y_1..y_{n-1}: step i reads
 *   <bos> and the tokens chosen before it, so the final <eos> never appears
 *   as a column (it was never fed back). Under the causal mask row i has
 *   weight only on cols 1..i.
 * Every matrix is rectangular with exactly rows.length x cols.length numbers.
 */
import type { Timing } from "../engine/backend/contract.ts";
import { UNK as UNK_ID } from "../data/vocab.ts";
import type { Tensor } from "../engine/tensor.ts";
import type { AttentionSite, TraceRecorder } from "./trace.ts";

/** A tensor copied to the host. */
export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

/**
 * A run's trace on the host, for the whole batch, records with the same
 * (kind, layer) or (where, layer) concatenated along time.
 */
export interface HostTrace {
  attention: { kind: AttentionSite; layer: number; weights: HostTensor }[]; // [B, h, Tq, Tk]
  hidden: { where: "encoder" | "decoder"; layer: number; values: HostTensor }[]; // [B, T, D]
}

/** One batch row's trace, cut to its real lengths. */
export interface RowTrace {
  attention: { kind: AttentionSite; layer: number; weights: HostTensor }[]; // [h, Tq, Tk]
  hidden: { where: "encoder" | "decoder"; layer: number; values: HostTensor }[]; // [T, D]
}

/** One attention matrix of `run --json`. */
export interface RunAttention {
  kind: AttentionSite;
  layer: number;
  head: number;
  rows: string[];
  cols: string[];
  weights: number[][];
}

/** Hidden states of one layer in `run --json`: values[step or position][unit]. */
export interface RunHidden {
  where: "encoder" | "decoder";
  layer: number;
  values: number[][];
}

/** How the output was chosen. */
export interface RunDecoding {
  method: "greedy" | "beam";
  /** Beam width (beam search only). */
  beam?: number;
  /** Decoding steps run for the output: tokens emitted, <eos> included. */
  steps: number;
  /** Decoding steps allowed. */
  maxSteps: number;
  /** True when the decoder emitted <eos> within maxSteps. */
  finished: boolean;
  /** Beam search: the length-normalized log-probability of the chosen output. */
  score?: number;
}

/**
 * `run --json` (docs/CONTRACT.md), plus backend, decoding and warnings. Every
 * number in it is finite: JSON has no NaN or Infinity (JSON.stringify
 * writes null, where docs/CONTRACT.md promises number[][]), and a heatmap has no
 * color for them. A run whose trace holds one is refused by
 * buildRunResult with an error naming where, so neither the screen nor
 * --json ever shows a made-up value.
 */
export interface RunResult {
  model: string;
  backend: "webgpu" | "cpu";
  /**
   * Why it ran there (src/engine/open_backend.ts BackendReason): "asked" (--backend), "default",
   * "small-work" (the default chose the cpu for one sentence through a small model) or
   * "no-adapter". Set by `run`; absent in results made another way.
   */
  backendReason?: "asked" | "default" | "small-work" | "no-adapter";
  /**
   * The source as the model saw it: `tokens` with "<unk>" where the vocabulary lacked the
   * token, `written` as typed, their `ids`, and which were `unknown`.
   */
  input: { tokens: string[]; written: string[]; ids: number[]; unknown: boolean[] };
  output: { tokens: string[]; text: string };
  attention: RunAttention[];
  hidden: RunHidden[];
  timings: Timing[];
  decoding: RunDecoding;
  /** Things the learner should know, e.g. tokens the vocabulary lacks. */
  warnings: string[];
}

/**
 * Reads `tokens` and every tensor of `trace` back. All reads are issued in
 * the same tick, so on webgpu they share one submit and one round trip.
 */
export async function readRun(
  tokens: Tensor,
  trace: TraceRecorder | null,
): Promise<{ tokens: HostTensor; trace: HostTrace | null }> {
  const attention = trace?.attention ?? [];
  const hidden = trace?.hidden ?? [];
  const [tokenData, ...rest] = await Promise.all([
    tokens.toArray(),
    ...attention.map((r) => r.weights.toArray()),
    ...hidden.map((r) => r.values.toArray()),
  ]);
  const host = (t: Tensor, data: Float32Array): HostTensor => ({ shape: [...t.shape], data });
  const tokensHost = host(tokens, tokenData);
  if (!trace) return { tokens: tokensHost, trace: null };
  const attentionHost = attention.map((r, i) => ({
    kind: r.kind,
    layer: r.layer,
    weights: host(r.weights, rest[i]),
  }));
  const hiddenHost = hidden.map((r, i) => ({
    where: r.where,
    layer: r.layer,
    values: host(r.values, rest[attention.length + i]),
  }));
  return {
    tokens: tokensHost,
    trace: {
      attention: mergeRecords(attentionHost, (r) => `${r.kind}/${r.layer}`, "weights", 2),
      hidden: mergeRecords(hiddenHost, (r) => `${r.where}/${r.layer}`, "values", 1),
    },
  };
}

/**
 * Records sharing a key, concatenated along `axis` in recording order (an
 * RNN records one step at a time; a Transformer one block per layer).
 */
function mergeRecords<R, F extends keyof R>(
  records: R[],
  keyOf: (r: R) => string,
  field: F & string,
  axis: number,
): R[] {
  const groups = new Map<string, R[]>();
  for (const r of records) {
    const key = keyOf(r);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].map((group) =>
    group.length === 1
      ? group[0]
      : { ...group[0], [field]: concatHost(group.map((r) => r[field] as HostTensor), axis) }
  );
}

/** Host tensors of equal shape except along `axis`, joined along it. */
export function concatHost(parts: readonly HostTensor[], axis: number): HostTensor {
  const first = parts[0];
  for (const p of parts) {
    const fits = p.shape.length === first.shape.length &&
      p.shape.every((d, i) => i === axis || d === first.shape[i]);
    if (!fits) {
      throw new Error(
        `cannot join trace records of shapes [${first.shape.join(", ")}] and [${
          p.shape.join(", ")
        }] along axis ${axis}`,
      );
    }
  }
  const outer = first.shape.slice(0, axis).reduce((a, d) => a * d, 1);
  const inner = first.shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  const axisLen = parts.reduce((s, p) => s + p.shape[axis], 0);
  const data = new Float32Array(outer * axisLen * inner);
  let start = 0;
  for (const p of parts) {
    const len = p.shape[axis];
    for (let o = 0; o < outer; o++) {
      data.set(
        p.data.subarray(o * len * inner, (o + 1) * len * inner),
        (o * axisLen + start) * inner,
      );
    }
    start += len;
  }
  const shape = [...first.shape];
  shape[axis] = axisLen;
  return { shape, data };
}

/**
 * Batch row `b` of a host trace, cut to the row's real lengths: `srcLength`
 * source positions (tokens + <eos>) and `steps` decoding steps. Queries and
 * keys are cut by what they index: encoder positions or decoder steps.
 */
export function rowTrace(trace: HostTrace, b: number, lengths: {
  srcLength: number;
  steps: number;
}): RowTrace {
  const { srcLength, steps } = lengths;
  const attention = trace.attention.map((r) => {
    const [batch, heads, tq, tk] = r.weights.shape;
    const q = r.kind === "encoder" ? srcLength : steps;
    const k = r.kind === "decoder" ? steps : srcLength;
    checkRow(b, batch, `${r.kind} attention of layer ${r.layer}`);
    checkLength(q, tq, `${r.kind} attention queries of layer ${r.layer}`);
    checkLength(k, tk, `${r.kind} attention keys of layer ${r.layer}`);
    const data = new Float32Array(heads * q * k);
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < q; i++) {
        const from = ((b * heads + h) * tq + i) * tk;
        data.set(r.weights.data.subarray(from, from + k), (h * q + i) * k);
      }
    }
    return { kind: r.kind, layer: r.layer, weights: { shape: [heads, q, k], data } };
  });
  const hidden = trace.hidden.map((r) => {
    const [batch, t, dim] = r.values.shape;
    const keep = r.where === "encoder" ? srcLength : steps;
    checkRow(b, batch, `${r.where} hidden states of layer ${r.layer}`);
    checkLength(keep, t, `${r.where} hidden states of layer ${r.layer}`);
    const from = b * t * dim;
    const data = r.values.data.slice(from, from + keep * dim);
    return { where: r.where, layer: r.layer, values: { shape: [keep, dim], data } };
  });
  return { attention, hidden };
}

function checkRow(b: number, batch: number, what: string): void {
  if (b < 0 || b >= batch) throw new Error(`${what}: expected batch row < ${batch}, got ${b}`);
}

function checkLength(want: number, have: number, what: string): void {
  if (want > have) throw new Error(`${what}: expected at least ${want} positions, got ${have}`);
}

/** Everything buildRunResult needs besides the trace. */
export interface RunResultInput {
  model: string;
  backend: "webgpu" | "cpu";
  /** Source tokens as the tokenizer split them (without <eos>). */
  sourceTokens: readonly string[];
  /** Their ids; a token read as <unk> (id 3) is labelled "<unk>" in the matrices. */
  sourceIds?: readonly number[];
  /** Emitted tokens, one per step, "<eos>" last when the decoder stopped. */
  emittedTokens: readonly string[];
  /** Joins output tokens into text: "" for char models, " " for word models. */
  separator: string;
  trace: RowTrace | null;
  timings: Timing[];
  decoding: RunDecoding;
  warnings?: string[];
}

/**
 * Builds docs/CONTRACT.md's `run --json` object: one attention entry per layer and
 * head (labels as described at the top of this file), hidden states as
 * values[position or step][unit]. Numbers keep 6 significant digits: float32
 * carries about 7, and the JSON stays readable.
 */
export function buildRunResult(input: RunResultInput): RunResult {
  checkFinite(input);
  const EOS_TOKEN = "<eos>";
  const emitted = [...input.emittedTokens];
  const finished = emitted.at(-1) === EOS_TOKEN;
  // An untrained model may emit <bos> or <pad> mid-way: they stay in the rows
  // (one per step) but are not part of the output.
  const outputTokens = (finished ? emitted.slice(0, -1) : emitted)
    .filter((t) => t !== "<bos>" && t !== "<pad>");
  const unknown = input.sourceTokens.map((_, i) => input.sourceIds?.[i] === UNK_ID);
  const seen = input.sourceTokens.map((t, i) => unknown[i] ? "<unk>" : t);
  const sourceCols = [...seen, EOS_TOKEN];
  const decoderInputs = ["<bos>", ...emitted.slice(0, -1)];
  const attention: RunAttention[] = [];
  for (const r of input.trace?.attention ?? []) {
    const [heads, q, k] = r.weights.shape;
    const rows = r.kind === "encoder" ? sourceCols : emitted;
    const cols = r.kind === "decoder" ? decoderInputs : sourceCols;
    if (rows.length !== q || cols.length !== k) {
      throw new Error(
        `${r.kind} attention of layer ${r.layer} is ${q} x ${k}, its labels ${rows.length} x ${cols.length}`,
      );
    }
    for (let h = 0; h < heads; h++) {
      attention.push({
        kind: r.kind,
        layer: r.layer,
        head: h,
        rows: [...rows],
        cols: [...cols],
        weights: matrixRows(r.weights.data, h * q * k, q, k),
      });
    }
  }
  const hidden: RunHidden[] = (input.trace?.hidden ?? []).map((r) => ({
    where: r.where,
    layer: r.layer,
    values: matrixRows(r.values.data, 0, r.values.shape[0], r.values.shape[1]),
  }));
  return {
    model: input.model,
    backend: input.backend,
    input: {
      tokens: seen,
      written: [...input.sourceTokens],
      ids: input.sourceIds ? [...input.sourceIds] : [],
      unknown,
    },
    output: { tokens: outputTokens, text: outputTokens.join(input.separator) },
    attention,
    hidden,
    timings: input.timings,
    decoding: input.decoding,
    warnings: input.warnings ?? [],
  };
}

/**
 * Throws unless every number the result will hold is finite (see RunResult):
 * names the first NaN or infinity, where it is, and the likely cause.
 */
function checkFinite(input: RunResultInput): void {
  const refuse = (value: number, where: string): never => {
    throw new Error(
      `model ${input.model} computed ${value} in ${where}: float32 overflowed inside the model; ` +
        `expected finite numbers (are its weights huge? attn warns when it loads such a checkpoint)`,
    );
  };
  for (const r of input.trace?.attention ?? []) {
    const i = firstNonFinite(r.weights.data);
    if (i < 0) continue;
    const [, q, k] = r.weights.shape;
    const head = Math.floor(i / (q * k));
    refuse(
      r.weights.data[i],
      `the ${r.kind} attention of layer ${r.layer}, head ${head} (row ${
        Math.floor(i / k) % q
      }, column ${i % k})`,
    );
  }
  for (const r of input.trace?.hidden ?? []) {
    const i = firstNonFinite(r.values.data);
    if (i < 0) continue;
    const dim = r.values.shape[1];
    refuse(
      r.values.data[i],
      `the ${r.where} hidden states of layer ${r.layer} (step ${Math.floor(i / dim)}, unit ${
        i % dim
      })`,
    );
  }
  const score = input.decoding.score;
  if (score !== undefined && !Number.isFinite(score)) refuse(score, "the beam search score");
}

/** Index of the first NaN or infinity in `data`, or -1. */
function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i;
  return -1;
}

/** rows x cols numbers starting at `offset`, as nested arrays (6 significant digits). */
function matrixRows(data: Float32Array, offset: number, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) =>
    Array.from(
      { length: cols },
      (_, j) => round6(data[offset + i * cols + j]),
    ));
}

function round6(x: number): number {
  return Number(x.toPrecision(6)); // finite: checkFinite ran first
}
