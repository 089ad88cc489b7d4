/**
 * `experiment gradient-path`: in an RNN the path from token 1 to the end of the input has n
 * recurrent steps, so the gradient that reaches token 1 is a product of n Jacobians and
 * vanishes with distance (Bengio et al. 1994; Pascanu et al. 2013); in self-attention every
 * token is one step from every other (Vaswani et al. 2017, sec. 4, "maximum path length").
 *
 * Measured: the norm of d(loss)/d(source embedding at position i) for every position i of a
 * 24-letter input, averaged over several inputs, for a GRU without attention (the encoder's final
 * state is the only way to the source), the same GRU with Bahdanau attention and a Transformer.
 * Every input uses distinct letters, so the gradient of the embedding-table row of the letter at
 * position i IS the gradient at position i (times the Transformer's constant sqrt(d) scale,
 * which cancels when normalizing): no hook in the models is needed.
 *
 * The conclusion reads randomly initialized models of the shipped `reverse` models' sizes: at
 * initialization the gradient's shape is the architecture's paths alone. The shipped trained
 * models are measured too (whole-target loss) and reported in a note.
 */
import type { Family } from "./bottleneck.ts";
import { lowercaseLetters } from "../data/tasks/random_string.ts";
import { disposeBatch, makeTrainingBatch } from "../data/batches.ts";
import { makeModel } from "../models/make_model.ts";
import { type Seq2Seq } from "../models/model.ts";
import { EOS, specialTokens } from "../data/vocab.ts";
import type { TrainingBatch } from "../data/batches.ts";
import { type LoadedModel, loadModel } from "../models/weights/registry.ts";
import { ParamStore } from "../models/weights/param_store.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { ops } from "../engine/mod.ts";
import { Tape, tidy } from "../engine/mod.ts";
import { Rng } from "../engine/random.ts";
import { disposeModel } from "../train/trainer.ts";
import {
  type Bilingual,
  checkAborted,
  type Experiment,
  type ExperimentContext,
  type ExperimentFindings,
  type ExperimentTable,
} from "./experiment.ts";
import { fitLine } from "../measure/fit.ts";

export type { Family };

/** Which loss the gradient is taken of. */
export type GradientLoss = "first" | "whole";

/** One model's gradient norm at each source position. */
export interface GradientCurve {
  model: string;
  family: Family;
  /** "init": random initialization of the shipped model's size; "trained": the shipped weights. */
  weights: "init" | "trained";
  /**
   * Mean norm of d(loss)/d(embedding) at source positions 1..S (the last one is <eos>, the token
   * the encoder reads last), normalized to the largest (1).
   */
  norms: number[];
}

/** How a curve decays from the end of the input to its start. */
export interface Decay {
  /** Gradient at the first position over gradient at the last one. */
  firstOverLast: number;
  /**
   * Fitted factor per step further from the end: log(norm) against position is a line of slope
   * b, and each step back multiplies the gradient by exp(-b) (1 = no decay, 0.6 = 40% lost).
   */
  perStep: number;
}

/** What {@link runGradientPath} measures. */
export interface GradientPathSettings {
  /** Distinct letters per input (at most 26); the source is these plus <eos>. */
  letters: number;
  /** Inputs averaged per model. */
  inputs: number;
  /** Seeds of the random initializations averaged (the measurement the conclusion reads). */
  initSeeds: number[];
  /** Also measure the shipped trained weights (whole-target loss), reported in a note. */
  trained: boolean;
  /** Seed of the inputs drawn. */
  seed: number;
  models: { name: string; family: Family }[];
}

const models: GradientPathSettings["models"] = [
  { name: "reverse-gru", family: "rnn" },
  { name: "reverse-gru-bahdanau", family: "rnn-attention" },
  { name: "reverse-transformer", family: "transformer" },
];

export const gradientPathSettings = {
  quick: { letters: 24, inputs: 12, initSeeds: [1], trained: true, seed: 1, models },
  full: { letters: 24, inputs: 48, initSeeds: [1, 2, 3], trained: true, seed: 1, models },
} satisfies Record<string, GradientPathSettings>;

/** Token 1 "loses" the gradient when it gets less than this share of the last token's. */
const VANISHED = 0.1;
/** Two models' first/last ratios differ when one is this many times the other. */
const GAP = 10;

/** First/last ratio and fitted per-step factor of norms by position. */
export function decayOf(norms: readonly number[]): Decay {
  if (norms.length < 2) {
    throw new Error(`gradient-path: expected 2 or more positions, got ${norms.length}`);
  }
  const floor = 1e-30; // a zero gradient has no logarithm
  const positions = norms.map((_, i) => i + 1);
  const { slope } = fitLine(positions, norms.map((v) => Math.log(Math.max(v, floor))));
  return {
    firstOverLast: norms[0] / Math.max(norms[norms.length - 1], floor),
    perStep: Math.exp(-slope),
  };
}

/**
 * The decay over a curve's letters, token 1 to token n (the claim's two ends): <eos> is left out,
 * since its embedding says nothing about the letters a whole-target loss asks for.
 */
export function letterDecay(curve: GradientCurve): Decay {
  return decayOf(curve.norms.slice(0, -1));
}

/** A ratio with two significant digits for a sentence: 1.32, 0.89, 0.028 or 5.6e-6. */
export function formatRatio(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  if (v >= 10) return v.toFixed(0);
  if (v >= 0.1) return v.toFixed(2);
  if (v >= 0.001) return v.toPrecision(2);
  return v.toExponential(1);
}

/** The conclusion from the random-init curves alone: GRU without attention vs Transformer. */
export function concludeGradientPath(curves: readonly GradientCurve[]): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  const rnn = curves.find((c) => c.family === "rnn");
  const transformer = curves.find((c) => c.family === "transformer");
  if (!rnn || !transformer) {
    throw new Error("gradient-path: expected a plain RNN curve and a Transformer curve");
  }
  const attentive = curves.find((c) => c.family === "rnn-attention");
  const r = letterDecay(rnn);
  const t = letterDecay(transformer);
  const a = attentive ? letterDecay(attentive) : null;
  const letters = rnn.norms.length - 1;
  const headline = {
    letters,
    rnnFirstOverLast: r.firstOverLast,
    rnnPerStep: r.perStep,
    transformerFirstOverLast: t.firstOverLast,
    transformerPerStep: t.perStep,
    rnnAttentionFirstOverLast: a?.firstOverLast ?? null,
  };
  const rnnVanishes = r.firstOverLast < VANISHED;
  const transformerVanishes = t.firstOverLast < VANISHED;
  const ratio = t.firstOverLast / Math.max(r.firstOverLast, 1e-30); // > 1: the GRU lost more
  const facts = {
    en: `token 1 gets ${
      formatRatio(r.firstOverLast)
    } of the gradient at token ${letters} (the last letter) in the GRU without attention (x${
      r.perStep.toFixed(2)
    } per step) and ${formatRatio(t.firstOverLast)} in the Transformer (x${
      t.perStep.toFixed(2)
    } per step)${
      a ? `; with Bahdanau attention the GRU gives it ${formatRatio(a.firstOverLast)}` : ""
    }`,
    ko: `1번 토큰이 받는 기울기(gradient)는 마지막 글자인 ${letters}번 토큰의 ${
      formatRatio(r.firstOverLast)
    }배(어텐션 없는 GRU, 한 단계마다 x${r.perStep.toFixed(2)}), Transformer에서는 ${
      formatRatio(t.firstOverLast)
    }배(한 단계마다 x${t.perStep.toFixed(2)})입니다${
      a ? `. Bahdanau 어텐션을 붙인 GRU에서는 ${formatRatio(a.firstOverLast)}배입니다` : ""
    }`,
  };
  let conclusion: Bilingual;
  if (rnnVanishes && ratio >= GAP) {
    conclusion = {
      en:
        `The gradient vanishes along the recurrent path but not through attention: ${facts.en}. Token 1 is ${letters} recurrent steps from the state the decoder reads, and one attention step away in self-attention.`,
      ko:
        `기울기가 순환 경로(recurrent path)를 따라가며 사라지지만 어텐션을 거치면 사라지지 않습니다. ${facts.ko}. RNN에서 1번 토큰은 디코더가 읽는 상태에서 순환 ${letters}단계 떨어져 있고, 셀프 어텐션(self-attention)에서는 어텐션 한 단계 거리입니다.`,
    };
  } else if (transformerVanishes && ratio <= 1 / GAP) {
    conclusion = {
      en:
        `Here the Transformer lost more gradient with distance than the GRU: ${facts.en}. This run contradicts the claim.`,
      ko:
        `이번 측정에서는 Transformer가 GRU보다 거리에 따라 기울기를 더 많이 잃었습니다. ${facts.ko}. 이 실행은 주장과 반대입니다.`,
    };
  } else if (rnnVanishes || transformerVanishes) {
    conclusion = {
      en:
        `Both models lose the gradient with distance, within ${GAP}x of each other: ${facts.en}. This run does not separate them.`,
      ko:
        `두 모델 모두 거리에 따라 기울기를 잃고, 그 차이가 ${GAP}배 안쪽입니다. ${facts.ko}. 이 실행으로는 둘을 구별할 수 없습니다.`,
    };
  } else {
    conclusion = {
      en:
        `Neither model loses the gradient with distance: ${facts.en}. No vanishing gradient shows over ${letters} tokens.`,
      ko:
        `두 모델 모두 거리에 따라 기울기를 잃지 않습니다. ${facts.ko}. 토큰 ${letters}개 길이에서는 기울기 소실(vanishing gradient)이 보이지 않습니다.`,
    };
  }
  return { headline, conclusion };
}

/**
 * A note on the trained models, computed from their curves: did training keep the GRU's path
 * open compared with its initialization?
 */
export function describeTrained(
  init: readonly GradientCurve[],
  trained: readonly GradientCurve[],
): Bilingual {
  const rnnInit = init.find((c) => c.family === "rnn");
  const rnnTrained = trained.find((c) => c.family === "rnn");
  if (!rnnInit || !rnnTrained) {
    throw new Error("gradient-path: expected a plain RNN curve at init and trained");
  }
  const list = trained.map((c) => `${c.model} ${formatRatio(letterDecay(c).firstOverLast)}`)
    .join(", ");
  const before = letterDecay(rnnInit).firstOverLast;
  const after = letterDecay(rnnTrained).firstOverLast;
  const lead = {
    en:
      `The shipped models trained on reverse, measured with the whole target's loss (every letter is needed by one output letter): token 1 gets ${list} of the last letter's gradient.`,
    ko:
      `reverse로 학습한 배포 모델을 정답 전체의 손실(loss)로 재면(글자마다 출력 글자 하나에 쓰임) 1번 토큰이 받는 기울기는 마지막 글자 대비 ${list}배입니다.`,
  };
  const change = `${formatRatio(before)} at init with the first-token loss -> ${
    formatRatio(after)
  } trained`;
  const changeKo = `첫 토큰 손실로 잰 초기 ${formatRatio(before)} -> 학습 후 ${formatRatio(after)}`;
  const gate = after >= VANISHED && after >= before * GAP
    ? {
      en:
        `Training taught the GRU's gates to carry the gradient back (${change}); at the start of training, though, the first letters get almost no gradient.`,
      ko:
        `학습을 거치며 GRU의 게이트(gate)가 기울기를 멀리 전달하도록 바뀌었습니다(${changeKo}). 하지만 학습을 시작할 때는 앞쪽 글자에 기울기가 거의 닿지 않습니다.`,
    }
    : after < VANISHED
    ? {
      en: `The trained GRU still loses the gradient with distance (${change}).`,
      ko: `학습 후에도 GRU는 거리에 따라 기울기를 잃습니다(${changeKo}).`,
    }
    : {
      en: `Training changed the GRU's decay by less than ${GAP}x (${change}).`,
      ko: `학습으로 GRU의 감쇠가 바뀐 정도는 ${GAP}배 미만입니다(${changeKo}).`,
    };
  return {
    en:
      `${lead.en} ${gate.en} Trained gradients are small wherever the model is already right, so these curves also reflect where it errs.`,
    ko:
      `${lead.ko} ${gate.ko} 학습된 모델은 이미 맞히는 곳에서 기울기가 작으므로, 이 곡선에는 모델이 틀리는 위치도 함께 반영됩니다.`,
  };
}

/** `count` strings of `letters` distinct lowercase letters each. */
function distinctInputs(letters: number, count: number, seed: number): string[] {
  if (!Number.isInteger(letters) || letters < 2 || letters > lowercaseLetters.length) {
    throw new Error(
      `gradient-path: expected 2-${lowercaseLetters.length} distinct letters per input, got ${letters}`,
    );
  }
  const rng = new Rng(seed);
  return Array.from(
    { length: count },
    () => rng.shuffle([...lowercaseLetters]).slice(0, letters).join(""),
  );
}

/** The reverse-task batch of one input: source letters + <eos>, target the letters reversed. */
function batchOf(loaded: LoadedModel, text: string, backend: Backend) {
  const src = loaded.source.encode(text).ids;
  const tgt = loaded.target.encode([...text].reverse().join("")).ids;
  if (new Set(src).size !== src.length || src.some((id) => id < specialTokens.length)) {
    throw new Error(
      `gradient-path: expected ${text.length} distinct known letters for ${loaded.name}, got ids [${src}]`,
    );
  }
  return { batch: makeTrainingBatch(backend, [{ src, tgt }]), ids: src };
}

/**
 * Norm of d(loss)/d(embedding) at each source position of a one-input batch whose source tokens
 * are all distinct: row `ids[i]` of the source table's gradient (and row <eos> for the last).
 * "first": cross-entropy of the first target token; "whole": of every target token.
 */
async function positionNorms(
  model: Seq2Seq,
  batch: TrainingBatch,
  ids: readonly number[],
  loss: GradientLoss,
): Promise<number[]> {
  const table = model.params.get("src_embed.weight");
  if (!table) throw new Error("gradient-path: expected the model to have src_embed.weight");
  const grad = tidy(() => {
    const tape = new Tape();
    const value = tape.record(() => {
      const logits = model.forward(batch); // [1, T, Vt]
      if (loss === "whole") return ops.crossEntropy(logits, batch.tgtOut); // []
      const first = ops.slice(logits, 1, 0, 1); // [1, 1, Vt]
      return ops.crossEntropy(first, ops.slice(batch.tgtOut, 1, 0, 1)); // []
    });
    return ops.keep(tape.backward(value, [table]).get(table)!); // [V, E]
  });
  try {
    const host = await grad.toArray();
    const dim = table.shape[1];
    return [...ids, EOS].map((id) => {
      let sq = 0;
      for (let c = 0; c < dim; c++) sq += host[id * dim + c] ** 2;
      return Math.sqrt(sq);
    });
  } finally {
    grad.dispose();
  }
}

/** Element-wise mean of equal-length curves, normalized to its largest value. */
function meanNormalized(curves: readonly number[][]): number[] {
  const mean = curves[0].map((_, i) => curves.reduce((s, c) => s + c[i], 0) / curves.length);
  const top = Math.max(...mean);
  return mean.map((v) => (top > 0 ? v / top : 0));
}

/** Measures every model's gradient by position, at random init (and trained if asked). */
export async function runGradientPath(
  ctx: ExperimentContext,
  settings: GradientPathSettings,
): Promise<ExperimentFindings> {
  const texts = distinctInputs(settings.letters, settings.inputs, settings.seed);
  const runsPerModel = settings.initSeeds.length + (settings.trained ? 1 : 0);
  const total = settings.models.length * runsPerModel * texts.length;
  let done = 0;
  const init: GradientCurve[] = [];
  const trained: GradientCurve[] = [];

  /** Mean norms over the inputs for one set of weights. */
  const measure = async (
    loaded: LoadedModel,
    model: Seq2Seq,
    loss: GradientLoss,
    what: string,
  ): Promise<number[]> => {
    const sums = new Array<number>(settings.letters + 1).fill(0);
    for (const text of texts) {
      checkAborted(ctx.signal);
      ctx.progress(done++, total, what);
      const { batch, ids } = batchOf(loaded, text, ctx.backend);
      try {
        const norms = await positionNorms(model, batch, ids, loss);
        norms.forEach((v, i) => (sums[i] += v / texts.length));
      } finally {
        disposeBatch(batch);
      }
    }
    checkAborted(ctx.signal);
    return sums;
  };

  for (const { name, family } of settings.models) {
    const loaded = await loadModel(name, ctx.backend, { dir: ctx.weightsDir });
    // Per seed: mean over inputs, normalized, so every initialization weighs the same.
    const perSeed: number[][] = [];
    for (const seed of settings.initSeeds) {
      const model = makeModel(loaded.config, new ParamStore(ctx.backend, { seed }));
      try {
        const sums = await measure(loaded, model, "first", `${name}, random init (seed ${seed})`);
        perSeed.push(meanNormalized([sums]));
      } finally {
        disposeModel(model);
      }
    }
    init.push({ model: name, family, weights: "init", norms: meanNormalized(perSeed) });
    if (settings.trained) {
      // The loaded model is cached by the registry for later commands: not disposed here.
      const sums = await measure(loaded, loaded.model, "whole", `${name}, trained`);
      trained.push({ model: name, family, weights: "trained", norms: meanNormalized([sums]) });
    }
  }
  ctx.progress(total, total, "done");

  const { headline, conclusion } = concludeGradientPath(init);
  const trainedRnn = trained.find((c) => c.family === "rnn");
  const positions = settings.letters + 1;
  const x = Array.from({ length: positions }, (_, i) => i + 1);
  const short = (c: GradientCurve) => c.model.replace(/^reverse-/, "");
  const cell = (v: number) => formatRatio(v);
  const perPosition = (curves: GradientCurve[], title: Bilingual): ExperimentTable => ({
    title,
    columns: ["position", "steps to end", ...curves.map(short)],
    rows: x.map((p, i) => [
      p === positions ? `${p} <eos>` : p,
      positions - p,
      ...curves.map((c) => cell(c.norms[i])),
    ]),
  });
  const summaryRows = [...init, ...trained].map((c) => {
    const d = letterDecay(c);
    return [
      short(c),
      c.weights === "init" ? "random init" : "trained",
      c.weights === "init" ? "first token" : "whole target",
      cell(d.firstOverLast),
      d.perStep.toFixed(3),
    ];
  });
  const tables: ExperimentTable[] = [
    perPosition(init, {
      en:
        `|d loss / d embedding| at each source position, normalized to the largest (random init, loss of the first target token, mean of ${settings.inputs} inputs x ${settings.initSeeds.length} init seed(s))`,
      ko:
        `입력 위치별 |d loss / d 임베딩(embedding)|, 가장 큰 값을 1로 정규화 (무작위 초기화, 첫 정답 토큰의 손실, 입력 ${settings.inputs}개 x 초기화 시드 ${settings.initSeeds.length}개 평균)`,
    }),
  ];
  if (trained.length > 0) {
    tables.push(perPosition(trained, {
      en:
        `the same for the shipped trained weights (loss of the whole target, mean of ${settings.inputs} inputs)`,
      ko: `학습된 배포 가중치에서 같은 값 (정답 전체의 손실, 입력 ${settings.inputs}개 평균)`,
    }));
  }
  tables.push({
    title: {
      en:
        "decay from the last position to the first: first/last ratio and fitted factor per step (1 = no decay)",
      ko:
        "마지막 위치에서 첫 위치까지의 감쇠: 첫/마지막 비율과 한 단계당 맞춘(fitted) 감쇠율 (1 = 감쇠 없음)",
    },
    columns: ["model", "weights", "loss", "first/last", "x per step"],
    rows: summaryRows,
  });
  const chartOf = (curves: GradientCurve[], title: Bilingual) => ({
    title,
    xLabel: `source position (${positions} = <eos>, read last)`,
    yLabel: "log10(|grad| / max)",
    series: curves.map((c) => ({
      name: c.model,
      x,
      y: c.norms.map((v) => Math.log10(Math.max(v, 1e-30))),
    })),
  });
  const charts = [chartOf(init, {
    en: "gradient norm against source position, random init (log10, 0 = largest)",
    ko: "입력 위치에 따른 기울기 크기, 무작위 초기화 (log10, 0 = 최댓값)",
  })];
  const notes: Bilingual[] = [{
    en:
      `The conclusion reads randomly initialized models of the shipped models' sizes: at initialization the gradient's shape shows the architecture's paths alone. A trained model's gradient also shows what the task needs: reverse's first output letter is the last input letter, so any trained model's first-token gradient piles up there.`,
    ko:
      `결론은 배포 모델과 같은 크기의 무작위 초기화 모델에서 읽습니다. 초기화 상태의 기울기 모양은 구조의 경로만 보여 주기 때문입니다. 학습된 모델의 기울기에는 과제가 필요로 하는 것도 섞입니다. reverse의 첫 출력 글자는 마지막 입력 글자이므로, 어떤 구조든 학습된 모델의 첫 토큰 기울기는 그곳에 몰립니다.`,
  }, {
    en:
      `Loss: cross-entropy of the first target token, which reads the source through the encoder's final state (GRU: position i is ${positions} - i recurrent steps from it) or through one attention step (Transformer, GRU + Bahdanau). Each input has ${settings.letters} distinct letters, so the gradient of the source embedding row of the letter at position i is the gradient at position i.`,
    ko:
      `손실(loss)은 첫 정답 토큰의 교차 엔트로피(cross-entropy)입니다. 이 토큰은 인코더의 마지막 상태를 통해(GRU: 위치 i는 ${positions} - i 순환 단계 떨어짐) 또는 어텐션 한 단계를 통해(Transformer, GRU + Bahdanau) 입력을 읽습니다. 입력마다 서로 다른 글자 ${settings.letters}개를 쓰므로, 위치 i 글자의 임베딩 행에 대한 기울기가 곧 위치 i의 기울기입니다.`,
  }];
  if (trained.length > 0) {
    notes.push(describeTrained(init, trained));
    charts.push(chartOf(trained, {
      en: "gradient norm against source position, trained weights (log10, 0 = largest)",
      ko: "입력 위치에 따른 기울기 크기, 학습된 가중치 (log10, 0 = 최댓값)",
    }));
  }
  return {
    settings: {
      task: "reverse",
      letters: settings.letters,
      positions,
      inputs: settings.inputs,
      initSeeds: settings.initSeeds,
      trained: settings.trained,
      seed: settings.seed,
      models: settings.models.map((m) => m.name),
      lossInit: "first target token",
      lossTrained: "whole target",
    },
    tables,
    charts,
    headline: {
      ...headline,
      trainedRnnFirstOverLast: trainedRnn ? letterDecay(trainedRnn).firstOverLast : null,
    },
    conclusion,
    notes,
  };
}

export const gradientPathExperiment: Experiment = {
  name: "gradient-path",
  claim: {
    en:
      "In an RNN token 1 is n steps from the end, so its gradient vanishes with distance; self-attention is one step from every token.",
    ko:
      "RNN에서 1번 토큰은 끝에서 n단계 떨어져 있어 거리가 멀수록 기울기가 사라지고, 셀프 어텐션에서는 모든 토큰이 한 단계 거리다.",
  },
  run: (ctx) =>
    runGradientPath(ctx, ctx.quick ? gradientPathSettings.quick : gradientPathSettings.full),
};
