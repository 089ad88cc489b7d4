/**
 * Learning BPE merges from text (Sennrich et al. 2016, "Neural Machine Translation of Rare Words
 * with Subword Units"): count every word of the corpus, start each word from its characters
 * (bpe_words.ts), then repeatedly find the adjacent pair of symbols that occurs most often over
 * the whole corpus, make it one symbol everywhere, and record the merge. Frequent fragments, such
 * as Korean particles (는, 을, 에서) and English suffixes (-ing, -ed), become units because they
 * recur across many different words; whole words follow once they are frequent enough.
 *
 * Deterministic: ties between pairs of the same count go to the pair whose left symbol, then right
 * symbol, comes first in JavaScript string order (UTF-16 code units), so the same text always
 * gives the same merges, whatever order the words were seen in. A pair whose merge would spell a
 * special token ("<unk>" typed inside a word) is never merged, so the vocabulary stays distinct.
 */
import { bpeSpecialTokens } from "./bpe_specials.ts";
import { symbolsOf, WORD_START, wordsOf } from "./bpe_words.ts";

/** One learned merge: `left` + `right` became one token; `count` is how often the pair occurred. */
export interface BpeMerge {
  left: string;
  right: string;
  /** Occurrences of the pair in the corpus when it was merged (absent for loaded merges). */
  count?: number;
}

/** What training learns: the base alphabet (in string order) and the merges in order. */
export interface TrainedBpe {
  alphabet: string[];
  merges: BpeMerge[];
}

/** How much to learn. */
export interface BpeTrainOptions {
  /** Target vocabulary size: specials + alphabet + merges (training stops earlier when no pair repeats). */
  vocabSize: number;
  /** A pair seen fewer times than this is never merged (default 2: a merge must be reused). */
  minCount?: number;
}

const specials: ReadonlySet<string> = new Set(bpeSpecialTokens);

interface CountedWord {
  symbols: string[];
  count: number;
}

/** Learns BPE merges from `texts` (see the module comment). */
export function trainBpe(texts: Iterable<string>, options: BpeTrainOptions): TrainedBpe {
  const words = countedWords(texts);
  const alphabet = [...new Set(words.flatMap((w) => w.symbols))].sort(byString);
  const budget = options.vocabSize - bpeSpecialTokens.length - alphabet.length;
  if (!Number.isInteger(options.vocabSize) || budget < 0) {
    throw new Error(
      `expected a vocabulary size of at least ${
        bpeSpecialTokens.length + alphabet.length
      } (specials and the ${alphabet.length} characters of the text), got ${options.vocabSize}`,
    );
  }
  const minCount = options.minCount ?? 2;
  const pairs = new PairCounts();
  words.forEach((word, w) => pairs.addWord(word, w, +1));
  const merges: BpeMerge[] = [];
  // Two merges may spell one token (a+bc, ab+c): the vocabulary counts it once.
  const made = new Set<string>();
  while (made.size < budget) {
    const best = pairs.mostFrequent();
    if (best === null || best.count < minCount) break;
    merges.push(best);
    made.add(best.left + best.right);
    // only the words that hold the pair change: take their pairs out, merge, put them back
    for (const w of pairs.wordsWith(best.left, best.right)) {
      pairs.addWord(words[w], w, -1);
      words[w].symbols = mergePair(words[w].symbols, best.left, best.right);
      pairs.addWord(words[w], w, +1);
    }
  }
  return { alphabet, merges };
}

/**
 * How often each adjacent pair occurs over the corpus, and in which words, kept up to date as
 * words are merged (so a merge costs the words it touches, not a recount of the corpus).
 */
class PairCounts {
  readonly #pairs = new Map<string, Map<string, { count: number; words: Set<number> }>>();

  /** Adds (sign +1) or removes (-1) the pairs of word `w`, weighted by its count. */
  addWord(word: CountedWord, w: number, sign: 1 | -1): void {
    const { symbols, count } = word;
    for (let i = 0; i + 1 < symbols.length; i++) {
      let row = this.#pairs.get(symbols[i]);
      if (row === undefined) this.#pairs.set(symbols[i], row = new Map());
      let entry = row.get(symbols[i + 1]);
      if (entry === undefined) row.set(symbols[i + 1], entry = { count: 0, words: new Set() });
      entry.count += sign * count;
      if (sign > 0) entry.words.add(w); // a word that lost the pair is skipped when merged
      if (entry.count === 0) row.delete(symbols[i + 1]);
    }
  }

  /** The words that held the pair (a snapshot: merging changes the sets). */
  wordsWith(left: string, right: string): number[] {
    return [...(this.#pairs.get(left)?.get(right)?.words ?? [])];
  }

  /** The pair with the highest count (ties: string order), or null when none is left. */
  mostFrequent(): Required<BpeMerge> | null {
    let best: Required<BpeMerge> | null = null;
    for (const [left, row] of this.#pairs) {
      for (const [right, { count }] of row) {
        const better = best === null || count > best.count ||
          (count === best.count && before(left, right, best));
        if (better && !specials.has(left + right)) best = { left, right, count };
      }
    }
    return best;
  }
}

/** Distinct words of the texts with their counts, in string order. */
function countedWords(texts: Iterable<string>): CountedWord[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of wordsOf(text)) {
      if (word.includes(WORD_START)) {
        throw new Error(
          `expected training text without ${WORD_START} (U+2581, the word-start marker), got ${
            JSON.stringify(word.slice(0, 40))
          }`,
        );
      }
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts.keys()].sort(byString).map((w) => ({
    symbols: symbolsOf(w),
    count: counts.get(w)!,
  }));
}

/** True when (left, right) comes before `best`'s pair in string order. */
function before(left: string, right: string, best: BpeMerge): boolean {
  if (left !== best.left) return left < best.left;
  return right < best.right;
}

/** `symbols` with every occurrence of left, right (left to right, not overlapping) made one. */
export function mergePair(symbols: readonly string[], left: string, right: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (i + 1 < symbols.length && symbols[i] === left && symbols[i + 1] === right) {
      out.push(left + right);
      i++;
    } else {
      out.push(symbols[i]);
    }
  }
  return out;
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
