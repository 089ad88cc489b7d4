/**
 * `experiment position`: attention alone is order-blind (a set), so position must be injected
 * (Vaswani et al. 2017, sec. 3.5). Sinusoidal encodings extrapolate in principle but not well in
 * practice; a learned table (Gehring et al. 2017) is undefined beyond the longest position it
 * was trained on; RoPE (Su et al. 2021) rotates q and k so that q . k depends only on i - j.
 *
 * measure.ts trains one small Transformer per encoding and scores it by length and on reversed
 * inputs; shift.ts checks RoPE's shift invariance with the engine's rope op; conclude.ts reads
 * the three parts of the claim; findings.ts lays them out.
 */
import { messagesOf } from "../../platform/i18n/messages.ts";
import type { Experiment, ExperimentContext, ExperimentFindings } from "../experiment.ts";
import { concludePosition } from "./conclude.ts";
import { positionChart, positionGrids, positionNotes, positionTables } from "./findings.ts";
import { measurePosition, type PositionSettings } from "./measure.ts";
import { positionMessages } from "./messages.ts";

export {
  type Change,
  concludePosition,
  type OrderCheck,
  type PositionCurve,
  type PositionData,
  type ShiftCheck,
} from "./conclude.ts";
export type { PositionSettings } from "./measure.ts";
export { checkShiftInvariance } from "./shift.ts";

export const positionSettings = {
  // Measured (webgpu, llvmpipe, machine shared): 1 + 1 layers of width 32 take 22-40 ms a step;
  // 250 steps at lr 1e-2 learn reverse of 3-6 letters to 79% (sinusoidal), 84% (learned) and
  // 98% (RoPE) exact match; the whole run takes 24-38 s. 200 steps or L = 5 left sinusoidal
  // and learned near 60%. The order-blind model is the first one's weights without positions.
  quick: {
    task: "reverse",
    minLength: 3,
    trainMax: 6,
    encodings: ["sinusoidal", "learned", "rope"],
    perLength: 40,
    model: { dModel: 32, heads: 2, encoderLayers: 1, decoderLayers: 1, ffn: 64 },
    steps: 250,
    batchSize: 64,
    lr: 1e-2,
    warmup: 30,
    trainExamples: 4000,
    shiftDraws: 64,
    shiftTriples: 64,
    shiftDk: 64,
    shiftPositions: 64,
    seed: 1,
  },
  // The shipped reverse model's sizes (2 + 2 layers of 64, ffn 128); strings of 3-8 letters
  // need far fewer steps than its 3-24: 800 steps give 100% within L for all three encodings
  // (4% for "none", the trained order-blind baseline); ~10 min in all on a loaded machine
  // (1200 steps: the same scores in 15 min).
  full: {
    task: "reverse",
    minLength: 3,
    trainMax: 8,
    encodings: ["none", "sinusoidal", "learned", "rope"],
    perLength: 100,
    model: { dModel: 64, heads: 4, encoderLayers: 2, decoderLayers: 2, ffn: 128 },
    steps: 800,
    batchSize: 64,
    lr: 3e-3,
    warmup: 100,
    trainExamples: 20000,
    shiftDraws: 256,
    shiftTriples: 64,
    shiftDk: 64,
    shiftPositions: 128,
    seed: 1,
  },
} satisfies Record<string, PositionSettings>;

/** Trains one model per encoding, measures all three parts of the claim, and concludes. */
export async function runPosition(
  ctx: ExperimentContext,
  settings: PositionSettings,
): Promise<ExperimentFindings> {
  const measured = await measurePosition(ctx, settings);
  const { curves, shift, order, learnedRows } = measured;
  const { headline, conclusion } = concludePosition({
    trainMax: settings.trainMax,
    curves,
    shift,
    order,
  });
  if (learnedRows) {
    headline.learnedRowsReached = learnedRows.reached;
    headline.learnedUntrainedRowChange = learnedRows.untrainedRows;
  }
  return {
    settings: {
      task: settings.task,
      minLength: settings.minLength,
      trainMax: settings.trainMax,
      lengths: measured.lengths,
      encodings: curves.map((c) => c.pe),
      perLength: settings.perLength,
      dModel: settings.model.dModel,
      heads: settings.model.heads,
      layers: `${settings.model.encoderLayers}+${settings.model.decoderLayers}`,
      ffn: settings.model.ffn,
      steps: settings.steps,
      batchSize: settings.batchSize,
      lr: settings.lr,
      seed: settings.seed,
    },
    tables: positionTables(settings, measured),
    charts: [positionChart(settings, measured)],
    grids: positionGrids(settings, measured),
    headline,
    conclusion,
    notes: positionNotes(settings, measured, ctx.backend.name),
  };
}

export const positionExperiment: Experiment = {
  name: "position",
  claim: messagesOf(positionMessages)("position.claim"),
  run: (ctx) => runPosition(ctx, ctx.quick ? positionSettings.quick : positionSettings.full),
};
