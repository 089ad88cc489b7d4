/**
 * `experiment kv-cache`: what the KV cache buys at generation time (lesson 15). A decoder-only
 * model generating token n+1 needs the keys and values of all n earlier positions; they do not
 * change (causality), so a cache keeps them and each step projects one new position. Without
 * it every step runs the whole prefix through the stack again.
 *
 * The measurement is bench generate's (src/bench/generate_cost.ts): per-token wall time at each
 * prefix length, both ways, on a GPT of the default sizes with random weights; conclude.ts fits
 * the log-log slopes and says which grows and by how much, or that this run did not show it.
 */
import { measureGenerateCost } from "../../bench/generate_cost.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import type { Experiment, ExperimentContext, ExperimentFindings } from "../experiment.ts";
import { concludeKvCache, type KvCachePoint } from "./conclude.ts";
import { kvCacheMessages } from "./messages.ts";

export { concludeKvCache, FLAT_SLOPE, type KvCachePoint, SLOPE_GAP } from "./conclude.ts";

const say = messagesOf(kvCacheMessages);

/** What {@link runKvCache} measures. */
export interface KvCacheSettings {
  /** Prefix lengths n, ascending. */
  lengths: number[];
  /** Timed generations per mode. */
  reps: number;
}

export const kvCacheSettings = {
  quick: { lengths: [8, 16, 32, 64], reps: 3 },
  full: { lengths: [16, 32, 64, 128, 256], reps: 5 },
} satisfies Record<string, KvCacheSettings>;

/** Measures per-token time with and without the cache at every length, and concludes. */
export async function runKvCache(
  ctx: ExperimentContext,
  settings: KvCacheSettings,
): Promise<ExperimentFindings> {
  const cost = await measureGenerateCost({
    backend: ctx.backend,
    lengths: settings.lengths,
    reps: settings.reps,
    signal: ctx.signal,
    progress: (done, total, what) => ctx.progress(done, total, what),
  });
  const at = (mode: string, n: number) => cost.points.find((p) => p.mode === mode && p.n === n)!;
  const points: KvCachePoint[] = settings.lengths.map((n) => ({
    n,
    cacheMs: at("cache", n).medianMs,
    noCacheMs: at("no-cache", n).medianMs,
    cacheBytes: at("cache", n).cacheBytes,
  }));
  const { headline, conclusion } = concludeKvCache(points);
  const { agreement, config } = cost;
  const diff = agreement.maxLogitDiff.toPrecision(2);
  const x = points.map((p) => p.n);
  return {
    settings: { ...settings, dModel: config.dModel, heads: config.heads, layers: config.layers },
    tables: [{
      title: say("kvCache.table", { d: config.dModel, h: config.heads, l: config.layers }),
      columns: ["n", "ms cache", "ms no cache", "speedup", "cache bytes"],
      rows: points.map((p) => [
        p.n,
        Number(p.cacheMs.toPrecision(3)),
        Number(p.noCacheMs.toPrecision(3)),
        Number((p.noCacheMs / Math.max(p.cacheMs, 1e-6)).toPrecision(3)),
        p.cacheBytes,
      ]),
      units: [null, null, null, null, "bytes"],
    }],
    charts: [{
      title: say("kvCache.chart"),
      xLabel: "n",
      yLabel: "ms per token",
      logX: true,
      logY: true,
      series: [
        { name: "kv cache", x, y: points.map((p) => Math.max(p.cacheMs, 1e-6)) },
        { name: "no cache", x, y: points.map((p) => Math.max(p.noCacheMs, 1e-6)) },
      ],
    }],
    headline: {
      ...headline,
      sameTokens: agreement.sameTokens,
      maxLogitDiff: agreement.maxLogitDiff,
    },
    conclusion,
    notes: [
      agreement.sameTokens
        ? say("kvCache.same", { steps: agreement.steps, diff })
        : say("kvCache.differ", { n: agreement.firstDifference ?? "?", diff }),
      say("kvCache.note.cost"),
    ],
  };
}

export const kvCacheExperiment: Experiment = {
  name: "kv-cache",
  claim: say("kvCache.claim"),
  run: (ctx) => runKvCache(ctx, ctx.quick ? kvCacheSettings.quick : kvCacheSettings.full),
};
