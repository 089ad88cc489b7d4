/**
 * Seeded randomness and hashing, in one place: the generator behind initialization, data and
 * shuffling (Rng), the counter-based hash behind dropout masks (pcgHash, uniformAt, mixSeed),
 * and the string hash that names split membership and cache files (fnv1a). Everything here is
 * deterministic across runs, machines and backends; nothing is cryptographic.
 */

/**
 * A small seeded random number generator (mulberry32, Tommy Ettinger 2017):
 * deterministic across runs and machines, which is what reproducible
 * initialization, data generation and shuffling need.
 */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** A whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal sample (Box-Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Shuffles in place (Fisher-Yates) and returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/**
 * The counter-based hash both backends use for dropout masks, so that cpu and
 * webgpu (kernels/dropout.wgsl mirrors this exactly) draw the same mask from
 * the same seed, and the backward pass can redraw it instead of storing it.
 * PCG-RXS-M-XS 32 (O'Neill 2014), as used for GPU hashing by Jarzynski & Olano 2020.
 */
export function pcgHash(v: number): number {
  const state = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** A uniform number in [0, 1) for element i under seed: 24 bits of hash(i ^ hash(seed)). */
export function uniformAt(seed: number, i: number): number {
  return (pcgHash((i ^ pcgHash(seed)) >>> 0) >>> 8) / 16777216;
}

/**
 * The k-th seed derived from `seed` (k = a training step, a dropout site): hash(seed + k * φ),
 * φ = 2^32 / golden ratio, so consecutive k land far apart before hashing and nearby seeds
 * give unrelated streams.
 */
export function mixSeed(seed: number, k: number): number {
  return pcgHash((seed + Math.imul(k, 0x9e3779b9)) >>> 0);
}

/** FNV-1a (Fowler, Noll, Vo), 32 bits, over the UTF-8 bytes of `text`: unsigned. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
