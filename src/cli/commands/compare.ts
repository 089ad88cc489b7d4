import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { compareModels } from "../../app/compare_models.ts";
import { checkText } from "../../app/run_text.ts";
import { renderCompare } from "../../render/compare_view.ts";
import { compareFigure } from "../../render/compare_figure.ts";
import { addFigureOptions, checkFigureTargets, writeFigureTargets } from "../figure_out.ts";

/**
 * `compare <text...> [--model M] [--task T] [--models a,b,c]`: the same input
 * through an RNN, an RNN with attention, a Transformer and a GPT trained on the same
 * task: each output, whether it is right when the task knows the answer, and
 * how long the run took. The model in use (`use`, or --model) takes its
 * family's place and names the task; the other families get the shipped model
 * of that task. Like every --model, M and each of the --models may be a name
 * from `models` or a path to a .safetensors file. The session's last run stays as it was.
 */
export const compareCommand = defineCommand({
  name: "compare",
  summary:
    "run an RNN, an RNN with attention, a Transformer and a GPT on the same input: compare <text>",
  examples: [
    "compare 나는 학생이다",
    "compare abcdefghij --task reverse",
    "compare 22 Nov 2026 --task dates --json",
    "compare 나는 학생이다 --models ko-en-gru,ko-en-lstm-luong-dot,ko-en-transformer-rope",
    "compare 나는 학생이다 --model weights/ko-en-gru-luong-general.safetensors",
  ],
  configure: (cmd) =>
    addFigureOptions(cmd).argument("<text...>", "the input (several words are joined with spaces)")
      .addOption(
        new Option(
          "--task <name>",
          "compare the models of this task (default: the task of --model or of the model in use)",
        ),
      )
      .addOption(
        new Option(
          "--model <name>",
          "a model from 'models', or a .safetensors path: its task, in its family's place",
        ),
      )
      .addOption(
        new Option(
          "--models <list>",
          "comma-separated models (names or .safetensors paths) instead of one per family",
        ),
      ),
  async run([words], options, ctx) {
    const text = words.join(" ");
    checkText(text);
    const figures = await checkFigureTargets(options); // before the models run
    const { task, model, models } = options;
    const result = await compareModels(ctx.app, { text, task, model, models });
    emit(ctx, result, (r) => renderCompare(r, { width: ctx.io.columns, lang: ctx.session.lang }));
    await writeFigureTargets(ctx, figures, () => compareFigure(result, { lang: ctx.session.lang }));
  },
});
