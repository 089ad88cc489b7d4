import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { lastRunOf } from "../last_run.ts";
import { selectHidden } from "../../app/select_hidden.ts";
import { renderHidden } from "../../render/hidden_view.ts";
import { hiddenFigure } from "../../render/hidden_figure.ts";
import { addFigureOptions, checkFigureTargets, writeFigureTargets } from "../figure_out.ts";

/**
 * `hidden [layer] [--where encoder|decoder]`: the last run's hidden states of
 * one layer (default the last of the encoder and of the decoder) as colored strips: for an RNN the state after
 * every step, for a Transformer the layer's output at every position.
 */
export const hiddenCommand = defineCommand({
  name: "hidden",
  summary: "show the last run's hidden states as colored strips: hidden [layer]",
  examples: [
    "hidden",
    "hidden 0",
    "hidden 1 --where encoder",
    "hidden --json",
    "hidden --svg ~/.local/state/attn/hidden.svg",
  ],
  configure: (cmd) =>
    addFigureOptions(cmd).argument(
      "[layer]",
      "layer number as in run --json, from 0 (default the last)",
    )
      .addOption(
        new Option("--where <part>", "only the encoder or only the decoder").choices(
          ["encoder", "decoder"] as const,
        ),
      ),
  async run([layer], options, ctx) {
    const figures = await checkFigureTargets(options);
    const run = lastRunOf(ctx.session, "hidden");
    const result = selectHidden(run, layer, options.where);
    emit(
      ctx,
      result,
      (r) =>
        renderHidden(r, {
          palette: ctx.session.palette(),
          width: ctx.io.columns,
          lang: ctx.session.lang,
        }),
    );
    await writeFigureTargets(ctx, figures, () => hiddenFigure(result, ctx.session.lang));
  },
});
