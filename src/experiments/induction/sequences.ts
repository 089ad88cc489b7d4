/**
 * The data of `experiment induction`: sequences of random tokens repeated twice,
 * `<bos> x_1 .. x_P x_1 .. x_P`. The first half is noise (nothing predicts x_{t+1} from
 * x_1..x_t); in the second half every token after the first is predictable, but only by
 * copying: find the earlier occurrence of the current token and read the token after it
 * (Olsson et al. 2022, "In-context Learning and Induction Heads", §2 on repeated random tokens).
 *
 * The period P varies from sequence to sequence (drawn in [minPeriod, maxPeriod]): with one
 * fixed P a head could copy by position alone (attend to i - P + 1 via the position table)
 * instead of by content, which is not an induction head. The P tokens of a sequence are drawn
 * without replacement, so the current token's earlier occurrence is unique.
 */
import { Rng } from "../../engine/mod.ts";
import { BOS, specialTokens } from "../../data/vocab.ts";

/** Ids below this are the specials (<pad> <bos> <eos> <unk>); random tokens come after. */
export const FIRST_SYMBOL = specialTokens.length;

/** How the repeated sequences are drawn. */
export interface SequenceSettings {
  /** Random symbols (the model's vocabulary is these plus the specials). */
  symbols: number;
  minPeriod: number;
  maxPeriod: number;
}

/** One sequence: its ids (`<bos>` + two copies) and its period P. */
export interface RepeatedSequence {
  ids: number[];
  period: number;
}

/** A source of repeated sequences, deterministic for a seed. */
export class RepeatedSequences {
  readonly #rng: Rng;
  readonly #settings: SequenceSettings;

  constructor(settings: SequenceSettings, seed: number) {
    const { symbols, minPeriod, maxPeriod } = settings;
    if (!(minPeriod >= 2 && minPeriod <= maxPeriod && maxPeriod <= symbols)) {
      throw new Error(
        `expected 2 <= minPeriod <= maxPeriod <= symbols, got ${minPeriod}, ${maxPeriod}, ${symbols}`,
      );
    }
    this.#settings = settings;
    this.#rng = new Rng(seed);
  }

  /** The next sequence: P drawn in [minPeriod, maxPeriod], P distinct symbols, twice. */
  next(period?: number): RepeatedSequence {
    const { symbols, minPeriod, maxPeriod } = this.#settings;
    const p = period ?? minPeriod + this.#rng.int(maxPeriod - minPeriod + 1);
    const pool = Array.from({ length: symbols }, (_, k) => FIRST_SYMBOL + k);
    const half = this.#rng.shuffle(pool).slice(0, p);
    return { ids: [BOS, ...half, ...half], period: p };
  }

  /** `count` sequences. */
  take(count: number): RepeatedSequence[] {
    return Array.from({ length: count }, () => this.next());
  }
}

/** The label of token `id` in a grid: <bos>, then a..z, A..Z, then #k. */
export function tokenLabel(id: number): string {
  if (id < FIRST_SYMBOL) return specialTokens[id];
  const k = id - FIRST_SYMBOL;
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return k < letters.length ? letters[k] : `#${k}`;
}
