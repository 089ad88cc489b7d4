/**
 * The positional encodings as numbers: the use case behind `pe`. Sinusoidal numbers come from
 * the same `sinusoidalTable` the Transformer adds; rope's cos/sin from the same rotation the
 * attention applies (a unit vector per pair, rotated); a learned table from a checkpoint.
 */
import { AttnError, UsageError } from "./errors.ts";
import { checkPathLength } from "./path_limit.ts";
import { sinusoidalTable } from "../models/layers/positional.ts";
import { rope } from "../engine/cpu/rope.ts";
import { listModels, ModelNotFoundError, resolveModel } from "../models/weights/registry.ts";
import { loadCheckpoint } from "../models/weights/checkpoint.ts";
import { appMessages } from "./app_messages.ts";
import { explainPe } from "./explain.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import { messageOf } from "../platform/i18n/bilingual_error.ts";

const say = messagesOf(appMessages);

/** Positions and widths `pe` accepts, and what it shows when none are given. */
export const peLimits = { maxLength: 1024, maxDim: 1024, length: 20, dim: 32 } as const;

/** The result of `pe` (printed as is with --json). */
export interface PeResult {
  kind: "sinusoidal" | "learned" | "rope";
  /** Positions (rows). */
  length: number;
  /** Model width d (sinusoidal, learned) or head width dk (rope). */
  dim: number;
  /** Row labels: positions 0..length-1. */
  rows: string[];
  /** Column labels: dimensions 0..dim-1; rope: cos0, sin0, cos1, sin1, ... */
  cols: string[];
  /** values[position][column]; null when there is no table to show (learned without --model). */
  values: number[][] | null;
  /** rope: the rotation angle of pair i at position p, in radians (angles[p][i]). */
  angles?: number[][];
  /** The model a learned table came from, and the task it was trained on. */
  model?: string;
  task?: string;
  /** What the table means, in a few sentences. */
  explanation: string;
}

function labels(n: number, name: (i: number) => string = String): string[] {
  return Array.from({ length: n }, (_, i) => name(i));
}

function rowsOf(flat: Float32Array, length: number, dim: number): number[][] {
  return Array.from({ length }, (_, p) => Array.from(flat.subarray(p * dim, (p + 1) * dim)));
}

/** The fixed table of Vaswani et al. 2017 for `length` positions of width `dim` (even). */
export function sinusoidalPe(length: number, dim: number): PeResult {
  return {
    kind: "sinusoidal",
    length,
    dim,
    rows: labels(length),
    cols: labels(dim),
    values: rowsOf(sinusoidalTable(length, dim), length, dim),
    explanation: explainPe({ kind: "sinusoidal" }).en,
  };
}

/** RoPE's rotation of every pair at `length` positions of a head of width `dim` (even). */
export function rotaryPe(length: number, dim: number): PeResult {
  // A unit vector (1, 0) in every pair, rotated by the attention's own RoPE: (cos θ, sin θ).
  const unit = new Float32Array(length * dim);
  for (let o = 0; o < unit.length; o += 2) unit[o] = 1;
  const rotated = rope(unit, { rows: 1, t: length, dim });
  const pairs = dim / 2;
  const angles = Array.from(
    { length },
    (_, p) =>
      Array.from(
        { length: pairs },
        (_, i) => Math.atan2(rotated[p * dim + 2 * i + 1], rotated[p * dim + 2 * i]),
      ),
  );
  return {
    kind: "rope",
    length,
    dim,
    rows: labels(length),
    cols: labels(dim, (j) => `${j % 2 === 0 ? "cos" : "sin"}${Math.floor(j / 2)}`),
    values: rowsOf(rotated, length, dim),
    angles,
    explanation: explainPe({ kind: "rope" }).en,
  };
}

/**
 * The learned table (pos_embed.weight) of the model `spec` names, its first `length` rows
 * (default: up to 20). Without a model: the first shipped model with one (weights/ ships
 * ko-en-transformer-learned); when there is none, no table, and the commands that make one.
 */
export async function learnedPe(
  spec: string | undefined,
  length: number | undefined,
  signal: AbortSignal,
  weightsDir?: string,
): Promise<PeResult> {
  if (spec === undefined) {
    const { models } = await listModels({ dir: weightsDir });
    const shipped = models.find((m) => m.pe === "learned" && m.arch === "transformer"); // not a GPT
    if (shipped) return await learnedPe(shipped.name, length, signal, weightsDir);
    return {
      kind: "learned",
      length: 0,
      dim: 0,
      rows: [],
      cols: [],
      values: null,
      explanation: explainPe({ kind: "learned" }).en,
    };
  }
  let resolved: { name: string; path: string };
  checkPathLength("--model", spec);
  try {
    resolved = await resolveModel(spec, { dir: weightsDir });
  } catch (e) {
    if (e instanceof ModelNotFoundError) throw new UsageError(messageOf(e));
    throw e;
  }
  let checkpoint;
  try {
    checkpoint = await loadCheckpoint(resolved.path, { signal });
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    throw new AttnError(messageOf(e));
  }
  const config = checkpoint.config;
  if (config.arch !== "transformer" || config.pe !== "learned") {
    const what = config.arch === "transformer"
      ? `pe '${config.pe}'`
      : say("peTable.rnn", { arch: config.arch.toUpperCase() });
    const hint = config.arch === "transformer" && config.pe !== "none"
      ? say("peTable.try", { pe: config.pe })
      : "";
    throw new UsageError(say("peTable.notLearned", { model: resolved.name, what, hint }));
  }
  const table = checkpoint.tensors.get("pos_embed.weight");
  if (!table) throw new AttnError(say("peTable.noTensor", { model: resolved.name }));
  const [maxLen, dim] = table.shape;
  const rows = length ?? Math.min(maxLen, peLimits.length);
  if (rows > maxLen) {
    throw new UsageError(say("peTable.tooLong", { max: maxLen, rows }));
  }
  return {
    kind: "learned",
    length: rows,
    dim,
    rows: labels(rows),
    cols: labels(dim),
    values: rowsOf(table.data, rows, dim),
    model: resolved.name,
    task: config.task || undefined,
    explanation:
      explainPe({ kind: "learned", model: resolved.name, task: config.task || undefined })
        .en,
  };
}
