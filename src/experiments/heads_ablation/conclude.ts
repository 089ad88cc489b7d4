/**
 * The conclusion of `experiment heads-ablation` from the measured rises alone (a pure function,
 * so reversed data gives the opposite sentence):
 *
 * - How many heads matter. A head matters when removing it alone raises the held-out loss by at
 *   least {@link MATTER_SHARE} of the summed rise of all single-head removals: with h heads
 *   sharing the work evenly each would take 1/h of it (1/16 = 6% on the shipped model), so 10%
 *   marks a head that carries clearly more than an even share, whatever the model's loss
 *   scale. A head whose removal moves the loss by less than {@link NEGLIGIBLE} of the loss
 *   itself is one the model does without.
 * - Whether the ranking follows the attention-entropy ranking of `experiment heads`: Spearman's
 *   rank correlation between the rise and how focused a head is (minus its relative entropy).
 *   It counts as agreeing (or reversed) beyond 1.96 / sqrt(n - 1), the two-sided 5% level of
 *   rho for n heads under no association (the normal approximation; 0.51 for 16 heads).
 */
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentFindings } from "../experiment.ts";
import { spearman } from "../../measure/rank_correlation.ts";
import { headsAblationMessages } from "./messages.ts";

const say = messagesOf(headsAblationMessages);

/** A head matters when its rise is at least this share of the summed rise. */
export const MATTER_SHARE = 0.1;
/** A rise below this share of the loss with every head on is negligible. */
export const NEGLIGIBLE = 0.01;

/** What {@link concludeHeadsAblation} reads: the loss with every head on and each head's rise. */
export interface AblationRanking {
  baseLoss: number;
  heads: readonly { label: string; rise: number; relativeEntropy: number }[];
}

/** The two-sided 5% level of Spearman's rho for n pairs (normal approximation). */
export function rhoLevel(n: number): number {
  return 1.96 / Math.sqrt(Math.max(n - 1, 1));
}

/**
 * Spearman's rho between rise and focus within the encoder's heads and within the decoder's
 * (self and cross): a pooled rho can come from the two stacks differing as wholes. A note says
 * which; null when a group has fewer than 3 heads.
 */
export function withinStacks(
  heads: readonly { label: string; rise: number; relativeEntropy: number }[],
  pooled: number | null,
): Bilingual | null {
  const group = (encoder: boolean) =>
    heads.filter((h) => h.label.startsWith("encoder:") === encoder);
  const [enc, dec] = [group(true), group(false)];
  if (enc.length < 3 || dec.length < 3 || pooled === null) return null;
  const rho = (g: typeof heads) => spearman(g.map((h) => h.rise), g.map((h) => -h.relativeEntropy));
  const [a, b] = [rho(enc), rho(dec)];
  if (a === null || b === null) return null;
  const values = {
    encoder: enc.length,
    decoder: dec.length,
    a: a.toFixed(2),
    b: b.toFixed(2),
    levelA: rhoLevel(enc.length).toFixed(2),
    levelB: rhoLevel(dec.length).toFixed(2),
  };
  const pooledSignificant = Math.abs(pooled) >= rhoLevel(heads.length);
  const neitherWithin = Math.abs(a) < rhoLevel(enc.length) && Math.abs(b) < rhoLevel(dec.length);
  return say(
    pooledSignificant && neitherWithin
      ? "headsAblation.note.stacksOnly"
      : "headsAblation.note.stacks",
    values,
  );
}

/** How many heads matter and whether the ranking agrees with the entropy ranking. */
export function concludeHeadsAblation(data: AblationRanking): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  const n = data.heads.length;
  if (n === 0) throw new Error("heads-ablation: expected at least one head, got none");
  const ranked = [...data.heads].sort((a, b) => b.rise - a.rise);
  const summed = ranked.reduce((s, h) => s + Math.max(h.rise, 0), 0);
  const share = (rise: number) => (summed > 0 ? Math.max(rise, 0) / summed : 0);
  const matter = ranked.filter((h) => summed > 0 && share(h.rise) >= MATTER_SHARE);
  const negligible = ranked.filter((h) => Math.abs(h.rise) < NEGLIGIBLE * data.baseLoss);
  const carried = matter.reduce((s, h) => s + share(h.rise), 0);
  const rho = spearman(data.heads.map((h) => h.rise), data.heads.map((h) => -h.relativeEntropy));
  const level = rhoLevel(n);
  const top = ranked[0];
  const headline = {
    heads: n,
    baseLoss: data.baseLoss,
    summedRise: summed,
    headsThatMatter: matter.length,
    shareTheyCarry: carried,
    negligibleHeads: negligible.length,
    topHead: top.label,
    topRise: top.rise,
    topRelativeRise: top.rise / data.baseLoss,
    spearmanRiseVsFocus: rho,
    rhoLevel5pct: level,
  };
  const pct = (x: number) => `${Math.round(100 * x)}%`;
  const rhoText = rho === null ? "-" : rho.toFixed(2);
  const entropy = rho === null ? say("headsAblation.entropy.undefined") : say(
    rho >= level
      ? "headsAblation.entropy.agrees"
      : rho <= -level
      ? "headsAblation.entropy.reversed"
      : "headsAblation.entropy.independent",
    { rho: rhoText, level: level.toFixed(2), n },
  );
  const rest = say("headsAblation.negligible", { m: negligible.length, n });
  const conclusion = matter.length === 0
    ? say("headsAblation.conclusion.spread", {
      n,
      top: top.label,
      share: pct(share(top.rise)),
      rest,
      entropy,
    })
    : say("headsAblation.conclusion.few", {
      k: matter.length,
      n,
      list: matter.map((h) => `${h.label} (+${h.rise.toPrecision(2)})`).join(", "),
      share: pct(carried),
      rest,
      entropy,
    });
  return { headline, conclusion };
}
