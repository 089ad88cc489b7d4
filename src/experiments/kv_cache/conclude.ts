/**
 * The conclusion of `experiment kv-cache` from the measured points alone: the log-log slope of
 * the time per token with and without the cache (src/measure/fit.ts), and the speedup and the
 * cache's bytes at the longest prefix.
 */
import { logLogSlope } from "../../measure/fit.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import { bytesText } from "../cost/conclude.ts";
import type { ExperimentFindings } from "../experiment.ts";
import { kvCacheMessages } from "./messages.ts";

const say = messagesOf(kvCacheMessages);

/** The median time of one new token at one prefix length, both ways. */
export interface KvCachePoint {
  n: number;
  cacheMs: number;
  noCacheMs: number;
  /** Bytes of keys and values the cache holds at n positions. */
  cacheBytes: number;
}

/** A slope below this reads as flat (time grows less than n^0.3). */
export const FLAT_SLOPE = 0.3;
/** Two growth exponents differ when their slopes are this far apart. */
export const SLOPE_GAP = 0.25;

/** Slope and growth of one series, as a sentence part. */
function growth(points: readonly KvCachePoint[], ms: (p: KvCachePoint) => number) {
  const first = points[0];
  const last = points[points.length - 1];
  const slope = logLogSlope(points.map((p) => p.n), points.map((p) => Math.max(ms(p), 1e-6)));
  const times = ms(last) / Math.max(ms(first), 1e-6);
  const text = say("kvCache.growth", {
    slope: slope.toFixed(2),
    from: ms(first).toPrecision(3),
    to: ms(last).toPrecision(3),
    first: first.n,
    last: last.n,
    times: times.toPrecision(2),
  });
  return { slope, times, text };
}

/** Which way the data points, and the numbers it rests on. */
export function concludeKvCache(points: readonly KvCachePoint[]): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  if (points.length < 2) throw new Error("kv-cache: expected at least two prefix lengths");
  const cache = growth(points, (p) => p.cacheMs);
  const noCache = growth(points, (p) => p.noCacheMs);
  const last = points[points.length - 1];
  const speedup = last.noCacheMs / Math.max(last.cacheMs, 1e-6);
  const headline = {
    longest: last.n,
    cacheSlope: cache.slope,
    noCacheSlope: noCache.slope,
    cacheGrowth: cache.times,
    noCacheGrowth: noCache.times,
    speedupAtLongest: speedup,
    cacheBytesAtLongest: last.cacheBytes,
  };
  const series = { cache: cache.text, nocache: noCache.text };
  const gap = noCache.slope - cache.slope;
  let conclusion: Bilingual;
  if (gap >= SLOPE_GAP) {
    const id = cache.slope < FLAT_SLOPE ? "kvCache.conclusion.claim" : "kvCache.conclusion.both";
    conclusion = say(id, {
      ...series,
      n: last.n,
      speedup: speedup.toPrecision(2),
      bytes: bytesText(last.cacheBytes),
    });
  } else if (gap <= -SLOPE_GAP) {
    conclusion = say("kvCache.conclusion.reversed", series);
  } else {
    conclusion = say("kvCache.conclusion.same", { ...series, n: last.n });
  }
  return { headline, conclusion };
}
