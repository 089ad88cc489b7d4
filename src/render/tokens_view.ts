/**
 * The `tokens` view: a sentence as the BPE tokenizer splits it, each token in a colored band
 * over its id (token_bands.ts), unknown characters marked, and what ▁ means.
 */
import type { TokensResult } from "../app/tokenize_text.ts";
import type { Palette } from "./color.ts";
import { wrapWidth } from "./layout.ts";
import { renderBands } from "./token_bands.ts";
import { tokensMessages } from "./tokens_messages.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(tokensMessages);

/** Renders a `tokens` result within `width` columns. */
export function renderTokens(
  result: TokensResult,
  options: { palette: Palette; width: number; lang: Lang },
): string {
  const { palette, width, lang } = options;
  const source = result.model === null
    ? say("tokens.source.inTool", { n: result.trainedOn ?? 0, vocab: result.vocabSize })
    : say("tokens.source.model", { model: result.model, vocab: result.vocabSize });
  const title = say("tokens.title", {
    count: result.tokens.length,
    words: result.words,
    source,
  })[lang];
  const cells = result.tokens.map((t) => ({
    token: t.token,
    below: t.unknown ? "<unk>" : String(t.id),
    unknown: t.unknown,
  }));
  const lines = [
    ...wrapWidth(title, width).map((l) => palette.bold(l)),
    "",
    ...renderBands(cells, palette, width),
    "",
    ...wrapWidth(say("tokens.legend")[lang], width),
  ];
  if (result.unknown.length > 0) {
    lines.push(
      ...wrapWidth(say("tokens.unknown", { chars: result.unknown.join(" ") })[lang], width),
    );
  }
  return lines.join("\n");
}
