/**
 * `experiment parallel`: an RNN needs n dependent steps for n tokens (h_t needs h_{t-1}), while
 * self-attention computes every position at once (Vaswani et al. 2017, sec. 4 and table 1:
 * O(n) sequential operations for a recurrent layer, O(1) for self-attention), which suits GPUs.
 *
 * Measured with the engine's own models on the chosen backend: a GRU encoder and a Transformer
 * encoder of the same width (hidden = d_model), random weights, one batch of the same sources,
 * timed at every length n with the bench helpers (GPU timestamps where the runtime has them, and
 * the wall clock around record + submit + wait); then one training step of each whole Seq2Seq
 * (forward, backward, Adam) at one length, as `bench train` times it, in tokens/s.
 */
import type { Backend } from "../engine/backend/contract.ts";
import { tidy } from "../engine/mod.ts";
import { type ModelConfig, rnnDefaults, transformerDefaults } from "../models/config.ts";
import { makeModel } from "../models/make_model.ts";
import type { Seq2Seq } from "../models/model.ts";
import { ParamStore } from "../models/weights/param_store.ts";
import { makeSourceBatch } from "../models/decode/greedy.ts";
import { Transformer } from "../models/transformer.ts";
import { disposeModel } from "../train/trainer.ts";
import { measureOp } from "../measure/measure_op.ts";
import { sourceRows } from "../bench/models_suite.ts";
import { runTrainSuite, type TrainBenchResult } from "../bench/train_suite.ts";
import { crossings, logLogSlope } from "../measure/fit.ts";
import {
  type Bilingual,
  checkAborted,
  type Experiment,
  type ExperimentContext,
  type ExperimentFindings,
} from "./experiment.ts";

/** What {@link runParallel} measures. */
export interface ParallelSettings {
  /** Source lengths n (tokens + <eos>), ascending. */
  lengths: number[];
  /** Sequences encoded together. */
  batch: number;
  /** d_model of the Transformer = embedding and hidden width of the GRU. */
  width: number;
  /** Timed repetitions per length (the median is reported). */
  reps: number;
  /** Source and target length of the training step (tokens + <eos> / <bos>). */
  trainLength: number;
  /** Sequences per training step. */
  trainBatch: number;
  /** Timed repetitions of the training step, each `trainSteps` steps long. */
  trainReps: number;
  trainSteps: number;
}

const lengthsByDoubling = [8, 16, 32, 64, 128, 256, 512, 1024];
/** 8 to 1024 in steps of sqrt(2). */
const lengthsBySqrt2 = Array.from({ length: 15 }, (_, i) => Math.round(8 * 2 ** (i / 2)));

export const parallelSettings = {
  quick: {
    lengths: lengthsByDoubling,
    batch: 1,
    width: 64,
    reps: 5,
    trainLength: 64,
    trainBatch: 16,
    trainReps: 3,
    trainSteps: 1,
  },
  full: {
    lengths: lengthsBySqrt2,
    batch: 1,
    width: 64,
    reps: 7,
    trainLength: 64,
    trainBatch: 16,
    trainReps: 5,
    trainSteps: 4,
  },
} satisfies Record<string, ParallelSettings>;

/** The numbers the conclusion is drawn from. */
export interface ParallelData {
  /** Backend the numbers come from ("webgpu" or "cpu"). */
  backend: string;
  /** Which clock the encoder times come from: GPU timestamps or the wall clock. */
  clock: "gpu" | "wall";
  lengths: number[];
  /** Encoder ms per batch at each length, on `clock`. */
  gruMs: number[];
  transformerMs: number[];
  /** With clock "gpu": the wall-clock times too (host recording + submit + wait). */
  wall?: { gruMs: number[]; transformerMs: number[] };
  trainLength: number;
  gruTokensPerSecond: number;
  transformerTokensPerSecond: number;
}

/** One family is faster when it takes this many times less time (or trains this much faster). */
const RATIO = 1.5;

/**
 * The conclusion from the data alone: which encoder is faster at the longest n (and where the
 * curves cross), and which model trains more tokens per second.
 */
export function concludeParallel(data: ParallelData): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  const { lengths, gruMs, transformerMs } = data;
  if (
    lengths.length < 2 || gruMs.length !== lengths.length ||
    transformerMs.length !== lengths.length
  ) {
    throw new Error(
      `parallel: expected GRU and Transformer times at two or more lengths, got ${lengths.length} lengths, ${gruMs.length} and ${transformerMs.length} times`,
    );
  }
  const last = lengths.length - 1;
  const shortest = lengths[0];
  const longest = lengths[last];
  const encoderRatio = gruMs[last] / transformerMs[last]; // > 1: the Transformer is faster
  const trainRatio = data.transformerTokensPerSecond / data.gruTokensPerSecond; // > 1: likewise
  const wallRatio = data.wall ? data.wall.gruMs[last] / data.wall.transformerMs[last] : null;
  // Transformer "above" the GRU = slower; the last crossing decides who is faster at long n.
  const crosses = crossings(lengths, transformerMs, gruMs);
  const lastCross = crosses.at(-1);
  const after = lastCross?.from === "above" ? "Transformer" : "GRU";
  const before = after === "GRU" ? "Transformer" : "GRU";
  const gruSlope = logLogSlope(lengths, gruMs);
  const transformerSlope = logLogSlope(lengths, transformerMs);
  const headline = {
    backend: data.backend,
    clock: data.clock,
    longest,
    gruMsAtLongest: gruMs[last],
    transformerMsAtLongest: transformerMs[last],
    encoderRatio,
    wallRatio,
    crossoverN: lastCross ? Math.round(lastCross.x) : null,
    crossovers: crosses.map((c) => Math.round(c.x)).join(", "),
    fasterAfterCrossover: lastCross ? after.toLowerCase() : null,
    gruSlope,
    transformerSlope,
    trainLength: data.trainLength,
    gruTokensPerSecond: data.gruTokensPerSecond,
    transformerTokensPerSecond: data.transformerTokensPerSecond,
    trainRatio,
  };

  const ms = (v: number) => (v >= 10 ? v.toFixed(0) : v.toPrecision(2));
  const times = (r: number) => (r >= 1 ? r : 1 / r).toPrecision(2);
  const tokens = (v: number) => (v >= 1000 ? `${(v / 1000).toPrecision(3)}k` : v.toFixed(0));
  const where = {
    en: `on ${data.backend} (${data.clock === "gpu" ? "GPU timestamps" : "wall clock"})`,
    ko: `${data.backend}에서(${
      data.clock === "gpu" ? "GPU 타임스탬프" : "벽시계 시간(wall clock)"
    })`,
  };
  const faster = (r: number) => (r >= 1 ? "Transformer" : "GRU");
  const byWall = wallRatio === null ? { en: "", ko: "" } : {
    en: `; ${times(wallRatio)}x, ${faster(wallRatio)} faster by the wall clock`,
    ko: `, 벽시계 시간으로는 ${faster(wallRatio)}가 ${times(wallRatio)}배 빠름`,
  };
  const encoderFact = {
    en: `at n = ${longest} the GRU encoder takes ${ms(gruMs[last])} ms and the Transformer's ${
      ms(transformerMs[last])
    } ms (${times(encoderRatio)}x, ${faster(encoderRatio)} faster${byWall.en})`,
    ko: `n = ${longest}에서 GRU 인코더는 ${ms(gruMs[last])} ms, Transformer 인코더는 ${
      ms(transformerMs[last])
    } ms가 걸립니다(${faster(encoderRatio)}가 ${times(encoderRatio)}배 빠름${byWall.ko})`,
  };
  const slopeFact = {
    en: `time grows as n^${gruSlope.toFixed(2)} for the GRU and n^${
      transformerSlope.toFixed(2)
    } for the Transformer`,
    ko: `시간은 GRU가 n^${gruSlope.toFixed(2)}, Transformer가 n^${
      transformerSlope.toFixed(2)
    }에 비례해 늘어납니다`,
  };
  const at = (c: { x: number }) => Math.round(c.x);
  const crossFact: Bilingual = !lastCross
    ? transformerMs[0] < gruMs[0]
      ? {
        en:
          `the Transformer is faster at every n from ${shortest} to ${longest} (no crossover in this range)`,
        ko:
          `n = ${shortest}부터 ${longest}까지 내내 Transformer가 빠릅니다(이 범위에는 교차점(crossover)이 없습니다)`,
      }
      : {
        en:
          `the GRU is faster at every n from ${shortest} to ${longest} (no crossover in this range)`,
        ko:
          `n = ${shortest}부터 ${longest}까지 내내 GRU가 빠릅니다(이 범위에는 교차점(crossover)이 없습니다)`,
      }
    : crosses.length === 1
    ? {
      en: `the ${before} is faster up to n = ${at(lastCross)}, where the ${after} overtakes it`,
      ko: `n = ${at(lastCross)}까지는 ${before}가 빠르고 그 뒤로 ${after}가 앞섭니다`,
    }
    : {
      en: `the curves cross ${crosses.length} times (n = ${crosses.map(at).join(", ")}); from n = ${
        at(lastCross)
      } on the ${after} is faster`,
      ko: `두 곡선이 ${crosses.length}번 교차하고(n = ${crosses.map(at).join(", ")}), n = ${
        at(lastCross)
      }부터는 ${after}가 빠릅니다`,
    };
  const trainFact = {
    en: `in training at length ${data.trainLength} the GRU does ${
      tokens(data.gruTokensPerSecond)
    } tokens/s and the Transformer ${tokens(data.transformerTokensPerSecond)}`,
    ko: `길이 ${data.trainLength} 학습에서는 GRU가 초당 ${
      tokens(data.gruTokensPerSecond)
    } 토큰, Transformer가 ${tokens(data.transformerTokensPerSecond)} 토큰을 처리합니다`,
  };

  const encoderSays = encoderRatio >= RATIO ? 1 : encoderRatio <= 1 / RATIO ? -1 : 0;
  const trainSays = trainRatio >= RATIO ? 1 : trainRatio <= 1 / RATIO ? -1 : 0;
  let conclusion: Bilingual;
  if (encoderSays > 0 && trainSays > 0) {
    conclusion = {
      en:
        `Parallel processing wins ${where.en}: ${encoderFact.en}; ${crossFact.en}; ${slopeFact.en}; ${trainFact.en}. The GRU's n dependent steps cost more than attending to all positions at once.`,
      ko:
        `${where.ko} 병렬 처리가 이깁니다. ${encoderFact.ko}. ${crossFact.ko}. ${slopeFact.ko}. ${trainFact.ko}. GRU의 n개 순차 단계가 모든 위치를 한 번에 보는 어텐션보다 비쌉니다.`,
    };
  } else if (encoderSays < 0 && trainSays < 0) {
    conclusion = {
      en:
        `This run contradicts the claim ${where.en}: ${encoderFact.en}; ${crossFact.en}; ${slopeFact.en}; ${trainFact.en}. Here the GRU's n sequential steps cost less than the Transformer's extra work.`,
      ko:
        `${where.ko} 이번 측정은 주장과 반대입니다. ${encoderFact.ko}. ${crossFact.ko}. ${slopeFact.ko}. ${trainFact.ko}. 이 장치에서는 GRU의 n개 순차 단계가 Transformer의 추가 연산보다 쌉니다.`,
    };
  } else if (encoderSays === 0 && trainSays === 0) {
    conclusion = {
      en:
        `Neither family is clearly faster ${where.en}: ${encoderFact.en}; ${crossFact.en}; ${slopeFact.en}; ${trainFact.en}. No speed difference shows at these sizes.`,
      ko:
        `${where.ko} 어느 쪽도 뚜렷하게 빠르지 않습니다. ${encoderFact.ko}. ${crossFact.ko}. ${slopeFact.ko}. ${trainFact.ko}. 이 크기에서는 속도 차이가 보이지 않습니다.`,
    };
  } else {
    conclusion = {
      en:
        `The evidence is mixed ${where.en}: ${encoderFact.en}; ${crossFact.en}; ${slopeFact.en}; but ${trainFact.en}. Encoding and training do not agree in this run.`,
      ko:
        `${where.ko} 결과가 엇갈립니다. ${encoderFact.ko}. ${crossFact.ko}. ${slopeFact.ko}. 하지만 ${trainFact.ko}. 이번 실행에서는 인코딩과 학습이 같은 방향을 가리키지 않습니다.`,
    };
  }
  return { headline, conclusion };
}

/** The two families at the same width: a plain GRU Seq2Seq and the default Transformer. */
function configs(settings: ParallelSettings): { gru: ModelConfig; transformer: ModelConfig } {
  const common = {
    srcVocab: 120,
    tgtVocab: 120,
    dropout: 0,
    task: "",
    maxLen: Math.max(...settings.lengths, settings.trainLength) + 1,
  };
  const d = settings.width;
  return {
    gru: { ...rnnDefaults, ...common, attention: "none", embed: d, hidden: d },
    transformer: { ...transformerDefaults, ...common, dModel: d, ffn: 4 * d },
  };
}

/** Records the encoder alone: the Transformer's memory, the GRU's states (no attention keys). */
function encode(model: Seq2Seq, batch: ReturnType<typeof makeSourceBatch>): void {
  if (model instanceof Transformer) model.encode(batch);
  else model.startDecoding(batch);
}

/** One encoder's times at one length. */
interface EncoderPoint {
  /** Median ms per batch by GPU timestamps, or null when the backend has none. */
  gpuMs: number | null;
  wallMs: number;
  /** Kernels dispatched for one encode. */
  dispatches: number;
}

async function timeEncoder(
  ctx: ExperimentContext,
  model: Seq2Seq,
  n: number,
  settings: ParallelSettings,
): Promise<EncoderPoint> {
  const { backend } = ctx;
  const batch = makeSourceBatch(backend, sourceRows(settings.batch, n, model.config.srcVocab));
  try {
    const op = () => tidy(() => encode(model, batch));
    // One untimed encode: compiles pipelines, fills the pool, and counts the dispatches.
    const before = backend.stats.dispatches;
    op();
    const dispatches = backend.stats.dispatches - before;
    await backend.sync();
    const m = await measureOp(backend, op, {
      reps: settings.reps,
      warmup: 0,
      targetMs: 30,
      signal: ctx.signal,
    });
    return {
      gpuMs: m.timing === "gpu" ? m.medianMs : null,
      wallMs: m.wallMedianMs,
      dispatches,
    };
  } finally {
    batch.src.dispose();
  }
}

function parameterCount(model: Seq2Seq): number {
  let n = 0;
  for (const t of model.params.values()) n += t.size;
  return n;
}

/** Times both encoders at every length, then a training step of each model. */
export async function runParallel(
  ctx: ExperimentContext,
  settings: ParallelSettings,
): Promise<ExperimentFindings> {
  const { backend } = ctx;
  const lengths = settings.lengths;
  if (lengths.length < 2 || lengths.some((n, i) => !(n >= 2) || (i > 0 && n <= lengths[i - 1]))) {
    throw new Error(
      `parallel: expected two or more ascending lengths of at least 2, got [${lengths.join(", ")}]`,
    );
  }
  const families = configs(settings);
  const total = 2 * lengths.length + 2;
  let done = 0;
  const points: Record<"gru" | "transformer", EncoderPoint[]> = { gru: [], transformer: [] };
  const params = { gru: 0, transformer: 0 };
  for (const family of ["gru", "transformer"] as const) {
    checkAborted(ctx.signal);
    const model = makeModel(families[family], new ParamStore(backend, { seed: 1 }));
    try {
      params[family] = parameterCount(model);
      for (const n of lengths) {
        checkAborted(ctx.signal);
        ctx.progress(done++, total, `${family} encoder, n = ${n}`);
        points[family].push(await timeEncoder(ctx, model, n, settings));
      }
    } finally {
      disposeModel(model);
    }
  }

  const training = {} as Record<"gru" | "transformer", TrainBenchResult>; // both filled below
  for (const family of ["gru", "transformer"] as const) {
    checkAborted(ctx.signal);
    ctx.progress(done++, total, `${family} training step, length ${settings.trainLength}`);
    const report = await runTrainSuite(backend, {
      cases: [{
        name: family,
        config: families[family],
        batch: settings.trainBatch,
        tokens: settings.trainLength - 1,
      }],
      reps: settings.trainReps,
      stepsPerRep: settings.trainSteps,
      signal: ctx.signal,
    });
    training[family] = report.results[0] as TrainBenchResult;
  }
  ctx.progress(total, total, "done");

  // The clock the conclusion reads: GPU timestamps when every point has them, else wall time.
  const all = [...points.gru, ...points.transformer];
  const clock = all.every((p) => p.gpuMs !== null) ? "gpu" : "wall";
  const msOf = (p: EncoderPoint) => (clock === "gpu" ? p.gpuMs! : p.wallMs);
  const data: ParallelData = {
    backend: backend.name,
    clock,
    lengths: [...lengths],
    gruMs: points.gru.map(msOf),
    transformerMs: points.transformer.map(msOf),
    ...(clock === "gpu"
      ? {
        wall: {
          gruMs: points.gru.map((p) => p.wallMs),
          transformerMs: points.transformer.map((p) => p.wallMs),
        },
      }
      : {}),
    trainLength: settings.trainLength,
    gruTokensPerSecond: training.gru.value!,
    transformerTokensPerSecond: training.transformer.value!,
  };
  const { headline, conclusion } = concludeParallel(data);
  return findingsOf(settings, data, { points, training, params, backend }, {
    headline,
    conclusion,
  });
}

const round = (v: number | null, digits = 3) => v === null ? null : Number(v.toPrecision(digits));

function findingsOf(
  settings: ParallelSettings,
  data: ParallelData,
  measured: {
    points: Record<"gru" | "transformer", EncoderPoint[]>;
    training: Record<"gru" | "transformer", TrainBenchResult>;
    params: Record<"gru" | "transformer", number>;
    backend: Backend;
  },
  drawn: ReturnType<typeof concludeParallel>,
): ExperimentFindings {
  const { points, training, params } = measured;
  const cfg = configs(settings);
  const transformerLayers = cfg.transformer.arch === "transformer"
    ? cfg.transformer.encoderLayers
    : 0;
  const gruLayers = cfg.gru.arch === "gru" ? cfg.gru.layers : 0;
  const clockName = data.clock === "gpu"
    ? { en: "GPU timestamps", ko: "GPU 타임스탬프" }
    : { en: "wall clock", ko: "벽시계 시간(wall clock)" };
  const adapter = measured.backend.name === "webgpu" ? measured.backend.deviceName : "";
  const notes: Bilingual[] = [
    {
      en:
        `Random-init models (fixed seed, no dropout): timing does not depend on the weights. GRU: embedding = hidden = ${settings.width}, ${gruLayers} layer, no attention (${params.gru} parameters). Transformer: d_model ${settings.width}, ${
          cfg.transformer.arch === "transformer" ? cfg.transformer.heads : 0
        } heads, ${transformerLayers} encoder + ${transformerLayers} decoder layers, FFN ${
          4 * settings.width
        } (${params.transformer} parameters).`,
      ko:
        `무작위 초기화 모델(고정 시드, 드롭아웃 없음)입니다. 시간은 가중치 값과 무관합니다. GRU: 임베딩 = 은닉 크기 = ${settings.width}, ${gruLayers}층, 어텐션 없음(파라미터 ${params.gru}개). Transformer: d_model ${settings.width}, 헤드 ${
          cfg.transformer.arch === "transformer" ? cfg.transformer.heads : 0
        }개, 인코더 ${transformerLayers}층 + 디코더 ${transformerLayers}층, FFN ${
          4 * settings.width
        }(파라미터 ${params.transformer}개).`,
    },
    {
      en:
        `Dependent steps: the GRU's h_t needs h_(t-1), so n positions take n x ${gruLayers} steps one after another; each Transformer layer handles all n positions in one pass (${transformerLayers} steps at any n). Dispatches are the kernels the engine launched for one encode, as it runs the GRU today.`,
      ko:
        `의존 단계: GRU의 h_t는 h_(t-1)이 있어야 계산되므로 n개 위치에 n x ${gruLayers}단계를 차례로 밟습니다. Transformer는 층마다 n개 위치를 한 번에 처리합니다(n과 상관없이 ${transformerLayers}단계). 디스패치(dispatch)는 인코딩 한 번에 엔진이 실행한 커널 수이며, 지금 엔진이 GRU를 돌리는 방식 그대로 쟀습니다.`,
    },
  ];
  const gruDispatches = points.gru.map((p) => p.dispatches);
  if (gruDispatches.every((d) => d === gruDispatches[0])) {
    notes.push({
      en: `The engine runs the GRU's whole sequence in ${
        gruDispatches[0]
      } dispatches at every n: its n steps became a loop inside one kernel, which still runs them one after another (each step waits for the previous h).`,
      ko: `엔진은 GRU의 전체 시퀀스를 n과 상관없이 디스패치 ${
        gruDispatches[0]
      }번으로 돌립니다. n개 단계가 커널 하나 안의 반복문이 되었을 뿐, 여전히 하나씩 차례로 실행됩니다(각 단계가 이전 h를 기다립니다).`,
    });
  } else {
    notes.push({
      en: `The engine launches kernels for every GRU step: ${gruDispatches[0]} dispatches at n = ${
        data.lengths[0]
      }, ${gruDispatches.at(-1)} at n = ${data.lengths.at(-1)}.`,
      ko: `엔진은 GRU 단계마다 커널을 실행합니다. n = ${data.lengths[0]}에서 디스패치 ${
        gruDispatches[0]
      }번, n = ${data.lengths.at(-1)}에서 ${gruDispatches.at(-1)}번입니다.`,
    });
  }
  if (/llvmpipe|lavapipe/i.test(adapter)) {
    notes.push({
      en:
        "llvmpipe is a software GPU: its parallel lanes are SIMD lanes on this machine's CPU cores, so attention has far less parallel hardware to fill than on a real GPU, and each dispatch costs tens of microseconds.",
      ko:
        "llvmpipe는 소프트웨어 GPU라서 병렬 레인(lane)이 이 컴퓨터 CPU 코어의 SIMD 레인입니다. 실제 GPU보다 어텐션이 채울 병렬 하드웨어가 훨씬 적고, 디스패치 하나에 수십 마이크로초가 듭니다.",
    });
  }
  const ratioOf = (i: number) => data.gruMs[i] / data.transformerMs[i];
  const trainRow = (family: "gru" | "transformer", name: string) => {
    const r = training[family];
    return [
      name,
      params[family],
      settings.trainBatch,
      2 * settings.trainBatch * settings.trainLength,
      round(r.medianMs),
      Math.round(r.value!),
      Math.round(r.dispatches),
    ];
  };
  return {
    settings: {
      backend: data.backend,
      clock: data.clock,
      lengths: data.lengths,
      batch: settings.batch,
      width: settings.width,
      reps: settings.reps,
      trainLength: settings.trainLength,
      trainBatch: settings.trainBatch,
      trainReps: settings.trainReps,
      trainSteps: settings.trainSteps,
    },
    tables: [
      {
        title: {
          en:
            `encoder time per batch of ${settings.batch} by source length n (median of ${settings.reps}); GRU/TF on ${clockName.en}, > 1: the Transformer is faster`,
          ko:
            `입력 길이 n별 인코더 시간(배치 ${settings.batch}, ${settings.reps}회 중앙값). GRU/TF는 ${clockName.ko} 기준이며 1보다 크면 Transformer가 빠릅니다`,
        },
        columns: ["n", "GRU gpu ms", "TF gpu ms", "GRU wall ms", "TF wall ms", "GRU/TF"],
        rows: data.lengths.map((n, i) => [
          n,
          round(points.gru[i].gpuMs),
          round(points.transformer[i].gpuMs),
          round(points.gru[i].wallMs),
          round(points.transformer[i].wallMs),
          round(ratioOf(i)),
        ]),
      },
      {
        title: {
          en: "sequential work for one encode: dependent steps and kernels dispatched",
          ko: "인코딩 한 번의 순차 작업량: 의존 단계 수와 실행한 커널(dispatch) 수",
        },
        columns: ["n", "GRU steps", "TF steps", "GRU dispatches", "TF dispatches"],
        rows: data.lengths.map((n, i) => [
          n,
          n * gruLayers,
          transformerLayers,
          points.gru[i].dispatches,
          points.transformer[i].dispatches,
        ]),
      },
      {
        title: {
          en:
            `one training step of the whole Seq2Seq (forward, backward, Adam) at source and target length ${settings.trainLength}`,
          ko:
            `전체 Seq2Seq 학습 한 단계(순전파, 역전파, Adam), 입력과 출력 길이 ${settings.trainLength}`,
        },
        columns: ["model", "params", "batch", "tokens/step", "ms/step", "tokens/s", "dispatches"],
        rows: [trainRow("gru", "GRU"), trainRow("transformer", "Transformer")],
      },
    ],
    charts: [{
      title: {
        en: `encoder ms against source length n (${clockName.en}, log-log)`,
        ko: `입력 길이 n에 따른 인코더 시간 ms(${clockName.ko}, 로그-로그)`,
      },
      xLabel: "source length n",
      yLabel: "ms, log scale",
      logX: true,
      logY: true,
      series: [
        { name: "GRU encoder", x: data.lengths, y: data.gruMs },
        { name: "Transformer encoder", x: data.lengths, y: data.transformerMs },
      ],
    }],
    headline: drawn.headline,
    conclusion: drawn.conclusion,
    notes,
  };
}

export const parallelExperiment: Experiment = {
  name: "parallel",
  claim: {
    en:
      "An RNN needs n dependent steps for n tokens; self-attention computes all positions at once, which suits GPUs.",
    ko:
      "RNN은 토큰 n개에 n번의 순차 단계가 필요하지만, 셀프 어텐션(self-attention)은 모든 위치를 한 번에 계산하므로 GPU에 잘 맞는다.",
  },
  run: (ctx) => runParallel(ctx, ctx.quick ? parallelSettings.quick : parallelSettings.full),
};
