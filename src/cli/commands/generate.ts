import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { parseCount } from "../parse_number.ts";
import { generateText } from "../../app/generate_text.ts";
import { generateTextMessages } from "../../app/generate_text_messages.ts";
import { quoteInput } from "../../app/quote_input.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import { renderGenerate } from "../../render/generate_view.ts";
import { generateFigure } from "../../render/generate_figure.ts";
import { addFigureOptions, checkFigureTargets, writeFigureTargets } from "../figure_out.ts";

const say = messagesOf(generateTextMessages);

/** Longest --max-new accepted before the model's max_len is known (it caps it further). */
const MAX_NEW_LIMIT = 4096;

/** A plain decimal number as typed ("0.7", "1", ".5", "1e-3"). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * `generate <prompt...> [--temperature T] [--top-k K] [--top-p P] [--seed S] [--max-new N]
 * [--no-cache] [--continue] [--model GPT]`: a GPT continues the prompt (a Korean one is asked as
 * a translation), each token shown with its probability and the candidates it was drawn among
 * (src/app/generate_text.ts; docs/CONTRACT.md `generate --json`).
 */
export const generateCommand = defineCommand({
  name: "generate",
  summary: "generate text with a GPT, each token with its probability: generate <prompt>",
  examples: [
    "generate 나는 학생이다",
    "generate 나는 학생이다 --temperature 1 --seed 7",
    "generate 나는 --continue --top-k 5",
    "generate 나는 학생이다 --json",
  ],
  configure: (cmd) =>
    addFigureOptions(cmd).argument(
      "<prompt...>",
      "the prompt (several words are joined with spaces)",
    )
      .addOption(new Option("--model <name>", "a GPT from 'models', or a .safetensors path"))
      .addOption(new Option("--temperature <t>", "0: greedy (default); higher: more random"))
      .addOption(new Option("--top-k <k>", "draw among the k most probable tokens only"))
      .addOption(
        new Option("--top-p <p>", "draw among the most probable tokens of mass p, in (0, 1]"),
      )
      .addOption(
        new Option("--seed <s>", "seed of the draws (default 0): the same seed, the same text"),
      )
      .addOption(new Option("--max-new <n>", "tokens to generate at most (default 32)"))
      .addOption(new Option("--no-cache", "recompute the whole prefix every step (no KV cache)"))
      .addOption(new Option("--continue", "continue a Korean prompt instead of translating it")),
  async run([words], options, ctx) {
    const figures = await checkFigureTargets(options); // before the model runs
    const result = await generateText(ctx.app, {
      prompt: words.join(" "),
      model: options.model,
      temperature: real(options.temperature, "generate.temperature"),
      topK: real(options.topK, "generate.topK"),
      topP: real(options.topP, "generate.topP"),
      seed: real(options.seed, "generate.seed"),
      maxNew: options.maxNew === undefined
        ? undefined
        : parseCount(options.maxNew, "--max-new", { max: MAX_NEW_LIMIT }),
      noCache: options.cache === false,
      continueText: options.continue === true,
      sizedBackend: true, // token by token: the cpu when the GPT is small (backendReason)
    });
    emit(ctx, result, (r) =>
      renderGenerate(r, {
        palette: ctx.session.palette(),
        width: ctx.io.columns,
        lang: ctx.session.lang,
        colormap: ctx.session.colormap(),
      }));
    await writeFigureTargets(
      ctx,
      figures,
      () => generateFigure(result, { lang: ctx.session.lang, colormap: ctx.session.colormapName }),
    );
  },
});

/** A typed number, or a usage error that quotes what was typed; the use case checks ranges. */
function real(
  text: string | undefined,
  id: "generate.temperature" | "generate.topK" | "generate.topP" | "generate.seed",
): number | undefined {
  if (text === undefined) return undefined;
  if (!NUMBER.test(text.trim())) throw new UsageError(say(id, { got: quoteInput(text) }));
  return Number(text);
}
