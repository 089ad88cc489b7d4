import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { parseCount } from "../parse_number.ts";
import { quoteInput } from "../../app/quote_input.ts";
import { learnedPe, peLimits, rotaryPe, sinusoidalPe } from "../../app/pe_table.ts";
import { renderPe } from "../../render/pe_view.ts";
import { peFigure } from "../../render/pe_figure.ts";
import { addFigureOptions, checkFigureTargets, writeFigureTargets } from "../figure_out.ts";
import { commandMessages } from "../command_messages.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";

const say = messagesOf(commandMessages);

const { maxLength, maxDim } = peLimits;

/**
 * `pe sinusoidal|learned|rope [len] [dim]`: the positional encodings as a
 * diverging heatmap, positions x dimensions (src/app/pe_table.ts computes them).
 */
export const peCommand = defineCommand({
  name: "pe",
  summary: "show positional encodings: pe sinusoidal|learned|rope [len] [dim]",
  examples: [
    "pe sinusoidal",
    "pe sinusoidal 50 64 --page 2",
    "pe rope 16 8",
    "pe learned",
    "pe learned 30 --model ko-en-transformer-learned",
    "pe sinusoidal 20 32 --html ~/.local/state/attn/pe.html",
  ],
  configure: (cmd) =>
    addFigureOptions(cmd).argument("<kind>", "sinusoidal, learned or rope")
      .argument("[len]", `positions to show (1-${maxLength}, default ${peLimits.length})`)
      .argument("[dim]", `model (or rope: head) width, even (2-${maxDim}, default ${peLimits.dim})`)
      .addOption(new Option("--model <name>", "learned: the trained model whose pos_embed to show"))
      .addOption(new Option("--page <n>", "which page of dimensions to show when they do not fit")),
  async run([kind, lenText, dimText], options, ctx) {
    if (kind !== "sinusoidal" && kind !== "learned" && kind !== "rope") {
      throw new UsageError(say("pe.kind", { typed: quoteInput(kind) }));
    }
    const figures = await checkFigureTargets(options);
    const length = lenText === undefined
      ? peLimits.length
      : parseCount(lenText, "len", { max: maxLength });
    const page = options.page === undefined
      ? 1
      : parseCount(options.page, "--page", { max: maxDim });
    let result;
    if (kind === "learned") {
      result = await learnedPe(
        options.model,
        lenText === undefined ? undefined : length,
        ctx.signal,
        ctx.app.weightsDir,
      );
    } else {
      const dim = dimText === undefined
        ? peLimits.dim
        : parseCount(dimText, "dim", { min: 2, max: maxDim });
      if (dim % 2 !== 0) throw new UsageError(say("pe.oddDim", { dim }));
      result = kind === "sinusoidal" ? sinusoidalPe(length, dim) : rotaryPe(length, dim);
    }
    emit(
      ctx,
      result,
      (r) =>
        renderPe(r, {
          palette: ctx.session.palette(),
          width: ctx.io.columns,
          page,
          lang: ctx.session.lang,
        }),
    );
    await writeFigureTargets(ctx, figures, () => peFigure(result, ctx.session.lang));
  },
});
