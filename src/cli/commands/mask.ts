import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { parseCount, parseLengths } from "../parse_number.ts";
import { quoteInput } from "../../app/quote_input.ts";
import { maskDemo, MAX_MASK_LENGTH } from "../../app/mask_demo.ts";
import { renderMask } from "../../render/mask_view.ts";
import { maskFigure } from "../../render/mask_figure.ts";
import { addFigureOptions, checkFigureTargets, writeFigureTargets } from "../figure_out.ts";
import { commandMessages } from "../command_messages.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";

const say = messagesOf(commandMessages);

/**
 * `mask causal|padding <n> [--lengths a,b,...]`: the additive attention mask
 * as a grid (0 or -inf) and the softmax of uniform scores under it, computed
 * by the same softmax (and key padding mask) the models use (src/app/mask_demo.ts).
 */
export const maskCommand = defineCommand({
  name: "mask",
  summary: "show an attention mask and the softmax under it: mask causal|padding <n>",
  examples: [
    "mask causal 6",
    "mask padding 6 --lengths 6,4,2",
    "mask causal 5 --json",
    "mask causal 6 --svg ~/.local/state/attn/mask.svg",
  ],
  configure: (cmd) =>
    addFigureOptions(cmd).argument("<kind>", "causal or padding")
      .argument("<n>", `sequence length (1-${MAX_MASK_LENGTH})`)
      .addOption(
        new Option(
          "--lengths <a,b,...>",
          "padding: the real length of each sequence (default n and n/2)",
        )
          // One string, as commander parses it: the types would read the "..." as variadic.
          .argParser((list: string) => list),
      ),
  async run([kind, nText], options, ctx) {
    if (kind !== "causal" && kind !== "padding") {
      throw new UsageError(say("mask.kind", { typed: quoteInput(kind) }));
    }
    const n = parseCount(nText, "n", { max: MAX_MASK_LENGTH });
    if (kind === "causal" && options.lengths !== undefined) {
      throw new UsageError(say("mask.causalLengths"));
    }
    const lengths = options.lengths === undefined
      ? undefined
      : parseLengths(options.lengths, "--lengths", { max: n });
    const figures = await checkFigureTargets(options);
    const result = await maskDemo(kind, n, lengths);
    emit(
      ctx,
      result,
      (r) =>
        renderMask(r, {
          palette: ctx.session.palette(),
          width: ctx.io.columns,
          lang: ctx.session.lang,
        }),
    );
    await writeFigureTargets(
      ctx,
      figures,
      () => maskFigure(result, { colormap: ctx.session.colormapName, lang: ctx.session.lang }),
    );
  },
});
