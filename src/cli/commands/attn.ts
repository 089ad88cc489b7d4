import { defineCommand, emit } from "../command.ts";
import { lastRunOf } from "../last_run.ts";
import { selectAttention } from "../../app/select_attention.ts";
import { renderAttn } from "../../render/attn_view.ts";
import { attnFigure } from "../../render/attn_figure.ts";
import { addFigureOptions, checkFigureTargets, writeFigureTargets } from "../figure_out.ts";

/**
 * `attn [encoder|decoder|cross|alignment] [layer] [head|mean]`: one attention
 * matrix of the last run as a heatmap, rows and columns labeled with tokens.
 * Defaults: cross (alignment for an RNN), the last layer, the mean of heads.
 */
export const attnCommand = defineCommand({
  name: "attn",
  summary:
    "show an attention matrix of the last run: attn [encoder|decoder|cross|alignment] [layer] [head|mean]",
  examples: [
    "attn",
    "attn cross 0 mean",
    "attn encoder 0 2",
    "attn decoder --json",
    "attn cross --png ~/.local/state/attn/cross.png",
  ],
  configure: (cmd) =>
    addFigureOptions(cmd).argument(
      "[kind]",
      "encoder, decoder, cross or alignment (default cross, or alignment for an RNN)",
    )
      .argument("[layer]", "layer number as in run --json, from 0 (default the last)")
      .argument("[head]", "a head number from 0, or mean (default mean)"),
  async run(args, options, ctx) {
    const figures = await checkFigureTargets(options);
    const run = lastRunOf(ctx.session, "attn");
    // The three words may come in any order ("attn 1 cross"): the use case sorts them out.
    const words = args.filter((w) => w !== undefined);
    const result = selectAttention(run, words);
    emit(ctx, result, (r) =>
      renderAttn(r, {
        palette: ctx.session.palette(),
        width: ctx.io.columns,
        colormap: ctx.session.colormap(),
        showValues: ctx.session.showValues,
        lang: ctx.session.lang,
      }));
    await writeFigureTargets(ctx, figures, () =>
      attnFigure(result, {
        colormap: ctx.session.colormapName,
        showValues: ctx.session.showValues,
        lang: ctx.session.lang,
      }));
  },
});
