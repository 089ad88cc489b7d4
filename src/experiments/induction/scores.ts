/**
 * What `experiment induction` reads off one forward pass over repeated sequences (plain
 * functions of host arrays, so each can be checked on a hand-built matrix):
 *
 * - induction score of a head: the mean attention from position i of the second half to
 *   position i - P + 1, the token after the previous occurrence of the current token
 *   (Olsson et al. 2022; TransformerLens's induction score). Queries i = P+1 .. 2P-1: position
 *   P (the last token of the first half) has no earlier occurrence.
 * - previous-token score: the mean attention from position i to i - 1 (i = 1 .. 2P-1), the
 *   other half of the circuit: a layer-1 head that writes each token's predecessor into its
 *   residual stream, which the layer-2 head's keys then match (Elhage et al. 2021).
 * - the next-token loss on each half: first half, positions 0 .. P-1 (targets x_1 .. x_P,
 *   unpredictable); second half, positions P+1 .. 2P-1 (targets x_2 .. x_P again, predictable
 *   by copying). Position P, whose target x_1 nothing announces, counts in neither.
 *
 * Positions are those of the model's input: `<bos> x_1 .. x_P x_1 .. x_{P-1}` (the last token
 * is only a target), position 0 being <bos>.
 */
import type { RepeatedSequence } from "./sequences.ts";

/** Attention weights of one layer on a batch: [B, H, T, T] flat, row = query, col = key. */
export interface LayerAttention {
  weights: ArrayLike<number>;
  /** [B, H, T, T] */
  shape: readonly number[];
}

/** Mean over sequences b and queries i in `queries(P)` of A[b, h, i, key(i, P)], per head h. */
function headScores(
  attention: LayerAttention,
  periods: readonly number[],
  queries: (period: number) => [number, number],
  key: (i: number, period: number) => number,
): number[] {
  const [batch, heads, t, tk] = attention.shape;
  if (batch !== periods.length || t !== tk) {
    throw new Error(
      `expected attention [${periods.length}, H, T, T], got [${attention.shape.join(", ")}]`,
    );
  }
  return Array.from({ length: heads }, (_, h) => {
    let sum = 0;
    let count = 0;
    periods.forEach((period, b) => {
      const [from, to] = queries(period);
      for (let i = from; i <= Math.min(to, t - 1); i++) {
        sum += attention.weights[((b * heads + h) * t + i) * t + key(i, period)];
        count++;
      }
    });
    return count > 0 ? sum / count : 0;
  });
}

/** Each head's induction score: mean attention from i (second half) to i - P + 1. */
export function inductionScores(attention: LayerAttention, periods: readonly number[]): number[] {
  return headScores(attention, periods, (p) => [p + 1, 2 * p - 1], (i, p) => i - p + 1);
}

/** Each head's previous-token score: mean attention from i to i - 1, over i = 1 .. 2P-1. */
export function previousTokenScores(
  attention: LayerAttention,
  periods: readonly number[],
): number[] {
  return headScores(attention, periods, (p) => [1, 2 * p - 1], (i) => i - 1);
}

/** The loss on each half and how often the second half's argmax is the copied token. */
export interface HalfLosses {
  /** Mean cross-entropy (nats) over first-half targets. */
  lossFirst: number;
  /** Mean cross-entropy (nats) over the second half's predictable targets. */
  lossSecond: number;
  /** Fraction of second-half targets the model ranks first. */
  copyAccuracy: number;
}

/** Half losses from logits [B, T, V] (flat) of the inputs of `sequences`. */
export function halfLosses(
  logits: ArrayLike<number>,
  shape: readonly number[],
  sequences: readonly RepeatedSequence[],
): HalfLosses {
  const [batch, t, v] = shape;
  if (batch !== sequences.length) {
    throw new Error(`expected logits of ${sequences.length} sequences, got [${shape.join(", ")}]`);
  }
  const sums = { first: 0, firstN: 0, second: 0, secondN: 0, right: 0 };
  sequences.forEach(({ ids, period: p }, b) => {
    for (let i = 0; i < Math.min(2 * p, t); i++) {
      if (i === p) continue; // x_1 after x_P: nothing announces it
      const row = b * t * v + i * v;
      let top = -Infinity;
      let best = 0;
      for (let k = 0; k < v; k++) {
        if (logits[row + k] > top) [top, best] = [logits[row + k], k];
      }
      let z = 0;
      for (let k = 0; k < v; k++) z += Math.exp(logits[row + k] - top);
      const loss = Math.log(z) + top - logits[row + ids[i + 1]]; // -log softmax at the target
      if (i < p) {
        sums.first += loss;
        sums.firstN++;
      } else {
        sums.second += loss;
        sums.secondN++;
        if (best === ids[i + 1]) sums.right++;
      }
    }
  });
  return {
    lossFirst: sums.first / Math.max(sums.firstN, 1),
    lossSecond: sums.second / Math.max(sums.secondN, 1),
    copyAccuracy: sums.right / Math.max(sums.secondN, 1),
  };
}
