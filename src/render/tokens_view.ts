/**
 * The `tokens` view: a sentence as the BPE tokenizer splits it, each token in a colored band
 * over its id (token_bands.ts), unknown characters marked, and what ▁ means.
 */
import type { TokensResult } from "../app/tokenize_text.ts";
import type { Palette } from "./color.ts";
import { wrapWidth } from "./layout.ts";
import { renderBands } from "./token_bands.ts";
import { tokensMessages } from "./tokens_messages.ts";
import { type Bilingual, type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(tokensMessages);

/** Renders a `tokens` result within `width` columns. */
export function renderTokens(
  result: TokensResult,
  options: { palette: Palette; width: number; lang: Lang },
): string {
  const { palette, width, lang } = options;
  const source = bpeSource(result);
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

/** Where a tokenizer came from: "ko-en BPE trained in-tool on 4,000 sequences, 800 tokens". */
export function bpeSource(
  r: { model: string | null; trainedOn: number | null; vocabSize: number },
): Bilingual {
  return r.model === null
    ? say("tokens.source.inTool", {
      n: (r.trainedOn ?? 0).toLocaleString("en-US"),
      vocab: r.vocabSize,
    })
    : say("tokens.source.model", { model: r.model, vocab: r.vocabSize });
}
