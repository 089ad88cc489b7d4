/**
 * Choosing the next token from a language model's logits, on the host (one row of V numbers):
 *
 * - temperature T: p = softmax(logits / T). T < 1 sharpens the distribution, T > 1 flattens
 *   it, and T = 0 is its limit, greedy decoding (the argmax, probability 1);
 * - top-k (Fan et al. 2018): only the k most probable tokens stay;
 * - top-p, nucleus sampling (Holtzman et al. 2020): only the smallest set of most probable
 *   tokens whose probabilities add up to at least p stays;
 * each filter renormalises what stays (top-p reads the top-k survivors' renormalised
 * probabilities, as Hugging Face's samplers do), and the token is drawn from the result with a
 * seeded generator, so the same seed gives the same tokens.
 *
 * Each step reports what a view needs to show why a token came out: its probability, the top
 * candidates before (softmax of the raw logits) and after the filters, and both entropies.
 */
import { Rng } from "../../engine/random.ts";

/** How to choose: temperature, then the top-k and top-p filters. */
export interface SamplingOptions {
  /** 0: greedy (argmax). Default 1. */
  temperature?: number;
  /** Keep the k most probable tokens; 0 keeps all. Default 0. */
  topK?: number;
  /** Keep the smallest most-probable set with mass >= p; 1 keeps all. Default 1. */
  topP?: number;
  /** Candidates reported per step (before and after). Default 5. */
  show?: number;
}

/** A token and a probability. */
export interface Candidate {
  id: number;
  p: number;
}

/** One choice and why. */
export interface SampleStep {
  /** The chosen token. */
  id: number;
  /** Its probability in the distribution it was drawn from (after T, top-k, top-p). */
  p: number;
  /** Entropy (nats) of that distribution: 0 when one token holds all the mass. */
  entropy: number;
  /** Entropy (nats) of softmax(logits), the model's own uncertainty. */
  rawEntropy: number;
  /** The most probable tokens of softmax(logits) (T = 1, unfiltered), best first. */
  before: Candidate[];
  /** The most probable tokens of the distribution sampled from, best first. */
  after: Candidate[];
}

/** Checks the options and fills in the defaults. */
export function samplingDefaults(options: SamplingOptions = {}): Required<SamplingOptions> {
  const { temperature = 1, topK = 0, topP = 1, show = 5 } = options;
  if (!(temperature >= 0 && Number.isFinite(temperature))) {
    throw new Error(`expected a temperature >= 0, got ${temperature}`);
  }
  if (!Number.isInteger(topK) || topK < 0) {
    throw new Error(`expected top-k a whole number >= 0 (0: off), got ${topK}`);
  }
  if (!(topP > 0 && topP <= 1)) throw new Error(`expected top-p in (0, 1], got ${topP}`);
  if (!Number.isInteger(show) || show < 1) throw new Error(`expected show >= 1, got ${show}`);
  return { temperature, topK, topP, show };
}

/** softmax(logits * scale) as float64, the max subtracted first (no overflow). */
export function softmaxRow(logits: ArrayLike<number>, scale = 1): Float64Array {
  let top = -Infinity;
  for (let i = 0; i < logits.length; i++) top = Math.max(top, logits[i] * scale);
  const p = new Float64Array(logits.length);
  let z = 0;
  for (let i = 0; i < logits.length; i++) z += p[i] = Math.exp(logits[i] * scale - top);
  for (let i = 0; i < p.length; i++) p[i] /= z;
  return p;
}

/** Entropy -sum p log p in nats (0 log 0 = 0). */
export function entropyOf(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
  return h;
}

/** Token ids by probability, best first (ties: the lower id first, so argmax is stable). */
function ranked(p: ArrayLike<number>): number[] {
  return Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
}

/**
 * The distribution sampled from, as the surviving ids best first and their renormalised
 * probabilities: softmax(logits / T), then top-k, then top-p. T = 0: the argmax alone.
 */
export function filteredDistribution(
  logits: ArrayLike<number>,
  options: SamplingOptions = {},
): Candidate[] {
  const { temperature, topK, topP } = samplingDefaults(options);
  if (temperature === 0) return [{ id: ranked(logits)[0], p: 1 }];
  const p = softmaxRow(logits, 1 / temperature);
  let kept = ranked(p);
  if (topK > 0) kept = kept.slice(0, topK);
  let mass = kept.reduce((s, id) => s + p[id], 0);
  if (topP < 1) {
    // The smallest prefix whose renormalised mass reaches p (at least one token).
    let sum = 0;
    let n = 0;
    while (n < kept.length && (n === 0 || sum < topP * mass)) sum += p[kept[n++]];
    kept = kept.slice(0, n);
    mass = sum;
  }
  return kept.map((id) => ({ id, p: p[id] / mass }));
}

/** Draws tokens from logits with a seeded generator: the same seed gives the same tokens. */
export class Sampler {
  readonly options: Required<SamplingOptions>;
  readonly #rng: Rng;

  constructor(options: SamplingOptions = {}, seed = 0) {
    this.options = samplingDefaults(options);
    this.#rng = new Rng(seed);
  }

  /** Chooses one token from one row of logits [V]. */
  sample(logits: ArrayLike<number>): SampleStep {
    const dist = filteredDistribution(logits, this.options);
    const raw = softmaxRow(logits);
    let choice = dist[0];
    if (dist.length > 1) {
      // Inverse transform sampling: the first token whose cumulative mass passes u.
      const u = this.#rng.next();
      let sum = 0;
      choice = dist[dist.length - 1];
      for (const c of dist) {
        sum += c.p;
        if (u < sum) {
          choice = c;
          break;
        }
      }
    }
    const show = this.options.show;
    return {
      id: choice.id,
      p: choice.p,
      entropy: entropyOf(dist.map((c) => c.p)),
      rawEntropy: entropyOf(raw),
      before: ranked(raw).slice(0, show).map((id) => ({ id, p: raw[id] })),
      after: dist.slice(0, show),
    };
  }
}
