/**
 * What `experiment cost` measures on the chosen backend: naive and flash attention of one
 * sequence with `bench attention`'s measurement (measureAttentionCost: their medians, live bytes
 * and max |flash - naive|), and a GRU layer of the same width over the same n steps.
 */
import type { Backend } from "../../engine/backend/contract.ts";
import { Tensor, tidy } from "../../engine/mod.ts";
import { Rng } from "../../engine/random.ts";
import { Gru } from "../../models/gru.ts";
import { ParamStore } from "../../models/weights/param_store.ts";
import { runSequence } from "../../models/recurrent.ts";
import {
  type AttentionCostPoint,
  bindingLimitBytes,
  measureAttentionCost,
  squareBufferBytes,
} from "../../bench/attention_suite.ts";
import { measureOpWithDispatches } from "../../measure/measure_op.ts";
import { checkAborted, type ExperimentContext } from "../experiment.ts";
import { bytesText, type CostData } from "./conclude.ts";

/** What {@link measureCost} measures. */
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

/** One GRU layer's times over n steps. */
export interface GruPoint {
  medianMs: number;
  wallMedianMs: number;
  timing: "gpu" | "wall";
  /** Kernels dispatched for one run. */
  dispatches: number;
}

/** Everything measured: the conclusion's data and what only the tables and notes show. */
export interface CostMeasured {
  data: CostData;
  /** The flash points, by length (their score buffer bytes: 0). */
  flash: AttentionCostPoint[];
  gruPoints: GruPoint[];
  /** Lengths left out: their [heads, n, n] buffer exceeds the device's binding limit. */
  dropped: number[];
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
    const m = await measureOpWithDispatches(backend, op, {
      reps: settings.gruReps,
      signal: ctx.signal,
    });
    const { medianMs, wallMedianMs, timing, dispatches } = m;
    return { medianMs, wallMedianMs, timing, dispatches };
  } finally {
    x.dispose();
  }
}

/** The attention point of one path and length, or an error naming what is missing. */
function pathPoint(points: AttentionCostPoint[], path: "naive" | "flash", n: number) {
  const point = points.find((p) => p.path === path && p.n === n);
  if (!point) throw new Error(`cost: expected a ${path} measurement at n = ${n}, got none`);
  return point;
}

/** The asked lengths whose naive [heads, n, n] buffer fits one binding, and the others. */
function lengthsThatFit(backend: Backend, settings: CostSettings) {
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
  const lengths = asked.filter((n) => squareBufferBytes(n, settings.heads) <= limit);
  if (lengths.length < 2) {
    throw new Error(
      `cost: expected two or more lengths whose [${settings.heads}, n, n] scores fit the ${
        bytesText(limit)
      } binding limit, got [${lengths.join(", ")}]`,
    );
  }
  return { lengths, dropped: asked.filter((n) => !lengths.includes(n)) };
}

/** Times naive and flash attention and a GRU layer at every length that fits. */
export async function measureCost(
  ctx: ExperimentContext,
  settings: CostSettings,
): Promise<CostMeasured> {
  const { backend } = ctx;
  const { heads, dk } = settings;
  const { lengths, dropped } = lengthsThatFit(backend, settings);
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
  return { data, flash, gruPoints, dropped };
}
