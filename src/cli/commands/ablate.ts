import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { ablateHeads } from "../../app/ablate_heads.ts";
import { ablateMessages } from "../../app/ablate_messages.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import { renderAblate } from "../../render/ablate_view.ts";
import { ablateFigure } from "../../render/ablate_figure.ts";
import { addFigureOptions, checkFigureTargets, writeFigureTargets } from "../figure_out.ts";

const say = messagesOf(ablateMessages);

/**
 * `ablate <text...> --head SPEC[,SPEC...] [--mean] [--model M]`: runs the sentence, then again
 * with those attention heads switched off (zero, or their reference mean with --mean), and
 * shows how the output and each step's probability of the original token change
 * (src/app/ablate_heads.ts; docs/CONTRACT.md `ablate --json`).
 */
export const ablateCommand = defineCommand({
  name: "ablate",
  summary: "switch attention heads off and see what changes: ablate <text> --head cross:0.1",
  examples: [
    "ablate 나는 학생이다 --head cross:0.1",
    "ablate 나는 학생이다 --head encoder:1.* --mean",
    "ablate 나는 학생이다 --head 1.2,1.3 --model ko-en-gpt",
    "ablate 나는 학생이다 --head attention --model ko-en-gru-bahdanau --json",
  ],
  configure: (cmd) =>
    addFigureOptions(cmd).argument(
      "<text...>",
      "the sentence (several words are joined with spaces)",
    )
      .addOption(
        new Option(
          "--head <specs>",
          "heads to switch off: L.H (GPT), encoder:L.H, decoder:L.H, cross:L.H (Transformer), L.* every head of a layer, attention (RNN); comma-separated",
        ),
      )
      .addOption(
        new Option("--mean", "replace their outputs by their mean over held-out sentences, not 0"),
      )
      .addOption(new Option("--model <name>", "a model from 'models', or a .safetensors path")),
  async run([words], options, ctx) {
    const heads = options.head ?? "";
    if (heads.trim().replaceAll(",", "") === "") throw new UsageError(say("ablate.noHead"));
    const figures = await checkFigureTargets(options); // before the model runs
    const result = await ablateHeads(ctx.app, {
      text: words.join(" "),
      heads,
      mean: options.mean === true,
      model: options.model,
    });
    emit(ctx, result, (r) =>
      renderAblate(r, {
        palette: ctx.session.palette(),
        width: ctx.io.columns,
        lang: ctx.session.lang,
        colormap: ctx.session.colormap(),
      }));
    await writeFigureTargets(ctx, figures, () => ablateFigure(result, { lang: ctx.session.lang }));
  },
});
