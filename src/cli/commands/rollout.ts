import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { rolloutText } from "../../app/attribution/rollout_text.ts";
import { renderRollout } from "../../render/rollout_view.ts";
import { rolloutFigure } from "../../render/rollout_figure.ts";
import { addFigureOptions, checkFigureTargets, writeFigureTargets } from "../figure_out.ts";

/**
 * `rollout <text...> [--model NAME|PATH]`: attention rollout (Abnar & Zuidema 2020) over the
 * Transformer's encoder or the GPT's causal stack, beside the last layer's raw attention, with
 * how far apart they are (src/app/attribution/rollout_text.ts; docs/CONTRACT.md
 * `rollout --json`). An RNN has no stack of self-attention and is refused.
 */
export const rolloutCommand = defineCommand({
  name: "rollout",
  summary:
    "attention rollout through the layers beside the last layer's raw attention: rollout <text>",
  examples: [
    "rollout 나는 학생이다",
    "rollout 나는 학생이다 --model ko-en-gpt",
    "rollout 나는 학생이다 --json",
  ],
  configure: (cmd) =>
    addFigureOptions(cmd).argument(
      "<text...>",
      "the sentence (several words are joined with spaces)",
    )
      .addOption(new Option("--model <name>", "a model from 'models', or a .safetensors path")),
  async run([words], options, ctx) {
    const figures = await checkFigureTargets(options); // before the model runs
    const result = await rolloutText(ctx.app, { text: words.join(" "), model: options.model });
    emit(ctx, result, (r) =>
      renderRollout(r, {
        palette: ctx.session.palette(),
        width: ctx.io.columns,
        colormap: ctx.session.colormap(),
        showValues: ctx.session.showValues,
        lang: ctx.session.lang,
      }));
    await writeFigureTargets(ctx, figures, () =>
      rolloutFigure(result, {
        lang: ctx.session.lang,
        colormap: ctx.session.colormapName,
        showValues: ctx.session.showValues,
      }));
  },
});
