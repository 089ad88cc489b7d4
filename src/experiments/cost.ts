/**
 * `experiment cost`: self-attention costs O(n^2 d) time and, computed naively, O(n^2) memory for
 * its score matrix, while a recurrent layer costs O(n d^2) (Vaswani et al. 2017, table 1).
 * FlashAttention (Dao et al. 2022) computes the same softmax(Q K^T / sqrt(d_k)) V tiled, with an
 * online softmax over blocks of keys, so no n x n buffer ever exists.
 *
 * Measured on the chosen backend with `bench attention`'s measurement (measureAttentionCost:
 * naive and flash paths of one sequence, their medians, live bytes and max |flash - naive|) and a
 * GRU layer of the same width over the same n steps, timed with the bench helpers. Log-log slopes
 * of time and memory against n, and where the attention and GRU curves cross.
 */
import type { Backend } from "../engine/backend/contract.ts";
import { Tensor, tidy } from "../engine/mod.ts";
import { Rng } from "../engine/random.ts";
import { Gru } from "../models/gru.ts";
import { ParamStore } from "../models/weights/param_store.ts";
import { runSequence } from "../models/recurrent.ts";
import {
  type AttentionCostPoint,
  bindingLimitBytes,
  measureAttentionCost,
  squareBufferBytes,
} from "../bench/attention_suite.ts";
import { measureOp } from "../measure/measure_op.ts";
import { crossings, logLogSlope } from "../measure/fit.ts";
import {
  type Bilingual,
  checkAborted,
  type Experiment,
  type ExperimentContext,
  type ExperimentFindings,
} from "./experiment.ts";

/** What {@link runCost} measures. */
export interface CostSettings {
  /** Sequence lengths n, ascending; lengths whose [heads, n, n] buffer exceeds one binding are left out. */
  lengths: number[];
  /** Attention heads; the score buffer is heads x n x n floats. */
  heads: number;
  /** Width of a head; the GRU's hidden size is heads x dk. */
  dk: number;
  /** Timed repetitions per attention path and length (the median is reported). */
  reps: number;
  /** Timed repetitions of the GRU per length (cheap, and noisier: one workgroup on one core). */
  gruReps: number;
  seed: number;
}

/** 64 to 4096 doubling. */
const lengthsByDoubling = [64, 128, 256, 512, 1024, 2048, 4096];
/** 64 to 4096 in steps of sqrt(2). */
const lengthsBySqrt2 = Array.from({ length: 13 }, (_, i) => Math.round(64 * 2 ** (i / 2)));

export const costSettings = {
  quick: { lengths: lengthsByDoubling, heads: 1, dk: 64, reps: 3, gruReps: 7, seed: 1 },
  full: { lengths: lengthsBySqrt2, heads: 1, dk: 64, reps: 5, gruReps: 9, seed: 1 },
} satisfies Record<string, CostSettings>;

/** The numbers the conclusion is drawn from, one entry per length. */
export interface CostData {
  /** Backend the numbers come from ("webgpu" or "cpu"). */
  backend: string;
  /** Which clock the times come from: GPU timestamps or the wall clock. */
  clock: "gpu" | "wall";
  lengths: number[];
  /** heads x dk: the attention's model width and the GRU's hidden size. */
  width: number;
  heads: number;
  /** Median ms of one run at each n, on `clock`. */
  naiveMs: number[];
  flashMs: number[];
  gruMs: number[];
  /** Bytes each attention path's tensors held after one run (measured live bytes). */
  naiveBytes: number[];
  flashBytes: number[];
  /** Largest |flash - naive| over the output at each n. */
  maxAbsDiff: number[];
}

/** Two growth exponents differ when their slopes are this far apart. */
const SLOPE_GAP = 0.5;
/** A slope within this distance of 2 reads as "about quadratic". */
const QUADRATIC_BAND = 0.3;
/** Flash and naive outputs count as equal when no element differs by more (inputs in [-1, 1)). */
export const EQUAL_TOLERANCE = 1e-4;

/** max over a list, NaN if any entry is NaN (an unequal output must never read as equal). */
function maxOf(values: readonly number[]): number {
  let max = 0;
  for (const v of values) {
    if (Number.isNaN(v)) return Number.NaN;
    max = Math.max(max, v);
  }
  return max;
}

const exponent = (slope: number) => slope.toFixed(2);

function bytesText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toPrecision(3))} MiB`;
  return `${Number((bytes / 1024).toPrecision(3))} KiB`;
}

/**
 * The conclusion from the data alone: how fast naive attention's time grows against the GRU's
 * (log-log slopes), whether naive memory grows faster than flash's, whether flash's outputs equal
 * naive's, and where the attention and GRU time curves cross.
 */
export function concludeCost(data: CostData): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  const { lengths } = data;
  const series = [
    data.naiveMs,
    data.flashMs,
    data.gruMs,
    data.naiveBytes,
    data.flashBytes,
    data.maxAbsDiff,
  ];
  if (lengths.length < 2 || series.some((s) => s.length !== lengths.length)) {
    throw new Error(
      `cost: expected times, bytes and differences at two or more lengths, got ${lengths.length} lengths and series of ${
        series.map((s) => s.length).join(", ")
      }`,
    );
  }
  const last = lengths.length - 1;
  const shortest = lengths[0];
  const longest = lengths[last];
  const naiveSlope = logLogSlope(lengths, data.naiveMs);
  const flashSlope = logLogSlope(lengths, data.flashMs);
  const gruSlope = logLogSlope(lengths, data.gruMs);
  const naiveMemorySlope = logLogSlope(lengths, data.naiveBytes);
  const flashMemorySlope = logLogSlope(lengths, data.flashBytes);
  const maxAbsDiff = maxOf(data.maxAbsDiff);
  const equal = maxAbsDiff <= EQUAL_TOLERANCE;
  // Naive "below" the GRU = faster; the last crossing decides who is faster at long n.
  const crosses = crossings(lengths, data.naiveMs, data.gruMs);
  const lastCross = crosses.at(-1);
  const flashCross = crossings(lengths, data.flashMs, data.gruMs).at(-1);
  // FLOPs: attention 4 n^2 d (Q K^T and W V); a GRU 12 n d^2 (W_ih x and W_hh h, 3 gates each).
  const flopCrossoverN = 3 * data.width;
  const headline = {
    backend: data.backend,
    clock: data.clock,
    longest,
    naiveSlope,
    flashSlope,
    gruSlope,
    naiveMemorySlope,
    flashMemorySlope,
    naiveMsAtLongest: data.naiveMs[last],
    flashMsAtLongest: data.flashMs[last],
    gruMsAtLongest: data.gruMs[last],
    flashOverNaiveAtLongest: data.flashMs[last] / data.naiveMs[last],
    naiveScoreBytesAtLongest: squareBufferBytes(longest, data.heads),
    naiveBytesAtLongest: data.naiveBytes[last],
    flashBytesAtLongest: data.flashBytes[last],
    maxAbsDiff,
    equalOutputs: equal,
    crossoverN: lastCross ? Math.round(lastCross.x) : null,
    crossovers: crosses.map((c) => Math.round(c.x)).join(", "),
    fasterAfterCrossover: lastCross ? (lastCross.from === "below" ? "gru" : "naive") : null,
    flashCrossoverN: flashCross ? Math.round(flashCross.x) : null,
    flopCrossoverN,
  };

  const where = {
    en: `on ${data.backend} (${data.clock === "gpu" ? "GPU timestamps" : "wall clock"})`,
    ko: `${data.backend}에서(${
      data.clock === "gpu" ? "GPU 타임스탬프" : "벽시계 시간(wall clock)"
    })`,
  };
  const shape: Bilingual = Math.abs(naiveSlope - 2) <= QUADRATIC_BAND
    ? { en: "about quadratic", ko: "거의 제곱" }
    : naiveSlope < 2
    ? {
      en: "less than quadratic: fixed costs still weigh at short n",
      ko: "제곱보다 완만함: 짧은 n에서는 고정 비용이 아직 큽니다",
    }
    : { en: "steeper than quadratic", ko: "제곱보다 가파름" };
  const timeFact = {
    en: `naive attention time grows as n^${exponent(naiveSlope)} (${shape.en}), flash as n^${
      exponent(flashSlope)
    }, the GRU as n^${exponent(gruSlope)}`,
    ko: `naive 어텐션 시간은 n^${exponent(naiveSlope)}에 비례하고(${shape.ko}), flash는 n^${
      exponent(flashSlope)
    }, GRU는 n^${exponent(gruSlope)}에 비례합니다`,
  };
  const at = (c: { x: number }) => Math.round(c.x);
  const flops = {
    en: `counting FLOPs, 4 n^2 d = 12 n d^2 at n = 3d = ${flopCrossoverN}`,
    ko: `FLOP 수로는 4 n^2 d = 12 n d^2가 되는 n = 3d = ${flopCrossoverN}`,
  };
  const crossFact: Bilingual = !lastCross
    ? data.naiveMs[0] < data.gruMs[0]
      ? {
        en:
          `naive attention is faster than the GRU at every n from ${shortest} to ${longest} (no crossover in this range; ${flops.en})`,
        ko:
          `n = ${shortest}부터 ${longest}까지 내내 naive 어텐션이 GRU보다 빠릅니다(이 범위에는 교차점(crossover)이 없습니다. ${flops.ko})`,
      }
      : {
        en:
          `the GRU is faster than naive attention at every n from ${shortest} to ${longest} (no crossover in this range; ${flops.en})`,
        ko:
          `n = ${shortest}부터 ${longest}까지 내내 GRU가 naive 어텐션보다 빠릅니다(이 범위에는 교차점(crossover)이 없습니다. ${flops.ko})`,
      }
    : crosses.length === 1
    ? lastCross.from === "below"
      ? {
        en: `naive attention is faster than the GRU up to n = ${
          at(lastCross)
        }, the GRU beyond (${flops.en})`,
        ko: `n = ${
          at(lastCross)
        }까지는 naive 어텐션이 GRU보다 빠르고 그 뒤로는 GRU가 빠릅니다(${flops.ko})`,
      }
      : {
        en: `the GRU is faster than naive attention up to n = ${
          at(lastCross)
        }, attention beyond (${flops.en})`,
        ko: `n = ${
          at(lastCross)
        }까지는 GRU가 naive 어텐션보다 빠르고 그 뒤로는 어텐션이 빠릅니다(${flops.ko})`,
      }
    : {
      en: `the naive attention and GRU curves cross ${crosses.length} times (n = ${
        crosses.map(at).join(", ")
      }); from n = ${at(lastCross)} on the ${
        lastCross.from === "below" ? "GRU" : "attention"
      } is faster (${flops.en})`,
      ko: `naive 어텐션과 GRU 곡선이 ${crosses.length}번 교차하고(n = ${
        crosses.map(at).join(", ")
      }), n = ${at(lastCross)}부터는 ${
        lastCross.from === "below" ? "GRU가" : "어텐션이"
      } 빠릅니다(${flops.ko})`,
    };
  const memoryFact = {
    en: `naive attention holds ${bytesText(data.naiveBytes[last])} at n = ${longest} (${
      bytesText(squareBufferBytes(longest, data.heads))
    } of it the n x n scores), growing as n^${exponent(naiveMemorySlope)}; flash holds ${
      bytesText(data.flashBytes[last])
    }, growing as n^${exponent(flashMemorySlope)}`,
    ko: `naive 어텐션은 n = ${longest}에서 ${
      bytesText(data.naiveBytes[last])
    }를 쓰고(그중 n x n 점수 행렬이 ${
      bytesText(squareBufferBytes(longest, data.heads))
    }) 메모리가 n^${exponent(naiveMemorySlope)}에 비례해 늘며, flash는 ${
      bytesText(data.flashBytes[last])
    }를 쓰고 n^${exponent(flashMemorySlope)}에 비례해 늡니다`,
  };
  const diffText = Number.isNaN(maxAbsDiff) ? "NaN" : maxAbsDiff.toExponential(1);
  const tolText = EQUAL_TOLERANCE.toExponential(0);
  const equalFact = equal
    ? {
      en: `flash's outputs equal naive's (max |difference| ${diffText}, tolerance ${tolText})`,
      ko: `flash의 출력은 naive와 같습니다(최대 |차이| ${diffText}, 허용 오차 ${tolText})`,
    }
    : {
      en: `flash's outputs differ from naive's by up to ${diffText}, over the ${tolText} tolerance`,
      ko: `flash의 출력이 naive와 최대 ${diffText}만큼 달라 허용 오차 ${tolText}를 넘습니다`,
    };
  const facts = {
    en: `${timeFact.en}; ${crossFact.en}; ${memoryFact.en}; ${equalFact.en}`,
    ko: `${timeFact.ko}. ${crossFact.ko}. ${memoryFact.ko}. ${equalFact.ko}`,
  };

  const says = (gap: number) => (gap >= SLOPE_GAP ? 1 : gap <= -SLOPE_GAP ? -1 : 0);
  const timeSays = says(naiveSlope - gruSlope);
  const memorySays = says(naiveMemorySlope - flashMemorySlope);
  let conclusion: Bilingual;
  if (timeSays > 0 && memorySays > 0 && equal) {
    const flashTime = flashSlope >= naiveSlope - SLOPE_GAP
      ? {
        en: "FlashAttention removes the n x n memory, not the n^2 time",
        ko: "FlashAttention은 n x n 메모리를 없애지만 n^2 시간은 그대로입니다",
      }
      : {
        en: "FlashAttention removes the n x n memory, and here its time grew more slowly too",
        ko: "FlashAttention은 n x n 메모리를 없앴고, 이번에는 시간도 더 완만하게 늘었습니다",
      };
    conclusion = {
      en:
        `The cost claim holds ${where.en}: ${facts.en}. Attention's time grows faster with n than the recurrence's; ${flashTime.en}.`,
      ko:
        `${where.ko} 비용에 대한 주장이 맞습니다. ${facts.ko}. 어텐션의 시간은 순환(recurrence)보다 n에 따라 빠르게 늘어납니다. ${flashTime.ko}.`,
    };
  } else if (timeSays < 0 && memorySays < 0) {
    conclusion = {
      en:
        `This run contradicts the claim ${where.en}: ${facts.en}. Here the GRU's time grew faster with n than attention's, and flash's memory faster than naive's.`,
      ko:
        `${where.ko} 이번 측정은 주장과 반대입니다. ${facts.ko}. 이번에는 GRU의 시간이 어텐션보다 n에 따라 빠르게 늘었고, 메모리도 flash 쪽이 naive보다 빠르게 늘었습니다.`,
    };
  } else if (timeSays === 0 && memorySays === 0) {
    conclusion = {
      en:
        `No cost difference shows ${where.en}: ${facts.en}. At these sizes attention's n^2 term does not dominate.`,
      ko:
        `${where.ko} 비용 차이가 보이지 않습니다. ${facts.ko}. 이 크기에서는 어텐션의 n^2 항이 지배적이지 않습니다.`,
    };
  } else {
    const verdict = (s: number): Bilingual =>
      s > 0
        ? { en: "as claimed", ko: "주장대로" }
        : s < 0
        ? { en: "reversed", ko: "반대" }
        : { en: "no difference", ko: "차이 없음" };
    conclusion = {
      en: `The evidence is mixed ${where.en}: ${facts.en}. Time: ${verdict(timeSays).en}; memory: ${
        verdict(memorySays).en
      }; outputs: ${equal ? "equal" : "not equal"}.`,
      ko: `${where.ko} 결과가 엇갈립니다. ${facts.ko}. 시간: ${verdict(timeSays).ko}, 메모리: ${
        verdict(memorySays).ko
      }, 출력: ${equal ? "같음" : "다름"}.`,
    };
  }
  return { headline, conclusion };
}

/** One GRU layer's times over n steps. */
interface GruPoint {
  medianMs: number;
  wallMedianMs: number;
  timing: "gpu" | "wall";
  /** Kernels dispatched for one run. */
  dispatches: number;
}

/** Times one GRU layer (input projection + recurrence) over x [1, n, width]. */
async function timeGru(
  ctx: ExperimentContext,
  gru: Gru,
  n: number,
  settings: CostSettings,
): Promise<GruPoint> {
  const { backend } = ctx;
  const width = gru.hidden;
  const rng = new Rng(settings.seed + n);
  const values = new Float32Array(n * width);
  for (let i = 0; i < values.length; i++) values[i] = rng.uniform(-1, 1);
  const x = Tensor.from(backend, values, [1, n, width]); // [B, S, in]
  try {
    const op = () => tidy(() => void runSequence(gru, x)); // outputs [1, n, H], freed
    // One untimed run: compiles pipelines, fills the pool, and counts the dispatches.
    const before = backend.stats.dispatches;
    op();
    const dispatches = backend.stats.dispatches - before;
    await backend.sync();
    const m = await measureOp(backend, op, {
      reps: settings.gruReps,
      warmup: 0,
      signal: ctx.signal,
    });
    return { medianMs: m.medianMs, wallMedianMs: m.wallMedianMs, timing: m.timing, dispatches };
  } finally {
    x.dispose();
  }
}

/** The attention points of one length, or an error naming what is missing. */
function pathPoint(points: AttentionCostPoint[], path: "naive" | "flash", n: number) {
  const point = points.find((p) => p.path === path && p.n === n);
  if (!point) throw new Error(`cost: expected a ${path} measurement at n = ${n}, got none`);
  return point;
}

/** Times naive and flash attention and a GRU layer at every length. */
export async function runCost(
  ctx: ExperimentContext,
  settings: CostSettings,
): Promise<ExperimentFindings> {
  const { backend } = ctx;
  const { heads, dk } = settings;
  const asked = settings.lengths;
  if (
    asked.length < 2 ||
    asked.some((n, i) => !Number.isInteger(n) || n < 2 || (i > 0 && n <= asked[i - 1]))
  ) {
    throw new Error(
      `cost: expected two or more ascending integer lengths of at least 2, got [${
        asked.join(", ")
      }]`,
    );
  }
  // Naive attention binds one [heads, n, n] buffer: lengths beyond the device's limit are left out.
  const limit = bindingLimitBytes(backend);
  const lengths = asked.filter((n) => squareBufferBytes(n, heads) <= limit);
  const dropped = asked.filter((n) => !lengths.includes(n));
  if (lengths.length < 2) {
    throw new Error(
      `cost: expected two or more lengths whose [${heads}, n, n] scores fit the ${
        bytesText(limit)
      } binding limit, got [${lengths.join(", ")}]`,
    );
  }
  const width = heads * dk;
  const total = 2 * lengths.length;
  let done = 0;
  const attention: AttentionCostPoint[] = [];
  const gruPoints: GruPoint[] = [];
  const store = new ParamStore(backend, { seed: settings.seed });
  try {
    const gru = new Gru(store, "gru", { inputSize: width, hidden: width, layers: 1 });
    for (const n of lengths) {
      checkAborted(ctx.signal);
      ctx.progress(done++, total, `naive and flash attention, n = ${n}`);
      const cost = await measureAttentionCost({
        backend,
        lengths: [n],
        heads,
        dk,
        paths: ["naive", "flash"],
        reps: settings.reps,
        signal: ctx.signal,
      });
      attention.push(pathPoint(cost.points, "naive", n), pathPoint(cost.points, "flash", n));
      checkAborted(ctx.signal);
      ctx.progress(done++, total, `GRU layer, n = ${n}`);
      gruPoints.push(await timeGru(ctx, gru, n, settings));
    }
  } finally {
    for (const t of store.params.values()) t.dispose();
  }
  ctx.progress(total, total, "done");

  const naive = lengths.map((n) => pathPoint(attention, "naive", n));
  const flash = lengths.map((n) => pathPoint(attention, "flash", n));
  // The clock the conclusion reads: GPU timestamps when every point has them, else wall time.
  const clock = [...naive, ...flash, ...gruPoints].every((p) => p.timing === "gpu")
    ? "gpu"
    : "wall";
  const msOf = (p: { medianMs: number; wallMedianMs: number }) =>
    clock === "gpu" ? p.medianMs : p.wallMedianMs;
  const data: CostData = {
    backend: backend.name,
    clock,
    lengths,
    width,
    heads,
    naiveMs: naive.map(msOf),
    flashMs: flash.map(msOf),
    gruMs: gruPoints.map(msOf),
    naiveBytes: naive.map((p) => p.allocatedBytes),
    flashBytes: flash.map((p) => p.allocatedBytes),
    maxAbsDiff: flash.map((p) => p.maxAbsDiff ?? Number.NaN),
  };
  const drawn = concludeCost(data);
  return findingsOf(settings, data, { flash, gruPoints, dropped, backend }, drawn);
}

const round = (v: number, digits = 3) => Number(v.toPrecision(digits));
const kib = (bytes: number) => round(bytes / 1024);

function findingsOf(
  settings: CostSettings,
  data: CostData,
  measured: {
    flash: AttentionCostPoint[];
    gruPoints: GruPoint[];
    dropped: number[];
    backend: Backend;
  },
  drawn: ReturnType<typeof concludeCost>,
): ExperimentFindings {
  const { lengths, width, heads } = data;
  const clockName = data.clock === "gpu"
    ? { en: "GPU timestamps", ko: "GPU 타임스탬프" }
    : { en: "wall clock", ko: "벽시계 시간(wall clock)" };
  const notes: Bilingual[] = [
    {
      en: `Self-attention of one sequence of n tokens, ${heads} head${
        heads === 1 ? "" : "s"
      } of d_k ${settings.dk}, batch 1, no mask, inputs in [-1, 1): the attention itself, without the Q/K/V projections. naive writes the scores [h, n, n] and the softmax weights [h, n, n] (scaledDotProductAttention); flash (Dao et al. 2022) runs an online softmax over blocks of keys and keeps only the output and one log-sum-exp per row. GRU: one layer of hidden = input = ${width}, batch 1: the input projection for all n steps, then the recurrence.`,
      ko:
        `토큰 n개짜리 시퀀스 하나의 셀프 어텐션(self-attention)입니다. 헤드 ${heads}개, d_k ${settings.dk}, 배치 1, 마스크 없음, 입력은 [-1, 1) 범위이며 Q/K/V 투영 없이 어텐션 자체만 쟀습니다. naive는 점수 [h, n, n]와 softmax 가중치 [h, n, n]를 메모리에 씁니다(scaledDotProductAttention). flash(Dao et al. 2022)는 키를 블록 단위로 훑는 온라인 softmax(online softmax)로 계산해 출력과 행마다 log-sum-exp 하나만 남깁니다. GRU: 은닉 크기 = 입력 크기 = ${width}인 한 층, 배치 1이며, n단계 전체의 입력 투영 뒤에 순환(recurrence)을 돕니다.`,
    },
    {
      en:
        `Counting FLOPs, attention does 4 n^2 d (Q K^T and W V) and a GRU layer 12 n d^2 (W_ih x and W_hh h for 3 gates), equal at n = 3d = ${
          3 * width
        }. The GRU's n steps are also dependent (h_t needs h_(t-1)), so its time is latency, not FLOPs: the measured crossover need not sit there.`,
      ko:
        `FLOP 수로 보면 어텐션은 4 n^2 d(Q K^T와 W V), GRU 한 층은 12 n d^2(게이트 3개의 W_ih x와 W_hh h)이고, 두 값은 n = 3d = ${
          3 * width
        }에서 같아집니다. 하지만 GRU의 n단계는 서로 의존하므로(h_t는 h_(t-1)이 있어야 계산됨) 시간은 FLOP이 아니라 지연(latency)이 좌우하고, 실제 교차점은 그 자리가 아닐 수 있습니다.`,
    },
    {
      en:
        "For long contexts: FlashAttention removes the n x n memory but keeps the n^2 time; linear-time recurrent models such as RWKV (Peng et al. 2023) and Mamba (Gu and Dao 2023) keep a fixed-size state per step (O(n) time, no n x n buffer) and still train in parallel over the sequence.",
      ko:
        "긴 문맥(long context)에서는: FlashAttention은 n x n 메모리를 없애지만 n^2 시간은 그대로입니다. RWKV(Peng et al. 2023)나 Mamba(Gu and Dao 2023) 같은 선형 시간 순환 모델은 단계마다 고정 크기 상태만 유지하므로(O(n) 시간, n x n 버퍼 없음) 긴 시퀀스에 유리하면서도 학습은 시퀀스 전체를 병렬로 처리합니다.",
    },
  ];
  const dispatches = measured.gruPoints.map((p) => p.dispatches);
  if (dispatches.every((d) => d === dispatches[0])) {
    notes.push({
      en: `The GRU layer ran in ${
        dispatches[0]
      } dispatches at every n: its n steps loop inside one kernel, one after another.`,
      ko: `GRU 층은 n과 상관없이 디스패치(dispatch) ${
        dispatches[0]
      }번으로 돌았습니다. n개 단계가 커널 하나 안에서 차례로 반복됩니다.`,
    });
  } else {
    notes.push({
      en: `The GRU layer launched kernels per step: ${dispatches[0]} dispatches at n = ${
        lengths[0]
      }, ${dispatches.at(-1)} at n = ${lengths.at(-1)}.`,
      ko: `GRU 층은 단계마다 커널을 실행했습니다. n = ${lengths[0]}에서 디스패치 ${
        dispatches[0]
      }번, n = ${lengths.at(-1)}에서 ${dispatches.at(-1)}번입니다.`,
    });
  }
  if (measured.dropped.length > 0) {
    notes.push({
      en: `Left out: n = ${
        measured.dropped.join(", ")
      }, whose [${heads}, n, n] score buffer exceeds the device's ${
        bytesText(bindingLimitBytes(measured.backend))
      } storage binding limit.`,
      ko: `n = ${
        measured.dropped.join(", ")
      }은 [${heads}, n, n] 점수 버퍼가 장치의 저장 버퍼 바인딩 한도 ${
        bytesText(bindingLimitBytes(measured.backend))
      }를 넘어 뺐습니다.`,
    });
  }
  const adapter = measured.backend.name === "webgpu" ? measured.backend.deviceName : "";
  if (/llvmpipe|lavapipe/i.test(adapter)) {
    notes.push({
      en:
        "llvmpipe is a software GPU: a workgroup runs as SIMD lanes on one CPU core and there are only this machine's cores to fill, so tiling that pays on a real GPU (keeping blocks in fast on-chip memory) may not pay here.",
      ko:
        "llvmpipe는 소프트웨어 GPU입니다. 워크그룹(workgroup) 하나가 CPU 코어 하나의 SIMD 레인으로 돌고 채울 코어도 이 컴퓨터의 코어뿐이라, 실제 GPU에서 이득인 타일링(블록을 빠른 온칩 메모리에 두는 것)이 여기서는 이득이 아닐 수 있습니다.",
    });
  }
  const x = lengths;
  return {
    settings: {
      backend: data.backend,
      clock: data.clock,
      lengths,
      heads,
      dk: settings.dk,
      width,
      reps: settings.reps,
      gruReps: settings.gruReps,
    },
    tables: [
      {
        title: {
          en:
            `time of one run by sequence length n (median, ${clockName.en}): naive and flash attention, one GRU layer of width ${width}`,
          ko:
            `시퀀스 길이 n별 1회 실행 시간(중앙값, ${clockName.ko}): naive와 flash 어텐션, 폭 ${width}인 GRU 한 층`,
        },
        columns: ["n", "naive ms", "flash ms", "GRU ms", "flash/naive", "naive/GRU"],
        rows: lengths.map((n, i) => [
          n,
          round(data.naiveMs[i]),
          round(data.flashMs[i]),
          round(data.gruMs[i]),
          round(data.flashMs[i] / data.naiveMs[i]),
          round(data.naiveMs[i] / data.gruMs[i]),
        ]),
      },
      {
        title: {
          en:
            `memory by n, in KiB: the n x n score buffer (${heads} x n x n x 4 bytes; flash has none), the bytes each path's tensors hold after one run (measured), and max |diff|, the largest |flash - naive| over the output`,
          ko:
            `n별 메모리(KiB): n x n 점수 버퍼(${heads} x n x n x 4바이트, flash는 없음), 한 번 실행한 뒤 각 방식의 텐서가 차지한 바이트(측정값), 출력 전체에서 가장 큰 |flash - naive|(max |diff|)`,
        },
        columns: [
          "n",
          "naive scores",
          "naive live",
          "flash scores",
          "flash live",
          "max |diff|",
        ],
        rows: lengths.map((n, i) => [
          n,
          kib(squareBufferBytes(n, heads)),
          kib(data.naiveBytes[i]),
          kib(measured.flash[i].scoreBufferBytes),
          kib(data.flashBytes[i]),
          Number.isNaN(data.maxAbsDiff[i]) ? "NaN" : round(data.maxAbsDiff[i], 2),
        ]),
      },
    ],
    charts: [
      {
        title: {
          en: `ms against sequence length n (${clockName.en}, log-log)`,
          ko: `시퀀스 길이 n에 따른 시간 ms(${clockName.ko}, 로그-로그)`,
        },
        xLabel: "sequence length n",
        yLabel: "ms, log scale",
        logX: true,
        logY: true,
        series: [
          { name: "naive attention", x, y: data.naiveMs },
          { name: "flash attention", x, y: data.flashMs },
          { name: "GRU layer", x, y: data.gruMs },
        ],
      },
      {
        title: {
          en: "bytes the attention's tensors hold against n (log-log)",
          ko: "n에 따른 어텐션 텐서의 메모리(로그-로그)",
        },
        xLabel: "sequence length n",
        yLabel: "KiB, log scale",
        logX: true,
        logY: true,
        series: [
          { name: "naive (scores + weights + output)", x, y: data.naiveBytes.map((b) => b / 1024) },
          { name: "flash (output + row log-sum-exp)", x, y: data.flashBytes.map((b) => b / 1024) },
        ],
      },
    ],
    headline: drawn.headline,
    conclusion: drawn.conclusion,
    notes,
  };
}

export const costExperiment: Experiment = {
  name: "cost",
  claim: {
    en:
      "Self-attention costs O(n^2 d) time and O(n^2) memory for its scores; an RNN costs O(n d^2).",
    ko:
      "셀프 어텐션(self-attention)은 시간 O(n^2 d), 점수 행렬 메모리 O(n^2)가 들고, RNN은 O(n d^2)가 든다.",
  },
  run: (ctx) => runCost(ctx, ctx.quick ? costSettings.quick : costSettings.full),
};
