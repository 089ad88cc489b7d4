import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { parseCount } from "../parse_number.ts";
import { MAX_MERGES_SHOWN, tokenizerMerges } from "../../app/tokenizer_merges.ts";
import { renderTokenizer } from "../../render/tokenizer_view.ts";

/** Merges shown when no count is given: one screen. */
const DEFAULT_MERGES = 20;

/**
 * `tokenizer [n] [--model GPT]`: the first n merges BPE learned, in order, with their counts,
 * and which Korean particles and English suffixes became tokens (src/app/tokenizer_merges.ts).
 */
export const tokenizerCommand = defineCommand({
  name: "tokenizer",
  summary:
    "show the first merges BPE learned and the particles and suffixes it found: tokenizer [n]",
  examples: ["tokenizer", "tokenizer 50", "tokenizer --json"],
  configure: (cmd) =>
    cmd.argument("[n]", `merges to show (1-${MAX_MERGES_SHOWN}, default ${DEFAULT_MERGES})`)
      .addOption(
        new Option(
          "--model <name>",
          "a GPT checkpoint whose BPE to show (default: ko-en BPE trained in-tool)",
        ),
      ),
  async run([nText], options, ctx) {
    const first = nText === undefined
      ? DEFAULT_MERGES
      : parseCount(nText, "n", { max: MAX_MERGES_SHOWN });
    const result = await tokenizerMerges(ctx.app, { first, model: options.model });
    emit(
      ctx,
      result,
      (r) =>
        renderTokenizer(r, {
          palette: ctx.session.palette(),
          width: ctx.io.columns,
          lang: ctx.session.lang,
        }),
    );
  },
});
