import { Option } from "@commander-js/extra-typings";
import { rememberRun } from "../last_run.ts";
import { defineCommand, jsonText } from "../command.ts";
import { InterruptedError } from "../errors.ts";
import { pausePrompter } from "../prompter.ts";
import { checkText, runText } from "../../app/run_text.ts";
import { isDecoderOnlyRun, stepFrames } from "../../app/step_frames.ts";
import { gptStepFrames } from "../../app/gpt_step_frames.ts";
import {
  renderStepAll,
  renderStepFrame,
  renderStepHeader,
  type StepViewOptions,
} from "../../render/step_view.ts";
import { stepFigure } from "../../render/step_figure.ts";
import { addFigureOptions, checkFigureTargets, writeFigureTargets } from "../figure_out.ts";
import { commandMessages } from "../command_messages.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";

const say = messagesOf(commandMessages);

/**
 * `step <text...> [--all] [--model NAME]`: runs the sentence, then walks
 * through it: an RNN one encoder or decoder step per Enter (state strips, the
 * attention row being formed, the context vector), a Transformer one layer
 * per Enter, a GPT one generation step with the KV cache per Enter (the prompt in one pass, then
 * one token: the new query over the cache, the cache's positions and bytes). With --all, or when
 * stdout is not a terminal, every frame at once.
 * The run becomes the session's last run (for `attn` and `hidden`).
 */
export const stepCommand = defineCommand({
  name: "step",
  summary:
    "walk through a run one RNN step, Transformer layer or GPT generation step per Enter: step <text> [--all]",
  examples: [
    "step 나는 학생이다",
    "step 나는 학생이다 --model ko-en-gru-bahdanau",
    "step abcdef --model reverse-gru-bahdanau --all",
    "step 나는 학생이다 --model ko-en-gpt --all",
    "step 나는 학생이다 --json",
    "step 나는 학생이다 --all --svg ~/.local/state/attn/step.svg",
  ],
  configure: (cmd) =>
    addFigureOptions(cmd).argument(
      "<text...>",
      "the sentence (several words are joined with spaces)",
    )
      .addOption(new Option("--model <name>", "a model from 'models', or a .safetensors path"))
      .option("--all", "show every step at once instead of one per Enter"),
  async run([words], options, ctx) {
    const text = words.join(" ");
    checkText(text);
    const figures = await checkFigureTargets(options); // before the model runs
    const run = await runText(ctx.app, { text, model: options.model });
    rememberRun(ctx.session, run);
    // A GPT is walked through its generation with the KV cache (one more greedy pass, traced).
    const result = isDecoderOnlyRun(run)
      ? await gptStepFrames(ctx.app, { text, model: options.model })
      : stepFrames(run);
    // Every frame goes into the files at once, before the walk (which may stop early).
    await writeFigureTargets(ctx, figures, () =>
      stepFigure(result, {
        colormap: ctx.session.colormapName,
        showValues: ctx.session.showValues,
        lang: ctx.session.lang,
      }));
    if (ctx.json) {
      ctx.io.out(jsonText(result));
      return;
    }
    const view: StepViewOptions = {
      palette: ctx.session.palette(),
      width: ctx.io.columns,
      colormap: ctx.session.colormap(),
      showValues: ctx.session.showValues,
      lang: ctx.session.lang,
    };
    const pauses = options.all || !ctx.io.isTty ? null : pausePrompter(ctx.session);
    if (pauses === null) {
      ctx.io.out(renderStepAll(result, view));
      return;
    }
    ctx.io.out(renderStepHeader(result, view.width, view.lang));
    let prompter: typeof pauses.prompter | null = pauses.prompter;
    try {
      for (let i = 0; i < result.frames.length; i++) {
        ctx.io.out(renderStepFrame(result, i, view));
        if (i === result.frames.length - 1 || prompter === null) continue;
        const answer = await prompter(say("step.hint")[ctx.session.lang], ctx.signal);
        if (ctx.signal.aborted) throw new InterruptedError();
        if (answer === "quit") {
          ctx.io.out(say("step.stopped", { frame: i + 1 })[ctx.session.lang]);
          return;
        }
        if (answer === "all") prompter = null;
      }
    } finally {
      pauses.close();
    }
  },
});
