import type { CommandDef } from "../command.ts";
import { emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { lastRunOf } from "../last_run.ts";
import type { RunAttention, RunResult } from "../../models/run_result.ts";
import type { AttentionKind } from "../../models/trace.ts";
import { type AttnResult, renderAttn } from "../../render/attn_view.ts";
import { quoteInput } from "../quote_input.ts";

const kinds: readonly AttentionKind[] = ["encoder", "decoder", "cross", "alignment"];

/**
 * `attn [encoder|decoder|cross|alignment] [layer] [head|mean]`: one attention
 * matrix of the last run as a heatmap, rows and columns labeled with tokens.
 * Defaults: cross (alignment for an RNN), the last layer, the mean of heads.
 */
export const attnCommand: CommandDef = {
  name: "attn",
  summary:
    "show an attention matrix of the last run: attn [encoder|decoder|cross|alignment] [layer] [head|mean]",
  examples: ["attn", "attn cross 1 mean", "attn encoder 0 2", "attn decoder --json"],
  configure(cmd) {
    cmd.argument(
      "[kind]",
      "encoder, decoder, cross or alignment (default cross, or alignment for an RNN)",
    )
      .argument("[layer]", "layer number as in run --json, from 0 (default the last)")
      .argument("[head]", "a head number from 0, or mean (default mean)");
  },
  run(args, _options, ctx) {
    const run = lastRunOf(ctx.session, "attn");
    const result = selectAttention(run, args);
    emit(ctx, result, (r) =>
      renderAttn(r, {
        palette: ctx.session.palette(),
        width: ctx.io.columns,
        colormap: ctx.session.colormap(),
        showValues: ctx.session.showValues,
      }));
    return Promise.resolve();
  },
};

/**
 * The matrix `args` ask for: words in any order, a kind name, then numbers
 * (layer, then head) or "mean". Refuses what the run does not have, naming
 * what it does.
 */
export function selectAttention(run: RunResult, args: readonly string[]): AttnResult {
  const recorded = [...new Set(run.attention.map((a) => a.kind))];
  if (recorded.length === 0) {
    throw new UsageError(
      `the last run (${run.model}) recorded no attention: a GRU or LSTM without attention has none`,
    );
  }
  let kind: AttentionKind | undefined;
  let head: number | "mean" | undefined;
  const numbers: number[] = [];
  for (const word of args) {
    const w = word.toLowerCase();
    if ((kinds as readonly string[]).includes(w)) kind = w as AttentionKind;
    else if (w === "mean") head = "mean";
    else if (/^\d+$/.test(w)) numbers.push(Number(w));
    else {
      throw new UsageError(
        `expected encoder, decoder, cross, alignment, a layer number or mean, got ${
          quoteInput(word)
        }`,
      );
    }
  }
  if (numbers.length > 2) {
    throw new UsageError(`expected at most a layer and a head number, got ${numbers.join(" ")}`);
  }
  kind ??= recorded.includes("cross")
    ? "cross"
    : recorded.includes("alignment")
    ? "alignment"
    : recorded[0];
  if (!recorded.includes(kind)) {
    throw new UsageError(
      `the last run (${run.model}) has no ${kind} attention; it has ${recorded.join(", ")}`,
    );
  }
  const ofKind = run.attention.filter((a) => a.kind === kind);
  const layers = [...new Set(ofKind.map((a) => a.layer))].sort((a, b) => a - b);
  const layer = numbers[0] ?? layers[layers.length - 1];
  if (!layers.includes(layer)) {
    throw new UsageError(
      `expected a ${kind} layer from ${layers[0]} to ${layers.at(-1)}, got ${layer}`,
    );
  }
  const heads = ofKind.filter((a) => a.layer === layer).sort((a, b) => a.head - b.head);
  if (numbers.length === 2) {
    if (head === "mean") throw new UsageError(`expected a head number or mean, not both`);
    head = numbers[1];
  }
  head ??= "mean";
  if (head !== "mean" && (head < 0 || head >= heads.length)) {
    throw new UsageError(`expected a head from 0 to ${heads.length - 1} or mean, got ${head}`);
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
