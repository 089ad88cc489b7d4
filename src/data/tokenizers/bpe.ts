/**
 * A byte-pair-encoding tokenizer over Unicode characters: the vocabulary is the specials
 * (bpe_specials.ts: <pad> <bos> <eos> <unk> <sep>, ids 0-4), the alphabet of the training text
 * (one token per character, the word-start marker ▁ among them) and one token per learned merge,
 * in merge order (docs/CONTRACT.md). Text is encoded word by word (bpe_words.ts): a word starts
 * as ▁ and its characters, and the merges are applied in the order they were learned, which
 * reproduces exactly how training segmented the same word.
 *
 * A character never seen in training becomes <unk> (and is named in `unknown`); it takes part in
 * no merge, so the characters around it are encoded as they would be anyway. A special typed as
 * text ("<eos>") is read as its characters, never as the special.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { BpeTokenizer } from "./bpe.ts";
 *
 * const bpe = BpeTokenizer.train(["나는 학교에서 읽는다", "너는 집에서 먹는다"], { vocabSize: 40 });
 * const { tokens } = bpe.encode("나는 집에서");
 * assert.ok(tokens.includes("에서")); // the particle became one token
 * assert.equal(bpe.decode(bpe.encode("나는 집에서").ids), "나는 집에서");
 * ```
 */
import type { Encoded } from "../tokenizer.ts";
import { UNK, Vocab } from "../vocab.ts";
import { bpeSpecialTokens } from "./bpe_specials.ts";
import { type BpeMerge, type BpeTrainOptions, trainBpe } from "./bpe_train.ts";
import { symbolsOf, textOfTokens, WORD_START, wordsOf } from "./bpe_words.ts";

/** Words whose encoding is remembered; beyond this the memory is cleared (hostile input). */
const CACHE_WORDS = 20_000;

/** One encoded word: its tokens (an unknown character as itself) and their ids. */
interface EncodedWord {
  tokens: string[];
  ids: number[];
}

/** A BPE tokenizer: its vocabulary (index = id) and its merges in the order they were learned. */
export class BpeTokenizer {
  readonly kind = "bpe";
  readonly vocab: Vocab;
  /** The single characters of the vocabulary (after the specials), ▁ among them. */
  readonly alphabet: readonly string[];
  readonly merges: readonly BpeMerge[];
  readonly #ranks = new Map<string, Map<string, number>>();
  readonly #cache = new Map<string, EncodedWord>();

  /** A tokenizer of an alphabet and merges; throws a one-line Error if they do not fit together. */
  constructor(alphabet: readonly string[], merges: readonly BpeMerge[]) {
    checkMerges(alphabet, merges);
    this.alphabet = Object.freeze([...alphabet]);
    this.merges = Object.freeze(merges.map((m) => Object.freeze({ ...m })));
    this.vocab = new Vocab([...bpeSpecialTokens, ...alphabet, ...mergedTokens(merges)]);
    merges.forEach((m, rank) => {
      let row = this.#ranks.get(m.left);
      if (row === undefined) this.#ranks.set(m.left, row = new Map());
      row.set(m.right, rank);
    });
  }

  /** Learns merges from `texts` (bpe_train.ts) and returns the tokenizer. */
  static train(texts: Iterable<string>, options: BpeTrainOptions): BpeTokenizer {
    const { alphabet, merges } = trainBpe(texts, options);
    return new BpeTokenizer(alphabet, merges);
  }

  /**
   * The tokenizer a vocabulary and its merges describe (as a checkpoint stores them): the
   * vocabulary must be the specials, then single characters, then the merges' tokens in merge
   * order (a token two merges spell alike, a+bc and ab+c, is listed once).
   */
  static fromVocab(
    tokens: readonly string[],
    merges: readonly (readonly [string, string])[],
  ): BpeTokenizer {
    bpeSpecialTokens.forEach((special, id) => {
      if (tokens[id] !== special) {
        throw new Error(
          `expected BPE vocabulary entry ${id} to be ${special}, got ${quote(tokens[id])}`,
        );
      }
    });
    const pairs = merges.map(([left, right]) => ({ left, right }));
    const made = mergedTokens(pairs);
    const alphabetEnd = tokens.length - made.length;
    if (alphabetEnd < bpeSpecialTokens.length) {
      throw new Error(
        `expected a BPE vocabulary of at least ${
          bpeSpecialTokens.length + made.length
        } tokens for ${merges.length} merges, got ${tokens.length}`,
      );
    }
    made.forEach((token, i) => {
      if (tokens[alphabetEnd + i] !== token) {
        throw new Error(
          `expected BPE vocabulary entry ${alphabetEnd + i} to be the merged ${quote(token)}, got ${
            quote(tokens[alphabetEnd + i])
          }`,
        );
      }
    });
    return new BpeTokenizer(tokens.slice(bpeSpecialTokens.length, alphabetEnd), pairs);
  }

  /** The merges as [left, right] pairs in merge order: `__metadata__.bpe_merges` (docs/CONTRACT.md). */
  mergePairs(): [string, string][] {
    return this.merges.map((m) => [m.left, m.right]);
  }

  /** Tokens and ids of `text` (no <bos>, <sep> or <eos>: a sequence adds them). */
  encode(text: string): Encoded {
    const tokens: string[] = [];
    const ids: number[] = [];
    const unknown: string[] = [];
    for (const word of wordsOf(text)) {
      const encoded = this.#encodeWord(word);
      encoded.ids.forEach((id, i) => {
        const token = encoded.tokens[i];
        if (id === UNK && !unknown.includes(token)) unknown.push(token);
      });
      tokens.push(...encoded.tokens);
      ids.push(...encoded.ids);
    }
    return { tokens, ids, unknown };
  }

  /** Tokens of ids, specials spelled out ("<sep>", "<unk>"). */
  tokensOf(ids: readonly number[]): string[] {
    return ids.map((id) => this.vocab.token(id));
  }

  /** Text of ids: the tokens joined, each ▁ a space; <pad>, <bos>, <sep>, <eos> left out. */
  decode(ids: readonly number[]): string {
    const kept = ids.filter((id) => id === UNK || id >= bpeSpecialTokens.length);
    return textOfTokens(this.tokensOf(kept));
  }

  #encodeWord(word: string): EncodedWord {
    const cached = this.#cache.get(word);
    if (cached !== undefined) return cached;
    const symbols = symbolsOf(word);
    // ▁ is the marker only in front; one typed inside a word is a character never trained on.
    const known = symbols.map((s, i) => (i === 0 || s !== WORD_START) && this.vocab.has(s));
    this.#applyMerges(symbols, known);
    const encoded = {
      tokens: symbols,
      ids: symbols.map((s, i) => known[i] ? this.vocab.id(s) : UNK),
    };
    if (this.#cache.size >= CACHE_WORDS) this.#cache.clear();
    this.#cache.set(word, encoded);
    return encoded;
  }

  /** Merges known neighbours in place, lowest rank first, until no learned pair is left. */
  #applyMerges(symbols: string[], known: boolean[]): void {
    for (;;) {
      let best = Infinity;
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (!known[i] || !known[i + 1]) continue;
        const rank = this.#ranks.get(symbols[i])?.get(symbols[i + 1]);
        if (rank !== undefined && rank < best) best = rank;
      }
      if (best === Infinity) return;
      const { left, right } = this.merges[best];
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (known[i] && known[i + 1] && symbols[i] === left && symbols[i + 1] === right) {
          symbols.splice(i, 2, left + right);
          known.splice(i, 2, true);
        }
      }
    }
  }
}

/** The tokens merges make, in merge order, each once. */
function mergedTokens(merges: readonly BpeMerge[]): string[] {
  return [...new Set(merges.map((m) => m.left + m.right))];
}

/**
 * Throws unless the alphabet is distinct single characters (no special among them) and every
 * merge joins tokens that exist by then: alphabet characters or earlier merges' tokens, the
 * marker ▁ only at the front.
 */
function checkMerges(alphabet: readonly string[], merges: readonly BpeMerge[]): void {
  const known = new Set<string>();
  const pairs = new Map<string, Set<string>>();
  alphabet.forEach((c, i) => {
    if (typeof c !== "string" || Array.from(c).length !== 1 || bpeSpecialTokens.includes(c)) {
      throw new Error(`expected BPE alphabet entry ${i} to be one character, got ${quote(c)}`);
    }
    known.add(c);
  });
  merges.forEach(({ left, right }, i) => {
    for (const side of [left, right]) {
      if (typeof side !== "string" || !known.has(side)) {
        throw new Error(
          `expected merge ${i}'s ${
            side === left ? "left" : "right"
          } side to be a character or an earlier merge, got ${quote(side)}`,
        );
      }
    }
    const rights = pairs.get(left) ?? new Set<string>();
    if (rights.has(right)) {
      throw new Error(
        `expected each merge once, got merge ${i} (${quote(left)}, ${quote(right)}) again`,
      );
    }
    pairs.set(left, rights.add(right));
    if (right.startsWith(WORD_START)) {
      throw new Error(
        `expected merge ${i}'s right side not to start a word (${WORD_START}), got ${quote(right)}`,
      );
    }
    known.add(left + right);
  });
}

/** A value quoted for a one-line message, cut to 40 characters. */
function quote(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
