/**
 * `experiment heads-ablation`: are all heads needed? Michel et al. (2019, "Are Sixteen Heads
 * Really Better than One?") switched trained heads off one at a time and found most could go
 * with little loss. Here: every head of the shipped ko-en-transformer (the encoder's
 * self-attention, the decoder's, the cross-attention), each alone zero-ablated, ranked by the
 * rise of the held-out loss (measure.ts); the conclusion (conclude.ts) counts the heads that
 * matter and compares the ranking with the attention-entropy ranking of `experiment heads`.
 */
import { messagesOf } from "../../platform/i18n/messages.ts";
import type { Experiment, ExperimentContext, ExperimentFindings } from "../experiment.ts";
import { concludeHeadsAblation, withinStacks } from "./conclude.ts";
import { measureHeadsAblation } from "./measure.ts";
import { headsAblationMessages } from "./messages.ts";

export {
  concludeHeadsAblation,
  MATTER_SHARE,
  NEGLIGIBLE,
  rhoLevel,
  withinStacks,
} from "./conclude.ts";
export { heldOutProbes } from "./subjects.ts";

const say = messagesOf(headsAblationMessages);

/** What {@link runHeadsAblation} measures. */
export interface HeadsAblationSettings {
  /** A shipped encoder-decoder. */
  model: string;
  /** Held-out test sentences the loss averages over. */
  probes: number;
}

export const headsAblationSettings = {
  // 17 teacher-forced passes over the sentences: about a second each on llvmpipe at 64.
  quick: { model: "ko-en-transformer", probes: 64 },
  full: { model: "ko-en-transformer", probes: 500 },
} satisfies Record<string, HeadsAblationSettings>;

/** Measures every head's rise and concludes. */
export async function runHeadsAblation(
  ctx: ExperimentContext,
  settings: HeadsAblationSettings,
): Promise<ExperimentFindings> {
  const data = await measureHeadsAblation(ctx, settings, ctx.progress);
  const { headline, conclusion } = concludeHeadsAblation(data);
  const ranked = [...data.heads].sort((a, b) => b.rise - a.rise);
  const summed = ranked.reduce((s, h) => s + Math.max(h.rise, 0), 0);
  return {
    settings: { model: data.model, probes: data.sentences, tokens: data.tokens },
    tables: [{
      title: say("headsAblation.table", {
        model: data.model,
        sentences: data.sentences,
        tokens: data.tokens,
        base: data.baseLoss.toPrecision(3),
      }),
      columns: ["rank", "head", "loss", "rise", "rise / loss", "share", "H rel"],
      rows: ranked.map((h, i) => [
        i + 1,
        h.label,
        h.loss,
        h.rise,
        h.rise / data.baseLoss,
        summed > 0 ? Math.max(h.rise, 0) / summed : 0,
        h.relativeEntropy,
      ]),
    }],
    charts: [],
    headline,
    conclusion,
    notes: [
      ...[withinStacks(data.heads, headline.spearmanRiseVsFocus as number | null)].flatMap((n) =>
        n ? [n] : []
      ),
      say("headsAblation.note.zero", { spec: ranked[0].label }),
      say("headsAblation.note.one"),
    ],
  };
}

export const headsAblationExperiment: Experiment = {
  name: "heads-ablation",
  claim: say("headsAblation.claim"),
  takesModel: true,
  tablesOnly: true,
  run(ctx) {
    const settings = ctx.quick ? headsAblationSettings.quick : headsAblationSettings.full;
    return runHeadsAblation(ctx, { ...settings, model: ctx.model ?? settings.model });
  },
};
