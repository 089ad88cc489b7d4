/**
 * `experiment bottleneck`: does a plain Seq2Seq lose accuracy as inputs grow, because the
 * whole source must squeeze through one fixed-size vector (Cho et al. 2014; Bahdanau et al.
 * 2015, sec. 1), while attention models do not?
 *
 * Measured on the shipped `reverse` models (trained on 3-24 letters): exact match of greedy
 * decoding on held-out strings of each length, for the GRU without attention, the GRU with
 * Bahdanau attention and the Transformer. Same task, same test strings, same decoder.
 */
import { getTask } from "../data/task.ts";
import type { EncodedPair } from "../data/batches.ts";
import { type LoadedModel, loadModel } from "../models/weights/registry.ts";
import { evaluate } from "../train/evaluate.ts";
import {
  type Bilingual,
  checkAborted,
  type Experiment,
  type ExperimentContext,
  type ExperimentFindings,
  percent,
} from "./experiment.ts";

/** Which generation a model belongs to. */
export type Family = "rnn" | "rnn-attention" | "transformer";

/** One model's exact match by source length. */
export interface AccuracyCurve {
  model: string;
  family: Family;
  lengths: number[];
  /** Exact match in [0, 1] at each length. */
  accuracy: number[];
}

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

/** A drop in exact match (in [0, 1]) this much larger than another's counts as a difference. */
const MARGIN = 0.15;

/** The conclusion from the curves alone: it compares how much each family lost with length. */
export function concludeBottleneck(curves: readonly AccuracyCurve[]): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  const plain = curves.find((c) => c.family === "rnn");
  const attentive = curves.filter((c) => c.family !== "rnn");
  if (!plain || attentive.length === 0) {
    throw new Error("bottleneck: expected a plain RNN curve and at least one attention curve");
  }
  const first = (c: AccuracyCurve) => c.accuracy[0];
  const last = (c: AccuracyCurve) => c.accuracy[c.accuracy.length - 1];
  const drop = (c: AccuracyCurve) => first(c) - last(c);
  const shortest = plain.lengths[0];
  const longest = plain.lengths[plain.lengths.length - 1];
  const worst = attentive.reduce((a, b) => (drop(b) > drop(a) ? b : a));
  const bestAtLongest = attentive.reduce((a, b) => (last(b) > last(a) ? b : a));
  const headline = {
    shortest,
    longest,
    plainShort: first(plain),
    plainLong: last(plain),
    plainDrop: drop(plain),
    attentionDrop: drop(worst),
    accuracyGapAtLongest: last(bestAtLongest) - last(plain),
  };
  const others = attentive.map((c) => `${c.model} ${percent(last(c))}`).join(", ");
  const othersKo = attentive.map((c) => `${c.model} ${percent(last(c))}`).join(", ");
  let conclusion: Bilingual;
  if (drop(plain) >= MARGIN && drop(plain) >= drop(worst) + MARGIN) {
    conclusion = {
      en: `Without attention the GRU falls from ${
        percent(first(plain))
      } exact match at length ${shortest} to ${
        percent(last(plain))
      } at ${longest}, while the attention models keep ${others}: the fixed-size context vector is the bottleneck, and attention removes it.`,
      ko: `어텐션 없는 GRU는 길이 ${shortest}에서 ${
        percent(first(plain))
      }이던 정확도가 길이 ${longest}에서 ${
        percent(last(plain))
      }로 떨어지지만, 어텐션 모델은 ${othersKo}를 유지합니다. 고정 크기 문맥 벡터(context vector)가 병목이고, 어텐션이 그 병목을 없앱니다.`,
    };
  } else if (drop(worst) >= drop(plain) + MARGIN) {
    conclusion = {
      en: `Here ${worst.model} lost more with length (${percent(first(worst))} -> ${
        percent(last(worst))
      }) than the GRU without attention (${percent(first(plain))} -> ${
        percent(last(plain))
      }): this run does not show the bottleneck.`,
      ko: `이번 측정에서는 ${worst.model}이(가) 길이에 따라 더 많이 떨어졌습니다(${
        percent(first(worst))
      } -> ${percent(last(worst))}). 어텐션 없는 GRU는 ${percent(first(plain))} -> ${
        percent(last(plain))
      }였으므로 이 실행은 병목을 보여 주지 못합니다.`,
    };
  } else {
    conclusion = {
      en: `All models lost about the same with length (GRU without attention ${
        percent(drop(plain))
      } points, the attention models at most ${
        percent(drop(worst))
      }): no bottleneck shows at lengths ${shortest}-${longest}.`,
      ko: `길이가 늘어도 모든 모델이 비슷하게 떨어졌습니다(어텐션 없는 GRU ${
        percent(drop(plain))
      }p, 어텐션 모델 최대 ${
        percent(drop(worst))
      }p). 길이 ${shortest}-${longest}에서는 병목이 보이지 않습니다.`,
    };
  }
  return { headline, conclusion };
}

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

/** Measures every model's exact match at every length. */
export async function runBottleneck(
  ctx: ExperimentContext,
  settings: BottleneckSettings,
): Promise<ExperimentFindings> {
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
      title: {
        en: "exact match by source length (greedy decoding, held-out strings)",
        ko: "입력 길이별 완전 일치율 (greedy 디코딩, 학습에 없던 문자열)",
      },
      columns: ["length", ...curves.map((c) => c.model)],
      rows: lengths.map((n, i) => [n, ...curves.map((c) => percent(c.accuracy[i]))]),
    }],
    charts: [{
      title: { en: "exact match (%) against source length", ko: "입력 길이에 따른 완전 일치율(%)" },
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
    notes: [{
      en:
        "The models were trained on strings of 3-24 letters; every length here is inside that range.",
      ko: "모델은 3-24자 문자열로 학습했고, 여기서 재는 길이는 모두 그 범위 안입니다.",
    }],
  };
}

export const bottleneckExperiment: Experiment = {
  name: "bottleneck",
  claim: {
    en:
      "A plain Seq2Seq squeezes the input into one vector, so accuracy falls with length; attention removes the bottleneck.",
    ko:
      "기본 Seq2Seq는 입력 전체를 벡터 하나에 담기 때문에 길이가 길수록 정확도가 떨어지고, 어텐션은 이 병목을 없앤다.",
  },
  run: (ctx) => runBottleneck(ctx, ctx.quick ? bottleneckSettings.quick : bottleneckSettings.full),
};
