/**
 * The conclusion of `experiment parallel` from the data alone: which encoder is faster at the
 * longest n (and where the curves cross), and which model trains more tokens per second.
 */
import { crossings, logLogSlope } from "../../measure/fit.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentFindings } from "../experiment.ts";
import { sharedMessages } from "../shared_messages.ts";
import { parallelMessages } from "./messages.ts";

const say = messagesOf({ ...parallelMessages, ...sharedMessages });
const NONE: Bilingual = { en: "", ko: "" };

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

/** The ratios, crossings and slopes the conclusion reads. */
interface ParallelFits {
  /** GRU ms / Transformer ms at the longest n: > 1, the Transformer is faster. */
  encoderRatio: number;
  /** Transformer tokens/s / GRU tokens/s: > 1, likewise. */
  trainRatio: number;
  wallRatio: number | null;
  /** Where the Transformer's curve crosses the GRU's ("above": it was slower before). */
  crosses: { x: number; from: "below" | "above" }[];
  gruSlope: number;
  transformerSlope: number;
}

function fitsOf(data: ParallelData): ParallelFits {
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
  return {
    encoderRatio: gruMs[last] / transformerMs[last],
    trainRatio: data.transformerTokensPerSecond / data.gruTokensPerSecond,
    wallRatio: data.wall ? data.wall.gruMs[last] / data.wall.transformerMs[last] : null,
    crosses: crossings(lengths, transformerMs, gruMs),
    gruSlope: logLogSlope(lengths, gruMs),
    transformerSlope: logLogSlope(lengths, transformerMs),
  };
}

/** The family faster after the last crossing (the Transformer if it started above, i.e. slower). */
function fasterAfter(f: ParallelFits): "Transformer" | "GRU" {
  return f.crosses.at(-1)?.from === "above" ? "Transformer" : "GRU";
}

/** The conclusion from the data alone (see the file's doc). */
export function concludeParallel(data: ParallelData): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  const fits = fitsOf(data);
  return { headline: headlineOf(data, fits), conclusion: sentenceOf(data, fits) };
}

function headlineOf(data: ParallelData, f: ParallelFits): ExperimentFindings["headline"] {
  const last = data.lengths.length - 1;
  const lastCross = f.crosses.at(-1);
  return {
    backend: data.backend,
    clock: data.clock,
    longest: data.lengths[last],
    gruMsAtLongest: data.gruMs[last],
    transformerMsAtLongest: data.transformerMs[last],
    encoderRatio: f.encoderRatio,
    wallRatio: f.wallRatio,
    crossoverN: lastCross ? Math.round(lastCross.x) : null,
    crossovers: f.crosses.map((c) => Math.round(c.x)).join(", "),
    fasterAfterCrossover: lastCross ? fasterAfter(f).toLowerCase() : null,
    gruSlope: f.gruSlope,
    transformerSlope: f.transformerSlope,
    trainLength: data.trainLength,
    gruTokensPerSecond: data.gruTokensPerSecond,
    transformerTokensPerSecond: data.transformerTokensPerSecond,
    trainRatio: f.trainRatio,
  };
}

const ms = (v: number) => (v >= 10 ? v.toFixed(0) : v.toPrecision(2));
const times = (r: number) => (r >= 1 ? r : 1 / r).toPrecision(2);
const tokens = (v: number) => (v >= 1000 ? `${(v / 1000).toPrecision(3)}k` : v.toFixed(0));
const faster = (r: number) => (r >= 1 ? "Transformer" : "GRU");

/** Where the encoder curves cross, if they do. */
function crossFact(data: ParallelData, f: ParallelFits): Bilingual {
  const lastCross = f.crosses.at(-1);
  if (!lastCross) {
    return say("parallel.cross.always", {
      faster: data.transformerMs[0] < data.gruMs[0] ? "Transformer" : "GRU",
      shortest: data.lengths[0],
      longest: data.lengths.at(-1)!,
    });
  }
  const after = fasterAfter(f);
  const n = Math.round(lastCross.x);
  if (f.crosses.length === 1) {
    return say("parallel.cross.once", {
      before: after === "GRU" ? "Transformer" : "GRU",
      n,
      after,
    });
  }
  const at = f.crosses.map((c) => Math.round(c.x)).join(", ");
  return say("parallel.cross.many", { count: f.crosses.length, at, n, after });
}

/** The facts every conclusion states: encoders at the longest n, crossings, slopes, training. */
function factsOf(data: ParallelData, f: ParallelFits) {
  const last = data.lengths.length - 1;
  const byWall = f.wallRatio === null
    ? NONE
    : say("parallel.fact.byWall", { times: times(f.wallRatio), faster: faster(f.wallRatio) });
  return {
    encoder: say("parallel.fact.encoder", {
      longest: data.lengths[last],
      gruMs: ms(data.gruMs[last]),
      transformerMs: ms(data.transformerMs[last]),
      times: times(f.encoderRatio),
      faster: faster(f.encoderRatio),
      byWall,
    }),
    cross: crossFact(data, f),
    slopes: say("parallel.fact.slopes", {
      gru: f.gruSlope.toFixed(2),
      transformer: f.transformerSlope.toFixed(2),
    }),
    train: say("parallel.fact.train", {
      length: data.trainLength,
      gru: tokens(data.gruTokensPerSecond),
      transformer: tokens(data.transformerTokensPerSecond),
    }),
  };
}

/** Picks the sentence: the claim, its reverse, no difference, or mixed evidence. */
function sentenceOf(data: ParallelData, f: ParallelFits): Bilingual {
  const clock = say(data.clock === "gpu" ? "experiment.clock.gpu" : "experiment.clock.wall");
  const where = say("experiment.where", { backend: data.backend, clock });
  const values = { where, ...factsOf(data, f) };
  const says = (r: number) => (r >= RATIO ? 1 : r <= 1 / RATIO ? -1 : 0);
  const encoderSays = says(f.encoderRatio);
  const trainSays = says(f.trainRatio);
  if (encoderSays > 0 && trainSays > 0) return say("parallel.conclusion.claim", values);
  if (encoderSays < 0 && trainSays < 0) return say("parallel.conclusion.reversed", values);
  if (encoderSays === 0 && trainSays === 0) return say("parallel.conclusion.noDifference", values);
  return say("parallel.conclusion.mixed", values);
}
