/**
 * Text <-> token ids (docs/CONTRACT.md). Two tokenizers, named in a checkpoint's
 * metadata:
 * - "char": one token per Unicode code point, space included ("나는 학생" is
 *   5 tokens: 나, 는, " ", 학, 생). Text is NFC-normalized first, so Korean
 *   typed as decomposed jamo (macOS) still meets the syllables of the vocabulary.
 * - "word": split on whitespace; runs of whitespace and the ends are dropped.
 * Out-of-vocabulary tokens become <unk>; `encode` names them so the caller
 * warns once and the learner sees why the model saw <unk>.
 */
import { EOS, specialTokens, UNK, type Vocab } from "./vocab.ts";

/** How a task splits text: into characters, or into space-separated words. */
export type TokenizerKind = "char" | "word";

/** Every TokenizerKind, for validation and help. */
export const tokenizerKinds: readonly TokenizerKind[] = ["char", "word"];

/** The result of encoding one text. */
export interface Encoded {
  /** The tokens of the text, as written (OOV ones included). */
  tokens: string[];
  /** Their ids; <unk> (3) for tokens the vocabulary lacks. */
  ids: number[];
  /** Distinct out-of-vocabulary tokens, in order of first appearance. */
  unknown: string[];
}

/** Splits text into tokens. */
export function splitTokens(text: string, kind: TokenizerKind): string[] {
  const normalized = text.normalize("NFC");
  if (kind === "char") return Array.from(normalized);
  return normalized.split(/\s+/u).filter((t) => t !== "");
}

/** Joins tokens back into text: nothing between chars, one space between words. */
export function joinTokens(tokens: readonly string[], kind: TokenizerKind): string {
  return tokens.join(kind === "char" ? "" : " ");
}

/** A tokenizer kind bound to a vocabulary. */
export class Tokenizer {
  constructor(readonly kind: TokenizerKind, readonly vocab: Vocab) {
    if (!tokenizerKinds.includes(kind)) {
      throw new Error(`expected tokenizer "char" or "word", got ${JSON.stringify(kind)}`);
    }
  }

  /**
   * Tokens and ids of `text` (no <eos>: a source adds it, see `sourceIds`).
   * A token spelled like a special ("<eos>" typed in a word model) is not
   * given the special's meaning: it counts as unknown.
   */
  encode(text: string): Encoded {
    const tokens = splitTokens(text, this.kind);
    const unknown: string[] = [];
    const ids = tokens.map((token) => {
      const id = this.vocab.id(token);
      const special = id < specialTokens.length && token !== specialTokens[UNK];
      if (id !== UNK && !special) return id;
      if (token !== specialTokens[UNK] && !unknown.includes(token)) unknown.push(token);
      return UNK;
    });
    return { tokens, ids, unknown };
  }

  /** Source ids of an encoded text: tokens + <eos> (docs/CONTRACT.md). */
  sourceIds(encoded: Encoded): number[] {
    return [...encoded.ids, EOS];
  }

  /** Tokens of ids, specials spelled out ("<unk>", "<eos>"). */
  tokensOf(ids: readonly number[]): string[] {
    return ids.map((id) => this.vocab.token(id));
  }

  /** Text of ids: the tokens joined, with <bos>, <eos> and <pad> left out. */
  decode(ids: readonly number[]): string {
    const kept = ids.filter((id) => id >= specialTokens.length || id === UNK);
    return joinTokens(this.tokensOf(kept), this.kind);
  }
}
