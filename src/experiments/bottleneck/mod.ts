/**
 * `experiment bottleneck`: does a plain Seq2Seq lose accuracy as inputs grow, because the
 * whole source must squeeze through one fixed-size vector (Cho et al. 2014; Bahdanau et al.
 * 2015, sec. 1), while attention models do not?
 *
 * Measured on the shipped `reverse` models (trained on 3-24 letters): exact match of greedy
 * decoding on held-out strings of each length, for the GRU without attention, the GRU with
 * Bahdanau attention and the Transformer. Same task, same test strings, same decoder.
 * conclude.ts compares how much each family lost with length.
 */
import type { EncodedPair } from "../../data/batches.ts";
import { getTask } from "../../data/task.ts";
import { percent } from "../../measure/rounding.ts";
import { type LoadedModel, loadModel } from "../../models/weights/registry.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import { evaluate } from "../../train/evaluate.ts";
import {
  checkAborted,
  type Experiment,
  type ExperimentContext,
  type ExperimentFindings,
} from "../experiment.ts";
import { type AccuracyCurve, concludeBottleneck, type Family } from "./conclude.ts";
import { bottleneckMessages } from "./messages.ts";

export { type AccuracyCurve, concludeBottleneck, type Family } from "./conclude.ts";

const say = messagesOf(bottleneckMessages);

/** What {@link runBottleneck} measures. */
export interface BottleneckSettings {
  lengths: number[];
  /** Test strings per length. */
  perLength: number;
  models: { name: string; family: Family }[];
}

const models: BottleneckSettings["models"] = [
  { name: "reverse-gru", family: "rnn" },
  { name: "reverse-gru-bahdanau", family: "rnn-attention" },
  { name: "reverse-transformer", family: "transformer" },
];

export const bottleneckSettings = {
  quick: { lengths: [4, 8, 12, 16, 20, 24], perLength: 40, models },
  full: { lengths: Array.from({ length: 22 }, (_, i) => i + 3), perLength: 150, models },
} satisfies Record<string, BottleneckSettings>;

/** Held-out examples of the reverse task grouped by source length (characters). */
function examplesByLength(lengths: readonly number[], perLength: number) {
  const task = getTask("reverse");
  const wanted = new Set(lengths);
  const byLength = new Map<number, { src: string; tgt: string }[]>(lengths.map((n) => [n, []]));
  // Test strings have uniformly random lengths 3-24: draw enough for every bucket to fill.
  const pool = task.examples("test", perLength * (task.maxSrcTokens + 2) * 2);
  for (const example of pool) {
    const n = [...example.src].length;
    const bucket = byLength.get(n);
    if (wanted.has(n) && bucket && bucket.length < perLength) bucket.push(example);
  }
  return byLength;
}

function encodePairs(model: LoadedModel, examples: { src: string; tgt: string }[]): EncodedPair[] {
  return examples.map((e) => ({
    src: model.source.encode(e.src).ids,
    tgt: model.target.encode(e.tgt).ids,
  }));
}

/** Every model's exact match at every length. */
async function measureBottleneck(
  ctx: ExperimentContext,
  settings: BottleneckSettings,
): Promise<AccuracyCurve[]> {
  const byLength = examplesByLength(settings.lengths, settings.perLength);
  const curves: AccuracyCurve[] = [];
  const total = settings.models.length * settings.lengths.length;
  let done = 0;
  for (const { name, family } of settings.models) {
    const loaded = await loadModel(name, ctx.backend, { dir: ctx.weightsDir });
    const curve: AccuracyCurve = { model: name, family, lengths: [], accuracy: [] };
    for (const n of settings.lengths) {
      checkAborted(ctx.signal);
      ctx.progress(done++, total, `${name}, length ${n}`);
      const pairs = encodePairs(loaded, byLength.get(n) ?? []);
      if (pairs.length === 0) continue;
      const metrics = await evaluate(loaded.model, pairs, {
        backend: ctx.backend,
        signal: ctx.signal,
      });
      checkAborted(ctx.signal);
      curve.lengths.push(n);
      curve.accuracy.push(metrics.exactMatch);
    }
    curves.push(curve);
  }
  ctx.progress(total, total, "done");
  return curves;
}

/** Measures every model's exact match at every length, and concludes. */
export async function runBottleneck(
  ctx: ExperimentContext,
  settings: BottleneckSettings,
): Promise<ExperimentFindings> {
  const curves = await measureBottleneck(ctx, settings);
  const { headline, conclusion } = concludeBottleneck(curves);
  const lengths = curves[0].lengths;
  return {
    settings: {
      task: "reverse",
      lengths,
      perLength: settings.perLength,
      models: settings.models.map((m) => m.name),
    },
    tables: [{
      title: say("bottleneck.table.exactMatch"),
      columns: ["length", ...curves.map((c) => c.model)],
      rows: lengths.map((n, i) => [n, ...curves.map((c) => percent(c.accuracy[i]))]),
    }],
    charts: [{
      title: say("bottleneck.chart.exactMatch"),
      xLabel: "source length (characters)",
      yLabel: "exact match %",
      series: curves.map((c) => ({
        name: c.model,
        x: c.lengths,
        y: c.accuracy.map((a) => a * 100),
      })),
    }],
    headline,
    conclusion,
    notes: [say("bottleneck.note.lengths")],
  };
}

export const bottleneckExperiment: Experiment = {
  name: "bottleneck",
  claim: say("bottleneck.claim"),
  run: (ctx) => runBottleneck(ctx, ctx.quick ? bottleneckSettings.quick : bottleneckSettings.full),
};
