/**
 * Train/dev/test splits that are disjoint by construction: a source string's
 * split is a fixed function of the string itself (a hash), never of the seed,
 * the count or the order of generation. So an item that lands in "test" can
 * never be drawn for "train", whatever counts and seeds a caller asks for.
 * Generators sample candidates from a seeded Rng and keep those whose source
 * falls in the requested split.
 */
import { fnv1a, Rng } from "../engine/random.ts";
import type { Example, Split } from "./task.ts";

/** The three split names, in the order a trainer uses them. */
export const splits: readonly Split[] = ["train", "dev", "test"];

/**
 * MurmurHash3's 32-bit finalizer (Appleby): FNV-1a's low bits follow the last
 * bytes closely, and strings that differ only at the end must still scatter
 * over the splits.
 */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The split a source string belongs to: ~80% train, ~10% dev, ~10% test. */
export function splitOf(source: string): Split {
  const bucket = mix32(fnv1a(source)) % 10;
  if (bucket === 0) return "dev";
  if (bucket === 1) return "test";
  return "train";
}

/** Throws unless `split` is one of "train", "dev", "test". */
export function checkSplit(split: string): asserts split is Split {
  if (!(splits as readonly string[]).includes(split)) {
    throw new Error(`expected a split (${splits.join(", ")}), got ${JSON.stringify(split)}`);
  }
}

/** What `collectExamples` needs from a task. */
export interface CollectOptions {
  /** Draws one candidate example; called repeatedly with the same Rng. */
  generate: (rng: Rng) => Example;
  /**
   * Examples that belong to train whatever their hash (showcase sentences the
   * lessons rely on). They open every train list, in this order, and are
   * never returned for dev or test.
   */
  pinnedToTrain?: readonly Example[];
  /** Candidates tried per requested example before giving up (default 100). */
  attemptsPerExample?: number;
}

/**
 * `count` distinct examples (distinct sources) of one split, deterministic for
 * `seed`. A smaller count gives a prefix of a larger one with the same seed.
 *
 * Small spaces: when the split cannot supply `count` distinct sources, the
 * list stops after `count * attemptsPerExample + 10000` candidates and holds
 * as many as were found (fewer than asked), instead of looping forever.
 */
export function collectExamples(
  split: Split,
  count: number,
  seed: number,
  options: CollectOptions,
): Example[] {
  checkSplit(split);
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`expected a whole number of examples >= 0, got ${count}`);
  }
  const pinned = options.pinnedToTrain ?? [];
  const pinnedSources = new Set(pinned.map((e) => e.src));
  const out: Example[] = [];
  const seen = new Set<string>();
  if (split === "train") {
    for (const example of pinned) {
      if (out.length >= count) return out;
      if (seen.has(example.src)) continue;
      seen.add(example.src);
      out.push(example);
    }
  }
  const rng = new Rng(seed);
  const maxAttempts = count * (options.attemptsPerExample ?? 100) + 10000;
  for (let attempt = 0; attempt < maxAttempts && out.length < count; attempt++) {
    const example = options.generate(rng);
    if (seen.has(example.src)) continue;
    const home = pinnedSources.has(example.src) ? "train" : splitOf(example.src);
    if (home !== split) continue;
    seen.add(example.src);
    out.push(example);
  }
  return out;
}
