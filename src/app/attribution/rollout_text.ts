/**
 * `rollout <text>`: attention rollout (rollout.ts) over a model's self-attention stack, beside
 * the last layer's raw attention, and how far apart the two are. The Transformer's encoder
 * (source x source) and the GPT's causal stack (prompt and output, every position) have such a
 * stack; an RNN does not, and is refused with a pointer to `saliency`.
 *
 * The attention is the run's own (runText: greedy decoding and its trace, every layer and head),
 * so the grids show exactly what `run` and `attn` show for the same sentence.
 */
import type { AppContext } from "../context.ts";
import { UsageError } from "../errors.ts";
import { checkText } from "../open_model.ts";
import { runText } from "../run_text.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import { isLoadedGpt } from "../../models/weights/registry.ts";
import type { RunAttention } from "../../models/run_result.ts";
import { attributionMessages } from "./attribution_messages.ts";
import { significant } from "../../measure/rounding.ts";
import { openRequestedModel } from "../open_requested_model.ts";
import { attentionRollout, type Matrix, meanOfHeads } from "./rollout.ts";
import { type RowDistance, rowDistance } from "./row_distance.ts";

/** Significant digits kept in the JSON (float32 carries about 7), as `run --json`. */
const sig6 = (x: number): number => significant(x, 6);

const say = messagesOf(attributionMessages);

/** What `rollout` shows (docs/CONTRACT.md `rollout --json`). */
export interface RolloutResult {
  model: string;
  backend: "webgpu" | "cpu";
  /** The stack rolled out: the Transformer's encoder, or the GPT's (causal) decoder. */
  kind: "encoder" | "decoder";
  layers: number;
  heads: number;
  input: { tokens: string[] };
  output: { tokens: string[]; text: string };
  /** Positions at the top of the stack (queries) and at its input (keys). */
  rows: string[];
  cols: string[];
  /** The rollout R = Â_L ... Â_1, Â_l = renormalise(0.5 A_l + 0.5 I); rows sum to 1. */
  weights: number[][];
  /** The last layer's attention, mean of its heads. */
  raw: number[][];
  /** Per-row Jensen-Shannon divergence (bits) of rollout and raw, its mean, argmax disagreement. */
  distance: RowDistance;
  warnings: string[];
}

/** Rolls out the self-attention of `request.model` (else the model in use) on `text`. */
export async function rolloutText(
  app: AppContext,
  request: { text: string; model?: string },
): Promise<RolloutResult> {
  checkText(request.text);
  const { spec, loaded } = await openRequestedModel(app, request.model);
  const arch = loaded.config.arch;
  if (arch === "gru" || arch === "lstm") {
    throw new UsageError(say("attribution.rolloutRnn", { model: loaded.name, arch }));
  }
  const kind = isLoadedGpt(loaded) ? "decoder" : "encoder";
  const run = await runText(app, { text: request.text, model: spec });
  const stack = run.attention.filter((a) => a.kind === kind);
  const layers = byLayer(stack);
  const means = layers.map((heads) => meanOfHeads(heads.map((h) => h.weights)));
  const rollout = attentionRollout(means);
  const raw = means[means.length - 1];
  const first = stack[0];
  return {
    model: run.model,
    backend: run.backend,
    kind,
    layers: layers.length,
    heads: layers[0].length,
    input: { tokens: run.input.tokens },
    output: run.output,
    rows: first.rows,
    cols: first.cols,
    weights: rounded(rollout),
    raw: rounded(raw),
    distance: roundedDistance(rowDistance(rollout, raw)),
    warnings: run.warnings,
  };
}

/** The matrices of one stack grouped by layer, in layer order. */
function byLayer(stack: readonly RunAttention[]): RunAttention[][] {
  const count = Math.max(-1, ...stack.map((a) => a.layer)) + 1;
  const layers = Array.from({ length: count }, (_, l) => stack.filter((a) => a.layer === l));
  if (count === 0 || layers.some((heads) => heads.length === 0)) {
    throw new Error(
      `expected every layer's self-attention in the run, got ${stack.length} matrices`,
    );
  }
  return layers;
}

function roundedDistance(d: RowDistance): RowDistance {
  return { js: d.js.map(sig6), meanJs: sig6(d.meanJs), argmaxDiffers: sig6(d.argmaxDiffers) };
}

function rounded(m: Matrix): number[][] {
  return m.map((row) => row.map(sig6));
}
