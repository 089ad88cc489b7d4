/**
 * The conclusion of `experiment cost` from the data alone: how fast naive attention's time grows
 * against the GRU's (log-log slopes), whether naive memory grows faster than flash's, whether
 * flash's outputs equal naive's, and where the attention and GRU time curves cross.
 */
import { squareBufferBytes } from "../../bench/attention_suite.ts";
import { crossings, logLogSlope } from "../../measure/fit.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentFindings } from "../experiment.ts";
import { sharedMessages } from "../shared_messages.ts";
import { costMessages } from "./messages.ts";

const say = messagesOf({ ...costMessages, ...sharedMessages });

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

/** 1.5 MiB or 96 KiB: bytes for a sentence. */
export function bytesText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toPrecision(3))} MiB`;
  return `${Number((bytes / 1024).toPrecision(3))} KiB`;
}

/** max over a list, NaN if any entry is NaN (an unequal output must never read as equal). */
function maxOf(values: readonly number[]): number {
  let max = 0;
  for (const v of values) {
    if (Number.isNaN(v)) return Number.NaN;
    max = Math.max(max, v);
  }
  return max;
}

/** The fits and comparisons the conclusion reads. */
interface CostFits {
  naiveSlope: number;
  flashSlope: number;
  gruSlope: number;
  naiveMemorySlope: number;
  flashMemorySlope: number;
  maxAbsDiff: number;
  equal: boolean;
  /** Where naive attention and the GRU cross ("below": attention was faster before). */
  crosses: { x: number; from: "below" | "above" }[];
  flashCross: { x: number; from: "below" | "above" } | undefined;
  /** FLOPs: attention 4 n^2 d (Q K^T and W V); a GRU 12 n d^2 (W_ih x and W_hh h, 3 gates). */
  flopCrossoverN: number;
}

function fitsOf(data: CostData): CostFits {
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
  const maxAbsDiff = maxOf(data.maxAbsDiff);
  return {
    naiveSlope: logLogSlope(lengths, data.naiveMs),
    flashSlope: logLogSlope(lengths, data.flashMs),
    gruSlope: logLogSlope(lengths, data.gruMs),
    naiveMemorySlope: logLogSlope(lengths, data.naiveBytes),
    flashMemorySlope: logLogSlope(lengths, data.flashBytes),
    maxAbsDiff,
    equal: maxAbsDiff <= EQUAL_TOLERANCE,
    // Naive "below" the GRU = faster; the last crossing decides who is faster at long n.
    crosses: crossings(lengths, data.naiveMs, data.gruMs),
    flashCross: crossings(lengths, data.flashMs, data.gruMs).at(-1),
    flopCrossoverN: 3 * data.width,
  };
}

/** The conclusion from the data alone (see the file's doc). */
export function concludeCost(data: CostData): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  const fits = fitsOf(data);
  return { headline: headlineOf(data, fits), conclusion: sentenceOf(data, fits) };
}

function headlineOf(data: CostData, f: CostFits): ExperimentFindings["headline"] {
  const last = data.lengths.length - 1;
  const longest = data.lengths[last];
  const lastCross = f.crosses.at(-1);
  return {
    backend: data.backend,
    clock: data.clock,
    longest,
    naiveSlope: f.naiveSlope,
    flashSlope: f.flashSlope,
    gruSlope: f.gruSlope,
    naiveMemorySlope: f.naiveMemorySlope,
    flashMemorySlope: f.flashMemorySlope,
    naiveMsAtLongest: data.naiveMs[last],
    flashMsAtLongest: data.flashMs[last],
    gruMsAtLongest: data.gruMs[last],
    flashOverNaiveAtLongest: data.flashMs[last] / data.naiveMs[last],
    naiveScoreBytesAtLongest: squareBufferBytes(longest, data.heads),
    naiveBytesAtLongest: data.naiveBytes[last],
    flashBytesAtLongest: data.flashBytes[last],
    maxAbsDiff: f.maxAbsDiff,
    equalOutputs: f.equal,
    crossoverN: lastCross ? Math.round(lastCross.x) : null,
    crossovers: f.crosses.map((c) => Math.round(c.x)).join(", "),
    fasterAfterCrossover: lastCross ? (lastCross.from === "below" ? "gru" : "naive") : null,
    flashCrossoverN: f.flashCross ? Math.round(f.flashCross.x) : null,
    flopCrossoverN: f.flopCrossoverN,
  };
}

const exponent = (slope: number) => slope.toFixed(2);

/** Where the naive attention and GRU time curves cross, if they do. */
function crossFact(data: CostData, f: CostFits): Bilingual {
  const shortest = data.lengths[0];
  const longest = data.lengths.at(-1)!;
  const flops = say("cost.fact.flops", { n: f.flopCrossoverN });
  const lastCross = f.crosses.at(-1);
  if (!lastCross) {
    const naiveFaster = data.naiveMs[0] < data.gruMs[0];
    const id = naiveFaster ? "cost.cross.naiveAlways" : "cost.cross.gruAlways";
    return say(id, { shortest, longest, flops });
  }
  const n = Math.round(lastCross.x);
  if (f.crosses.length === 1) {
    const id = lastCross.from === "below" ? "cost.cross.naiveThenGru" : "cost.cross.gruThenNaive";
    return say(id, { n, flops });
  }
  return say("cost.cross.many", {
    count: f.crosses.length,
    at: f.crosses.map((c) => Math.round(c.x)).join(", "),
    n,
    faster: say(lastCross.from === "below" ? "cost.name.gru" : "cost.name.attention"),
    flops,
  });
}

/** Time slopes, crossings, memory and equality: what every conclusion states. */
function factsOf(data: CostData, f: CostFits): Bilingual {
  const last = data.lengths.length - 1;
  const longest = data.lengths[last];
  const shape = Math.abs(f.naiveSlope - 2) <= QUADRATIC_BAND
    ? say("cost.shape.quadratic")
    : say(f.naiveSlope < 2 ? "cost.shape.flatter" : "cost.shape.steeper");
  const time = say("cost.fact.time", {
    naive: exponent(f.naiveSlope),
    shape,
    flash: exponent(f.flashSlope),
    gru: exponent(f.gruSlope),
  });
  const memory = say("cost.fact.memory", {
    naive: bytesText(data.naiveBytes[last]),
    longest,
    scores: bytesText(squareBufferBytes(longest, data.heads)),
    naiveSlope: exponent(f.naiveMemorySlope),
    flash: bytesText(data.flashBytes[last]),
    flashSlope: exponent(f.flashMemorySlope),
  });
  const diff = Number.isNaN(f.maxAbsDiff) ? "NaN" : f.maxAbsDiff.toExponential(1);
  const tolerance = EQUAL_TOLERANCE.toExponential(0);
  const equal = say(f.equal ? "cost.fact.equal" : "cost.fact.unequal", { diff, tolerance });
  return say("cost.facts", { time, cross: crossFact(data, f), memory, equal });
}

/** +1: the claim's direction, -1: the reverse, 0: too close to tell. */
function says(gap: number): number {
  return gap >= SLOPE_GAP ? 1 : gap <= -SLOPE_GAP ? -1 : 0;
}

/** Picks the sentence: the claim, its reverse, no difference, or mixed evidence. */
function sentenceOf(data: CostData, f: CostFits): Bilingual {
  const clock = say(data.clock === "gpu" ? "experiment.clock.gpu" : "experiment.clock.wall");
  const where = say("experiment.where", { backend: data.backend, clock });
  const facts = factsOf(data, f);
  const timeSays = says(f.naiveSlope - f.gruSlope);
  const memorySays = says(f.naiveMemorySlope - f.flashMemorySlope);
  if (timeSays > 0 && memorySays > 0 && f.equal) {
    const flash = say(
      f.flashSlope >= f.naiveSlope - SLOPE_GAP ? "cost.flash.keepsTime" : "cost.flash.fasterToo",
    );
    return say("cost.conclusion.claim", { where, facts, flash });
  }
  if (timeSays < 0 && memorySays < 0) return say("cost.conclusion.reversed", { where, facts });
  if (timeSays === 0 && memorySays === 0) {
    return say("cost.conclusion.noDifference", { where, facts });
  }
  const verdict = (s: number) =>
    say(s > 0 ? "cost.verdict.asClaimed" : s < 0 ? "cost.verdict.reversed" : "cost.verdict.none");
  return say("cost.conclusion.mixed", {
    where,
    facts,
    time: verdict(timeSays),
    memory: verdict(memorySays),
    outputs: say(f.equal ? "cost.outputs.equal" : "cost.outputs.unequal"),
  });
}
