/**
 * One sampling setting's draws reduced to the numbers its table row shows: how many different
 * continuations, how many equal the greedy one or the reference, and the step averages (pooled
 * over every step of every draw).
 */
import type { SamplingSetting, SettingDraws } from "./measure.ts";

/** The row of one setting. */
export interface RowSummary extends SamplingSetting {
  /** Draws made (N). */
  draws: number;
  /** Different continuations among them (by token ids). */
  distinct: number;
  /** Share of draws equal to the greedy (T = 0) continuation. */
  greedyShare: number;
  /** Share equal to the reference followed by <eos>; null without a reference. */
  exactShare: number | null;
  /** Mean entropy (nats) per step of the distribution drawn from. */
  meanEntropy: number;
  /** Mean probability of the drawn token in that distribution. */
  meanP: number;
  /** Mean probability of the drawn token under the model's softmax (T = 1, unfiltered). */
  meanModelP: number;
  /** The continuations, most frequent first (ties: the first drawn first). */
  frequent: { text: string; count: number }[];
}

const same = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

/** Reduces one setting's draws to its row. */
export function summarizeRow(
  row: SettingDraws,
  greedyIds: readonly number[],
  referenceIds: readonly number[] | null,
): RowSummary {
  const { draws } = row;
  const counts = new Map<string, { text: string; count: number }>();
  for (const d of draws) {
    const key = d.ids.join(",");
    const seen = counts.get(key) ?? { text: d.text, count: 0 };
    seen.count++;
    counts.set(key, seen);
  }
  const steps = draws.flatMap((d) => d.steps);
  const share = (hit: (ids: number[]) => boolean) =>
    draws.length === 0 ? 0 : draws.filter((d) => hit(d.ids)).length / draws.length;
  return {
    ...row.setting,
    draws: draws.length,
    distinct: counts.size,
    greedyShare: share((ids) => same(ids, greedyIds)),
    exactShare: referenceIds === null ? null : share((ids) => same(ids, referenceIds)),
    meanEntropy: mean(steps.map((s) => s.entropy)),
    meanP: mean(steps.map((s) => s.p)),
    meanModelP: mean(steps.map((s) => s.modelP)),
    frequent: [...counts.values()].sort((a, b) => b.count - a.count),
  };
}

/** True for a setting without top-k or top-p: temperature alone. */
export function isPlain(setting: SamplingSetting): boolean {
  return setting.topK === 0 && setting.topP === 1;
}

/** The filters of a setting as a short label ("top-k 5"), or null for none. */
export function filterLabel(setting: SamplingSetting): string | null {
  const parts = [
    ...(setting.topK > 0 ? [`top-k ${setting.topK}`] : []),
    ...(setting.topP < 1 ? [`top-p ${setting.topP}`] : []),
  ];
  return parts.length === 0 ? null : parts.join(", ");
}
