/**
 * `tokenizer`: what a BPE tokenizer learned: its first merges in order (with how often each pair
 * occurred when it was merged, for a tokenizer trained in this process), and which Korean
 * particles and English suffixes ended up as tokens of their own.
 */
import type { AppContext } from "./context.ts";
import { chooseBpe } from "./bpe_source.ts";
import type { BpeTokenizer } from "../data/tokenizers/bpe.ts";
import { bpeSpecialTokens } from "../data/tokenizers/bpe_specials.ts";

/** Merges `tokenizer` lists at most. */
export const MAX_MERGES_SHOWN = 1000;

/** One merge, as learned. */
export interface MergeRow {
  /** 1 = the first merge learned. */
  rank: number;
  left: string;
  right: string;
  /** left + right: the new token. */
  token: string;
  id: number;
  /** Occurrences of the pair when it was merged; null when unknown (merges read from a file). */
  count: number | null;
}

/** A particle or suffix found as a token: a character of the alphabet, or made by a merge. */
export interface UnitRow {
  token: string;
  id: number;
  /** The merge that made it (1-based); null for a single character of the alphabet. */
  merge: number | null;
}

/** What `tokenizer` shows (`--json` prints it as is). */
export interface TokenizerResult {
  model: string | null;
  /** LM sequences the in-tool tokenizer was trained on; null for a checkpoint's. */
  trainedOn: number | null;
  vocabSize: number;
  specials: { token: string; id: number }[];
  alphabetSize: number;
  mergeCount: number;
  /** The first merges, in the order they were learned. */
  merges: MergeRow[];
  /** Korean particles and endings, English suffixes, that are tokens (continuations: no ▁). */
  units: { ko: UnitRow[]; en: UnitRow[] };
}

/** Particles and verb endings of the ko-en grammar, looked for among the tokens. */
const koreanUnits = [
  "은",
  "는",
  "이",
  "가",
  "을",
  "를",
  "에",
  "에서",
  "에게",
  "의",
  "도",
  "와",
  "과",
  "로",
  "으로",
  "이다",
  "었다",
  "았다",
  "였다",
  "니",
  "지",
];
/** English endings, likewise. */
const englishUnits = ["s", "es", "ed", "ing", "er", "est"];

/** The first `first` merges of the tokenizer of `model` (or the in-tool ko-en one). */
export async function tokenizerMerges(
  app: AppContext,
  request: { first: number; model?: string },
): Promise<TokenizerResult> {
  const { tokenizer, model, trainedOn } = await chooseBpe(app, request.model);
  const merges = tokenizer.merges.slice(0, request.first).map((m, i) => ({
    rank: i + 1,
    left: m.left,
    right: m.right,
    token: m.left + m.right,
    id: tokenizer.vocab.id(m.left + m.right),
    count: m.count ?? null,
  }));
  return {
    model,
    trainedOn,
    vocabSize: tokenizer.vocab.size,
    specials: bpeSpecialTokens.map((token, id) => ({ token, id })),
    alphabetSize: tokenizer.alphabet.length,
    mergeCount: tokenizer.merges.length,
    merges,
    units: { ko: unitsOf(tokenizer, koreanUnits), en: unitsOf(tokenizer, englishUnits) },
  };
}

/** The candidates that are tokens of the vocabulary, with the merge that made each. */
function unitsOf(tokenizer: BpeTokenizer, candidates: readonly string[]): UnitRow[] {
  return candidates.filter((c) => tokenizer.vocab.has(c)).map((token) => {
    const rank = tokenizer.merges.findIndex((m) => m.left + m.right === token);
    return { token, id: tokenizer.vocab.id(token), merge: rank < 0 ? null : rank + 1 };
  });
}
