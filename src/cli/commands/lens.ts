import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { parseCount } from "../parse_number.ts";
import { logitLens } from "../../app/logit_lens.ts";
import { renderLens } from "../../render/lens_view.ts";
import { lensFigure } from "../../render/lens_figure.ts";
import { addFigureOptions, checkFigureTargets, writeFigureTargets } from "../figure_out.ts";

/** The most candidates `--top` keeps per layer and position. */
const MAX_TOP = 100;

/**
 * `lens <text...> [--model M] [--top K]`: the logit lens (src/app/logit_lens.ts): what every
 * layer would predict at every position, the model's greedy output fed back; a grid of
 * layers x positions, or with --json the K best tokens per cell (docs/CONTRACT.md `lens --json`).
 */
export const lensCommand = defineCommand({
  name: "lens",
  summary: "logit lens: what each layer would predict at each position (lens 나는 학생이다)",
  examples: [
    "lens 나는 학생이다",
    "lens 나는 학생이다 --model ko-en-gpt",
    "lens 나는 학생이다 --model ko-en-gru-bahdanau --top 3 --json",
    "lens 나는 학생이다 --html ~/.local/state/attn/lens.html",
  ],
  configure: (cmd) =>
    addFigureOptions(cmd).argument(
      "<text...>",
      "the sentence (several words are joined with spaces)",
    )
      .addOption(new Option("--model <name>", "a model from 'models', or a .safetensors path"))
      .addOption(
        new Option("--top <k>", "candidates per layer and position in --json (default 5)"),
      ),
  async run([words], options, ctx) {
    const top = options.top === undefined
      ? undefined
      : parseCount(options.top, "--top", { max: MAX_TOP });
    const figures = await checkFigureTargets(options); // before the model runs
    const result = await logitLens(ctx.app, { text: words.join(" "), model: options.model, top });
    emit(ctx, result, (r) =>
      renderLens(r, {
        palette: ctx.session.palette(),
        colormap: ctx.session.colormap(),
        width: ctx.io.columns,
        lang: ctx.session.lang,
      }));
    await writeFigureTargets(
      ctx,
      figures,
      () => lensFigure(result, { lang: ctx.session.lang, colormap: ctx.session.colormapName }),
    );
  },
});
