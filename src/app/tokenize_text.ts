/**
 * `tokens <text>`: how the BPE tokenizer splits a sentence, token by token with its id, and
 * which characters it has never seen (each read as <unk>).
 */
import type { AppContext } from "./context.ts";
import { chooseBpe } from "./bpe_source.ts";
import { UsageError } from "./errors.ts";
import { checkText } from "./run_text.ts";
import { UNK } from "../data/vocab.ts";
import { WORD_START, wordsOf } from "../data/tokenizers/bpe_words.ts";

/** Characters of text `tokens` takes: a few sentences, not a book. */
export const MAX_TOKENS_TEXT = 2000;

/** One token of the split. */
export interface TokenPiece {
  /** The token as the vocabulary spells it (▁ = a word starts here); an unknown character as itself. */
  token: string;
  id: number;
  /** True for a character never seen in training (id is <unk>'s). */
  unknown: boolean;
  /** True when the token starts a word (it begins with ▁). */
  wordStart: boolean;
}

/** What `tokens` shows (`--json` prints it as is). */
export interface TokensResult {
  /** The GPT checkpoint whose tokenizer this is; null: the in-tool ko-en tokenizer. */
  model: string | null;
  /** LM sequences the in-tool tokenizer was trained on; null for a checkpoint's. */
  trainedOn: number | null;
  text: string;
  tokens: TokenPiece[];
  /** The token ids, in order (the same as tokens[].id). */
  ids: number[];
  /** Distinct unknown characters, in order of first appearance. */
  unknown: string[];
  /** Words of the text (runs of non-space). */
  words: number;
  vocabSize: number;
  /** The marker that starts every word (U+2581). */
  wordStart: string;
}

/** Splits `text` with the tokenizer of `model` (or the in-tool ko-en one). */
export async function tokenizeText(
  app: AppContext,
  request: { text: string; model?: string },
): Promise<TokensResult> {
  if (request.text.trim() === "") {
    throw new UsageError(`expected some text to split into tokens, e.g. tokens 나는 학생이다`);
  }
  checkText(request.text);
  if (request.text.length > MAX_TOKENS_TEXT) {
    throw new UsageError(
      `expected at most ${MAX_TOKENS_TEXT} characters of text to split, got ${request.text.length}`,
    );
  }
  const { tokenizer, model, trainedOn } = await chooseBpe(app, request.model);
  const encoded = tokenizer.encode(request.text);
  const tokens = encoded.tokens.map((token, i) => ({
    token,
    id: encoded.ids[i],
    unknown: encoded.ids[i] === UNK,
    wordStart: token.startsWith(WORD_START),
  }));
  return {
    model,
    trainedOn,
    text: request.text,
    tokens,
    ids: encoded.ids,
    unknown: encoded.unknown,
    words: wordsOf(request.text).length,
    vocabSize: tokenizer.vocab.size,
    wordStart: WORD_START,
  };
}
