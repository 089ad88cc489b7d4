import { Option } from "commander";
import type { CommandDef } from "../command.ts";
import { emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { lastRunOf } from "../last_run.ts";
import type { RunResult } from "../../models/run_result.ts";
import { type HiddenResult, renderHidden } from "../../render/hidden_view.ts";
import { quoteInput } from "../quote_input.ts";

/**
 * `hidden [layer] [--where encoder|decoder]`: the last run's hidden states of
 * one layer (default the last of the encoder and of the decoder) as colored strips: for an RNN the state after
 * every step, for a Transformer the layer's output at every position.
 */
export const hiddenCommand: CommandDef = {
  name: "hidden",
  summary: "show the last run's hidden states as colored strips: hidden [layer]",
  examples: ["hidden", "hidden 0", "hidden 1 --where encoder", "hidden --json"],
  configure(cmd) {
    cmd.argument("[layer]", "layer number as in run --json, from 0 (default the last)")
      .addOption(
        new Option("--where <part>", "only the encoder or only the decoder").choices([
          "encoder",
          "decoder",
        ]),
      );
  },
  run(args, options, ctx) {
    const run = lastRunOf(ctx.session, "hidden");
    const where = options.where as "encoder" | "decoder" | undefined;
    const result = selectHidden(run, args[0], where);
    emit(
      ctx,
      result,
      (r) => renderHidden(r, { palette: ctx.session.palette(), width: ctx.io.columns }),
    );
    return Promise.resolve();
  },
};

/**
 * The states of one layer of `run`, labeled: encoder rows by the source
 * tokens plus <eos>, decoder rows by the token each step emitted.
 */
export function selectHidden(
  run: RunResult,
  layerText: string | undefined,
  where?: "encoder" | "decoder",
): HiddenResult {
  const family = run.attention.some((a) => a.kind === "cross" || a.kind === "encoder")
    ? "transformer"
    : "rnn";
  const layers = [...new Set(run.hidden.map((h) => h.layer))].sort((a, b) => a - b);
  if (layers.length === 0) {
    throw new UsageError(`the last run (${run.model}) recorded no hidden states`);
  }
  if (layerText !== undefined && !/^\d+$/.test(layerText)) {
    throw new UsageError(
      `expected a layer number from ${layers[0]} to ${layers.at(-1)}, got ${quoteInput(layerText)}`,
    );
  }
  const layer = layerText === undefined ? undefined : Number(layerText);
  if (layer !== undefined && !layers.includes(layer)) {
    throw new UsageError(`expected a layer from ${layers[0]} to ${layers.at(-1)}, got ${layer}`);
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
