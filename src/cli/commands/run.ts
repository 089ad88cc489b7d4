import { Option } from "@commander-js/extra-typings";
import { rememberRun } from "../last_run.ts";
import { defineCommand, emit } from "../command.ts";
import { parseCount } from "../parse_number.ts";
import { checkText, runText } from "../../app/run_text.ts";
import { renderRun } from "../../render/run_view.ts";
import { runFigure } from "../../render/run_figure.ts";
import { addFigureOptions, checkFigureTargets, writeFigureTargets } from "../figure_out.ts";

/** The widest beam `--beam` accepts. */
const MAX_BEAM = 64;

/**
 * `run <text...> [--model NAME|PATH] [--beam K] [--max-steps N]`: tokenizes
 * the text with the model's tokenizer (the session's model, see `use`, when
 * --model is not given), decodes it (greedy on the device by default, beam search with
 * --beam) and shows the output with its trace (docs/CONTRACT.md `run --json`).
 * The run becomes the session's last run, which `attn` and `hidden` show.
 */
export const runCommand = defineCommand({
  name: "run",
  summary: "run a model on a sentence: output, attention and hidden states (run 나는 학생이다)",
  examples: [
    "run 나는 학생이다",
    "run 나는 학생이다 --model ko-en-gru-bahdanau",
    "run abcdef --model weights/reverse-transformer.safetensors --json",
    "run 나는 학생이다 --beam 4",
    "run 나는 학생이다 --svg ~/.local/state/attn/grid.svg",
  ],
  configure: (cmd) =>
    addFigureOptions(cmd).argument(
      "<text...>",
      "the sentence (several words are joined with spaces)",
    )
      .addOption(new Option("--model <name>", "a model from 'models', or a .safetensors path"))
      .addOption(
        new Option("--beam <k>", `beam search of width k (1-${MAX_BEAM}) instead of greedy`),
      )
      .addOption(
        new Option("--max-steps <n>", "decoding steps allowed (at most the model's max_len)"),
      ),
  async run([words], options, ctx) {
    const text = words.join(" ");
    checkText(text);
    const beam = options.beam === undefined
      ? undefined
      : parseCount(options.beam, "--beam", { max: MAX_BEAM });
    const { maxSteps } = options;
    const figures = await checkFigureTargets(options); // before the model runs
    const result = await runText(ctx.app, {
      text,
      model: options.model,
      beam,
      sizedBackend: true, // one sentence: the cpu when the model is small (backendReason)
      maxSteps: maxSteps === undefined
        ? undefined
        : (maxLen) => parseCount(maxSteps, "--max-steps", { max: maxLen }),
    });
    rememberRun(ctx.session, result);
    emit(ctx, result, (r) =>
      renderRun(r, {
        columns: ctx.io.columns,
        palette: ctx.session.palette(),
        colormap: ctx.session.colormap(),
        showValues: ctx.session.showValues,
        lang: ctx.session.lang,
      }));
    await writeFigureTargets(ctx, figures, () =>
      runFigure(result, {
        text,
        colormap: ctx.session.colormapName,
        lang: ctx.session.lang,
        showValues: ctx.session.showValues,
      }));
  },
});
