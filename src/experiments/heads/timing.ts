/**
 * The time half of `experiment heads`: one MultiHeadAttention layer (src/models/attention.ts) at
 * equal d_model with h = 1 and h = 8, forward and forward + backward, timed against each other
 * (src/measure/ab_timing.ts) over a few lengths.
 */
import { keep, ops, Tape, Tensor, tidy, withKernelPolicy } from "../../engine/mod.ts";
import { Rng } from "../../engine/random.ts";
import { measureAB } from "../../measure/ab_timing.ts";
import { MultiHeadAttention } from "../../models/attention.ts";
import { ParamStore } from "../../models/weights/param_store.ts";
import { checkAborted, type ExperimentContext } from "../experiment.ts";

/** The head counts compared: one full-width head against eight narrow ones. */
export const ONE_HEAD = 1;
export const MANY_HEADS = 8;

/** What the timing measures. */
export interface TimingSettings {
  /** Model widths d_model; each is timed as 1 head of d_model and 8 heads of d_model / 8. */
  dModels: number[];
  /** Sequence lengths n (self-attention over n positions). */
  lengths: number[];
  /** Sequences per call. */
  batch: number;
  /** Timed repetitions per case (the median is kept). */
  reps: number;
  /** Work per repetition measureOp aims at, in ms. */
  targetMs: number;
}

/** Which pass of the layer was timed. */
export type Pass = "forward" | "forward+backward";
export const PASSES: readonly Pass[] = ["forward", "forward+backward"];

/** Median times of one (d_model, n, pass) case with 1 and with 8 heads. */
export interface TimingPoint {
  dModel: number;
  n: number;
  pass: Pass;
  oneHeadMs: number;
  manyHeadsMs: number;
  /** manyHeadsMs / oneHeadMs. */
  ratio: number;
  timing: "gpu" | "wall";
}

/**
 * One pass of `layer` over `input` with the textbook kernels (the "reference" kernel policy:
 * matmul, softmax, matmul), so the two head counts are timed on the same computation; under
 * "fast" the engine may pick a fused kernel for one and not the other.
 */
function runPass(pass: Pass, layer: MultiHeadAttention, input: Tensor, params: Tensor[]): void {
  withKernelPolicy("reference", () =>
    tidy(() => {
      if (pass === "forward") {
        layer.selfAttention(input); // output [B, n, d]
        return;
      }
      const tape = new Tape();
      const loss = tape.record(() => ops.sum(layer.selfAttention(input))); // []
      tape.backward(loss, [input, ...params]);
    }));
}

/** Times one attention layer with 1 and with 8 heads at the same d_model and input. */
async function timeCase(
  ctx: ExperimentContext,
  settings: TimingSettings,
  shape: { dModel: number; n: number },
): Promise<TimingPoint[]> {
  const { backend, signal } = ctx;
  const { dModel, n } = shape;
  const stores = [ONE_HEAD, MANY_HEADS].map(() => new ParamStore(backend, { seed: 7 }));
  const rng = new Rng(11);
  let x: Tensor | null = null;
  try {
    const layers = [ONE_HEAD, MANY_HEADS].map((heads, i) =>
      new MultiHeadAttention(stores[i], "attention", { dModel, heads })
    );
    const values = new Float32Array(settings.batch * n * dModel);
    for (let i = 0; i < values.length; i++) values[i] = rng.normal();
    x = keep(Tensor.from(backend, values, [settings.batch, n, dModel])); // [B, n, d]
    const input = x;
    const points: TimingPoint[] = [];
    for (const pass of PASSES) {
      checkAborted(signal);
      const [a, b] = layers.map((layer, i) => () =>
        runPass(pass, layer, input, [...stores[i].params.values()])
      );
      const { reps, targetMs } = settings;
      const t = await measureAB(backend, { a, b }, { reps, targetMs, maxBatch: 64, signal });
      points.push({
        dModel,
        n,
        pass,
        oneHeadMs: t.a,
        manyHeadsMs: t.b,
        ratio: t.b / Math.max(t.a, 1e-9),
        timing: t.timing,
      });
    }
    return points;
  } finally {
    x?.dispose();
    for (const store of stores) for (const p of store.params.values()) p.dispose();
  }
}

/** Times h = 1 against h = 8 at every d_model and length; `onCase` reports progress. */
export async function timeHeads(
  ctx: ExperimentContext,
  settings: TimingSettings,
  onCase: (shape: { dModel: number; n: number }) => void,
): Promise<TimingPoint[]> {
  for (const d of settings.dModels) {
    if (d % MANY_HEADS !== 0) {
      throw new Error(`heads: expected every d_model to be divisible by ${MANY_HEADS}, got ${d}`);
    }
  }
  const timing: TimingPoint[] = [];
  for (const dModel of settings.dModels) {
    for (const n of settings.lengths) {
      checkAborted(ctx.signal);
      onCase({ dModel, n });
      timing.push(...await timeCase(ctx, settings, { dModel, n }));
    }
  }
  return timing;
}
