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
  const merges: BpeMerge[] = [];
  // Two merges may spell one token (a+bc, ab+c): the vocabulary counts it once.
  const made = new Set<string>();
  while (made.size < budget) {
    const best = mostFrequentPair(words);
    if (best === null || best.count < minCount) break;
    merges.push(best);
    made.add(best.left + best.right);
    for (const word of words) word.symbols = mergePair(word.symbols, best.left, best.right);
  }
  return { alphabet, merges };
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

/** The adjacent pair with the highest count over all words (ties: string order), or null. */
function mostFrequentPair(words: readonly CountedWord[]): Required<BpeMerge> | null {
  const counts = new Map<string, Map<string, number>>();
  for (const { symbols, count } of words) {
    for (let i = 0; i + 1 < symbols.length; i++) {
      let row = counts.get(symbols[i]);
      if (row === undefined) counts.set(symbols[i], row = new Map());
      row.set(symbols[i + 1], (row.get(symbols[i + 1]) ?? 0) + count);
    }
  }
  let best: Required<BpeMerge> | null = null;
  for (const [left, row] of counts) {
    for (const [right, count] of row) {
      if (specials.has(left + right)) continue;
      if (
        best === null || count > best.count || (count === best.count && before(left, right, best))
      ) {
        best = { left, right, count };
      }
    }
  }
  return best;
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
