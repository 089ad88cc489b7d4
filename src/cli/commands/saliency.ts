import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { saliencyText } from "../../app/attribution/saliency_text.ts";
import { renderSaliency } from "../../render/saliency_view.ts";
import { saliencyFigure } from "../../render/saliency_figure.ts";
import { addFigureOptions, checkFigureTargets, writeFigureTargets } from "../figure_out.ts";

/**
 * `saliency <text...> [--model NAME|PATH]`: gradient x input per source token for each output
 * token, beside the model's own attention, with their rank agreement
 * (src/app/attribution/saliency_text.ts; docs/CONTRACT.md `saliency --json`).
 */
export const saliencyCommand = defineCommand({
  name: "saliency",
  summary:
    "which source tokens each output token depends on (gradient x input), beside attention: saliency <text>",
  examples: [
    "saliency 나는 학생이다",
    "saliency 나는 학생이다 --model ko-en-gru-bahdanau",
    "saliency 나는 학생이다 --model ko-en-gpt --json",
  ],
  configure: (cmd) =>
    addFigureOptions(cmd).argument(
      "<text...>",
      "the sentence (several words are joined with spaces)",
    )
      .addOption(new Option("--model <name>", "a model from 'models', or a .safetensors path")),
  async run([words], options, ctx) {
    const figures = await checkFigureTargets(options); // before the model runs
    const result = await saliencyText(ctx.app, { text: words.join(" "), model: options.model });
    emit(ctx, result, (r) =>
      renderSaliency(r, {
        palette: ctx.session.palette(),
        width: ctx.io.columns,
        colormap: ctx.session.colormap(),
        showValues: ctx.session.showValues,
        lang: ctx.session.lang,
      }));
    await writeFigureTargets(ctx, figures, () =>
      saliencyFigure(result, {
        lang: ctx.session.lang,
        colormap: ctx.session.colormapName,
        showValues: ctx.session.showValues,
      }));
  },
});
