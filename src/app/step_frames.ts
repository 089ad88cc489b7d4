/**
 * A run taken apart into frames, one per RNN step or Transformer layer (a GPT: one per
 * generation step with the KV cache, gpt_step_frames.ts): the use case behind `step`. Each frame holds only what that step added, so a front end may show them one per
 * Enter or all at once and print the same text.
 */
import type { RunResult } from "../models/run_result.ts";
import { meanOfHeads } from "./select_attention.ts";

/** A labeled attention matrix (mean of heads for a Transformer). */
export interface StepMatrix {
  title: string;
  /** Which matrix it is (a decoder self-attention is drawn with its causal mask). */
  site?: "encoder" | "decoder" | "cross" | "alignment";
  /** Transformer: the layer and how many heads the mean is over (the view words its title). */
  layer?: number;
  heads?: number;
  rows: string[];
  cols: string[];
  weights: number[][];
}

/** One pass of a GPT's generation with the KV cache (`step --json`, kind "gpt-generation"). */
export interface GptStepFrame {
  kind: "gpt-generation";
  /** 1-based generation step; step 1 is the prefill. */
  step: number;
  /** The tokens this pass fed in: the whole prompt at step 1, then the token chosen before. */
  read: string[];
  /** The token the pass chose (greedy) and its probability under softmax(logits). */
  token: string;
  p: number;
  /**
   * Self-attention of the fed positions (rows) over every cached position (cols), mean of the
   * last layer's heads: a P x P causal grid at the prefill, then one row over P + step - 1.
   */
  attention: StepMatrix;
  /** The KV cache after the pass: positions it holds and their device bytes (KvCache.usedBytes). */
  cache: { positions: number; bytes: number };
}

/** The GPT's sizes the view words the cache with (the bytes themselves come from the cache). */
export interface GptStepModel {
  layers: number;
  heads: number;
  /** Head width d / h. */
  dHead: number;
  /** The prompt as fed: `<bos> Korean <sep>` for a translation, else `<bos> text`. */
  prompt: string[];
  /** Bytes the cache allocated up front, for prompt + maxNew positions. */
  allocatedBytes: number;
  allocatedPositions: number;
}

/** One frame of a step-by-step run. */
export type StepFrame =
  | GptStepFrame
  | {
    kind: "rnn-encoder";
    /** 1-based step. */
    step: number;
    token: string;
    /** states[layer][unit]: each layer's state after reading `token`. */
    states: number[][];
  }
  | {
    kind: "rnn-decoder";
    step: number;
    /** The token this step chose. */
    token: string;
    /** Alignment rows 1..step (null without attention). */
    attention: StepMatrix | null;
    /** c_t, the attention-weighted sum of the encoder's top-layer states (null without attention). */
    context: number[] | null;
    states: number[][];
  }
  | {
    kind: "transformer-layer";
    where: "encoder" | "decoder";
    layer: number;
    /** Self-attention, then (decoder) cross-attention. */
    attention: StepMatrix[];
    /** The layer's output: one row per position. */
    labels: string[];
    output: number[][];
  };

/** The result of `step` (printed as is with --json). */
export interface StepResult {
  model: string;
  family: "rnn" | "transformer" | "gpt";
  input: string[];
  output: string;
  frames: StepFrame[];
  /** The diverging scale every strip uses: symmetric around 0, so 0 is the middle color. */
  range: { min: number; max: number };
  /** A GPT's sizes and prompt (family "gpt" only; its frames are gpt_step_frames.ts's). */
  gpt?: GptStepModel;
}

/** The frames of `run`: RNN steps (encoder, then decoder) or Transformer layers. */
export function stepFrames(run: RunResult): StepResult {
  const transformer = run.attention.some((a) => a.kind === "cross" || a.kind === "encoder");
  const frames = transformer ? transformerFrames(run) : rnnFrames(run);
  const values: number[] = [];
  for (const f of frames) {
    if (f.kind === "transformer-layer") values.push(...f.output.flat());
    else if (f.kind !== "gpt-generation") {
      values.push(...f.states.flat(), ...(f.kind === "rnn-decoder" ? f.context ?? [] : []));
    }
  }
  return {
    model: run.model,
    family: transformer ? "transformer" : "rnn",
    input: [...run.input.tokens],
    output: run.output.text,
    frames,
    range: symmetricRange(values),
  };
}

/**
 * True for a decoder-only GPT's run: self-attention alone (kind "decoder"), no encoder, no
 * cross-attention, no RNN alignment. Its `step` frames come from gpt_step_frames.ts.
 */
export function isDecoderOnlyRun(run: RunResult): boolean {
  return run.attention.length > 0 && run.attention.every((a) => a.kind === "decoder");
}

/**
 * [-m, m] with m the largest finite magnitude among `values` (0 when there is none): one
 * scale for every frame, so strips compare cell by cell (what the views call a diverging range).
 */
function symmetricRange(values: readonly number[]): { min: number; max: number } {
  let m = 0;
  for (const v of values) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return { min: -m, max: m };
}

function layersOf(run: RunResult, where: "encoder" | "decoder"): number[][][] {
  return run.hidden.filter((h) => h.where === where).sort((a, b) => a.layer - b.layer)
    .map((h) => h.values);
}

function rnnFrames(run: RunResult): StepFrame[] {
  const source = [...run.input.tokens, "<eos>"];
  const encoder = layersOf(run, "encoder"); // [layer][step][unit]
  const decoder = layersOf(run, "decoder");
  const alignment = run.attention.find((a) => a.kind === "alignment") ?? null;
  const top = encoder.at(-1) ?? []; // h_j: the encoder's top-layer outputs
  const emitted = alignment?.rows ??
    [...run.output.tokens, ...(run.decoding.finished ? ["<eos>"] : [])];
  const frames: StepFrame[] = source.map((token, j) => ({
    kind: "rnn-encoder",
    step: j + 1,
    token,
    states: encoder.map((layer) => [...(layer[j] ?? [])]),
  }));
  const steps = decoder[0]?.length ?? 0;
  for (let t = 0; t < steps; t++) {
    const row = alignment?.weights[t] ?? null;
    frames.push({
      kind: "rnn-decoder",
      step: t + 1,
      token: emitted[t] ?? "?",
      attention: alignment
        ? {
          title: `alignment rows 1-${t + 1}: where each output step looked in the source`,
          site: "alignment",
          rows: alignment.rows.slice(0, t + 1),
          cols: alignment.cols,
          weights: alignment.weights.slice(0, t + 1),
        }
        : null,
      context: row ? contextVector(row, top) : null,
      states: decoder.map((layer) => [...layer[t]]),
    });
  }
  return frames;
}

/** c = sum_j weights[j] * states[j] (Bahdanau et al. 2015, eq. 5). */
export function contextVector(weights: readonly number[], states: readonly number[][]): number[] {
  const units = states[0]?.length ?? 0;
  const c = new Array<number>(units).fill(0);
  weights.forEach((w, j) => {
    for (let u = 0; u < units; u++) c[u] += w * (states[j]?.[u] ?? 0);
  });
  return c;
}

function transformerFrames(run: RunResult): StepFrame[] {
  const frames: StepFrame[] = [];
  const mean = (kind: "encoder" | "decoder" | "cross", layer: number, title: string) => {
    const heads = run.attention.filter((a) => a.kind === kind && a.layer === layer);
    if (heads.length === 0) return [];
    const m: StepMatrix = {
      title: `${title}, mean of ${heads.length} heads`,
      site: kind,
      layer,
      heads: heads.length,
      rows: heads[0].rows,
      cols: heads[0].cols,
      weights: meanOfHeads(heads),
    };
    return [m];
  };
  const source = [...run.input.tokens, "<eos>"];
  const emitted = run.attention.find((a) => a.kind === "cross")?.rows ?? [];
  for (const where of ["encoder", "decoder"] as const) {
    for (const h of run.hidden.filter((h) => h.where === where).sort((a, b) => a.layer - b.layer)) {
      frames.push({
        kind: "transformer-layer",
        where,
        layer: h.layer,
        attention: where === "encoder"
          ? mean("encoder", h.layer, `encoder layer ${h.layer} self-attention`)
          : [
            ...mean("decoder", h.layer, `decoder layer ${h.layer} masked self-attention`),
            ...mean("cross", h.layer, `decoder layer ${h.layer} cross-attention`),
          ],
        labels: where === "encoder" ? source : emitted,
        output: h.values.map((r) => [...r]),
      });
    }
  }
  return frames;
}
