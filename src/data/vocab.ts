/**
 * A vocabulary: the list of tokens a model knows, where a token's index is
 * its id (docs/CONTRACT.md). Every vocabulary starts with the four specials
 * <pad>=0, <bos>=1, <eos>=2, <unk>=3, so ids mean the same thing in every
 * model and every checkpoint.
 */

/** Special token ids shared by every vocabulary (docs/CONTRACT.md). */
export const PAD = 0;
/** Begin of sequence: the decoder's first input. */
export const BOS = 1;
/** End of sequence: ends every source and every target. */
export const EOS = 2;
/** A token the vocabulary lacks. */
export const UNK = 3;
/** The four special tokens, at ids 0..3 of every vocabulary. */
export const specialTokens = ["<pad>", "<bos>", "<eos>", "<unk>"] as const;

/** Token <-> id for one side of a task: the four specials at ids 0..3, then the task's tokens. */
export class Vocab {
  /** Token of each id. */
  readonly tokens: readonly string[];
  readonly #ids: Map<string, number>;

  /** Wraps a token list (index = id); it must start with the four specials and hold no duplicates. */
  constructor(tokens: readonly string[]) {
    specialTokens.forEach((special, i) => {
      if (tokens[i] !== special) {
        throw new Error(
          `expected a vocabulary starting with ${specialTokens.join(", ")}, got ${
            JSON.stringify(tokens.slice(0, specialTokens.length))
          }`,
        );
      }
    });
    const ids = new Map<string, number>();
    tokens.forEach((token, id) => {
      if (typeof token !== "string") {
        throw new Error(`expected vocabulary entries to be strings, got ${typeof token} at ${id}`);
      }
      if (ids.has(token)) {
        throw new Error(
          `expected distinct vocabulary tokens, got ${JSON.stringify(token)} at ${
            ids.get(token)
          } and ${id}`,
        );
      }
      ids.set(token, id);
    });
    this.tokens = Object.freeze([...tokens]);
    this.#ids = ids;
  }

  /** A vocabulary of the specials followed by `tokens` in first-seen order (duplicates skipped). */
  static fromTokens(tokens: Iterable<string>): Vocab {
    const list: string[] = [...specialTokens];
    const seen = new Set<string>(list);
    for (const t of tokens) {
      if (!seen.has(t)) {
        seen.add(t);
        list.push(t);
      }
    }
    return new Vocab(list);
  }

  get size(): number {
    return this.tokens.length;
  }

  has(token: string): boolean {
    return this.#ids.has(token);
  }

  /** The id of a token; <unk> when the vocabulary does not hold it. */
  id(token: string): number {
    return this.#ids.get(token) ?? UNK;
  }

  /** The token of an id; "<unk>" for an id outside the vocabulary. */
  token(id: number): string {
    return this.tokens[id] ?? this.tokens[UNK];
  }
}
