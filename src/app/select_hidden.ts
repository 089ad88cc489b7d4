/**
 * Choosing the hidden states of one layer of a run: the use case behind `hidden`. Like
 * `attn`, it reads the run's trace and never runs the model again.
 */
import { UsageError } from "./errors.ts";
import { quoteInput } from "./quote_input.ts";
import type { RunResult } from "../models/run_result.ts";
import { appMessages } from "./app_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(appMessages);

/** One stack of states: values[step or position][unit], a label per row. */
export interface HiddenBlock {
  where: "encoder" | "decoder";
  layer: number;
  labels: string[];
  values: number[][];
}

/** The result of `hidden` (printed as is with --json). */
export interface HiddenResult {
  model: string;
  /** "rnn": states after each step; "transformer": each layer's output per position. */
  family: "rnn" | "transformer";
  /** The layer asked for; null: the last of each part. */
  layer: number | null;
  /** Layers the run recorded, e.g. [0, 1]. */
  layers: number[];
  blocks: HiddenBlock[];
}

/**
 * The states of one layer of `run`, labeled: encoder rows by the source
 * tokens plus <eos>, decoder rows by the token each step emitted.
 */
export function selectHidden(
  run: RunResult,
  layerText: string | undefined,
  where?: "encoder" | "decoder",
): HiddenResult {
  // Any attention but an RNN's alignment is a Transformer's (a GPT has self-attention alone).
  const family = run.attention.some((a) => a.kind !== "alignment") ? "transformer" : "rnn";
  const layers = [...new Set(run.hidden.map((h) => h.layer))].sort((a, b) => a - b);
  if (layers.length === 0) {
    throw new UsageError(say("selectHidden.none", { model: run.model }));
  }
  if (layerText !== undefined && !/^\d+$/.test(layerText)) {
    throw new UsageError(
      say("selectHidden.notANumber", {
        first: layers[0],
        last: layers.at(-1)!,
        typed: quoteInput(layerText),
      }),
    );
  }
  const layer = layerText === undefined ? undefined : Number(layerText);
  if (layer !== undefined && !layers.includes(layer)) {
    throw new UsageError(
      say("selectHidden.badLayer", { first: layers[0], last: layers.at(-1)!, layer }),
    );
  }
  // Without a layer: the last layer of each part (encoder and decoder may differ in depth).
  const lastOf = (part: "encoder" | "decoder") =>
    Math.max(...run.hidden.filter((h) => h.where === part).map((h) => h.layer));
  const sourceLabels = [...run.input.tokens, "<eos>"];
  const emitted = decoderRows(run);
  const blocks = run.hidden
    .filter((h) =>
      (where === undefined || h.where === where) && h.layer === (layer ?? lastOf(h.where))
    )
    .map((h) => ({
      where: h.where,
      layer: h.layer,
      labels: h.values.map((_, i) =>
        (h.where === "encoder" ? sourceLabels[i] : emitted[i]) ?? String(i)
      ),
      values: h.values.map((row) => [...row]),
    }));
  return { model: run.model, family, layer: layer ?? null, layers, blocks };
}

/** The tokens the decoder emitted, one per step ("<eos>" included): the rows of its attention. */
function decoderRows(run: RunResult): string[] {
  const withRows = run.attention.find((a) => a.kind !== "encoder");
  if (withRows) return withRows.rows;
  const finished = run.decoding.finished;
  return [...run.output.tokens, ...(finished ? ["<eos>"] : [])];
}
