/**
 * Choosing one attention matrix of a run: the use case behind `attn`, and the mean of heads
 * that `step` shows per Transformer layer. It reads the run's trace; it never runs the model.
 */
import { UsageError } from "./errors.ts";
import { quoteInput } from "./quote_input.ts";
import type { RunAttention, RunResult } from "../models/run_result.ts";
import type { AttentionSite } from "../models/trace.ts";
import { appMessages } from "./app_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(appMessages);

/** The result of `attn` (printed as is with --json): one matrix of the last run. */
export interface AttnResult {
  model: string;
  kind: AttentionSite;
  layer: number;
  /** The head shown, or "mean" for the average over heads. */
  head: number | "mean";
  /** Heads the layer has (1 for an RNN alignment). */
  heads: number;
  /** Layers of this kind in the run, e.g. [0, 1]. */
  layers: number[];
  /** Kinds the run recorded. */
  kinds: AttentionSite[];
  /** Query tokens (rows) and key tokens (cols), as in `run --json`. */
  rows: string[];
  cols: string[];
  /** weights[row][col]: each row sums to 1. */
  weights: number[][];
  input: string[];
  output: string;
}

const kinds: readonly AttentionSite[] = ["encoder", "decoder", "cross", "alignment"];

/**
 * The matrix `words` ask for: words in any order, a kind name, then numbers
 * (layer, then head) or "mean". Refuses what the run does not have, naming
 * what it does. Defaults: cross (alignment for an RNN), the last layer, the mean of heads.
 */
export function selectAttention(run: RunResult, words: readonly string[]): AttnResult {
  const recorded = [...new Set(run.attention.map((a) => a.kind))];
  if (recorded.length === 0) {
    throw new UsageError(say("selectAttention.none", { model: run.model }));
  }
  let kind: AttentionSite | undefined;
  let head: number | "mean" | undefined;
  const numbers: number[] = [];
  for (const word of words) {
    const w = word.toLowerCase();
    if ((kinds as readonly string[]).includes(w)) kind = w as AttentionSite;
    else if (w === "mean") head = "mean";
    else if (/^\d+$/.test(w)) numbers.push(Number(w));
    else {
      throw new UsageError(say("selectAttention.badWord", { typed: quoteInput(word) }));
    }
  }
  if (numbers.length > 2) {
    throw new UsageError(say("selectAttention.tooManyNumbers", { numbers: numbers.join(" ") }));
  }
  kind ??= recorded.includes("cross")
    ? "cross"
    : recorded.includes("alignment")
    ? "alignment"
    : recorded[0];
  if (!recorded.includes(kind)) {
    throw new UsageError(
      say("selectAttention.noKind", { model: run.model, kind, recorded: recorded.join(", ") }),
    );
  }
  const ofKind = run.attention.filter((a) => a.kind === kind);
  const layers = [...new Set(ofKind.map((a) => a.layer))].sort((a, b) => a - b);
  const layer = numbers[0] ?? layers[layers.length - 1];
  if (!layers.includes(layer)) {
    throw new UsageError(
      say("selectAttention.badLayer", { kind, first: layers[0], last: layers.at(-1)!, layer }),
    );
  }
  const heads = ofKind.filter((a) => a.layer === layer).sort((a, b) => a.head - b.head);
  if (numbers.length === 2) {
    if (head === "mean") throw new UsageError(say("selectAttention.headAndMean"));
    head = numbers[1];
  }
  head ??= "mean";
  if (head !== "mean" && (head < 0 || head >= heads.length)) {
    throw new UsageError(say("selectAttention.badHead", { last: heads.length - 1, head }));
  }
  const { rows, cols } = heads[0];
  return {
    model: run.model,
    kind,
    layer,
    head: heads.length === 1 ? 0 : head,
    heads: heads.length,
    layers,
    kinds: recorded,
    rows: [...rows],
    cols: [...cols],
    weights: head === "mean" ? meanOfHeads(heads) : heads[head].weights.map((r) => [...r]),
    input: [...run.input.tokens],
    output: run.output.text,
  };
}

/** The element-wise mean of several heads' weights (rows still sum to 1). */
export function meanOfHeads(heads: readonly RunAttention[]): number[][] {
  const { weights } = heads[0];
  return weights.map((row, i) =>
    row.map((_, j) => heads.reduce((s, h) => s + h.weights[i][j], 0) / heads.length)
  );
}
