import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { tokenizeText } from "../../app/tokenize_text.ts";
import { renderTokens } from "../../render/tokens_view.ts";

/**
 * `tokens <text...> [--model GPT]`: how the BPE tokenizer splits a sentence, each token in a
 * colored band over its id, characters never seen in training marked (src/app/tokenize_text.ts).
 */
export const tokensCommand = defineCommand({
  name: "tokens",
  summary: "show how BPE splits a sentence into subword tokens, with ids: tokens <text>",
  examples: [
    "tokens 나는 어제 도서관에서 책을 읽었다",
    "tokens She is reading books",
    "tokens 나는 학생이다 --json",
  ],
  configure: (cmd) =>
    cmd.argument("<text...>", "the sentence (several words are joined with spaces)")
      .addOption(
        new Option(
          "--model <name>",
          "a GPT checkpoint whose BPE to use (default: ko-en BPE trained in-tool)",
        ),
      ),
  async run([words], options, ctx) {
    const result = await tokenizeText(ctx.app, { text: words.join(" "), model: options.model });
    emit(
      ctx,
      result,
      (r) =>
        renderTokens(r, {
          palette: ctx.session.palette(),
          width: ctx.io.columns,
          lang: ctx.session.lang,
        }),
    );
  },
});
