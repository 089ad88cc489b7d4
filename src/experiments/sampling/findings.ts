/**
 * The tables, chart and notes of `experiment sampling`, laid out from the rows and the greedy
 * draw's logits: one table per prompt (a row per setting), the most frequent continuations, and
 * what dividing the logits by T does to one next-token distribution.
 */
import { percent, round } from "../../measure/rounding.ts";
import { softmaxRow } from "../../models/decode/sample.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentChart, ExperimentTable } from "../experiment.ts";
import { entropy } from "../stats.ts";
import type { PromptDraws } from "./measure.ts";
import { samplingMessages } from "./messages.ts";
import { filterLabel, isPlain, type RowSummary } from "./summary.ts";

const say = messagesOf(samplingMessages);

/** Continuations listed per setting in the examples table. */
const EXAMPLES_PER_ROW = 3;
/** Tokens the distribution table lists. */
const TABLE_RANKS = 6;
/** The chart's temperatures run from 0 to this. */
const CHART_MAX_T = 2;

const quoted = (text: string) => say("sampling.prompt", { text });

/** One prompt's table: a row per setting. */
export function rowsTable(
  draws: PromptDraws,
  rows: readonly RowSummary[],
  model: string,
): ExperimentTable {
  const translate = draws.prompt.reference !== undefined;
  const columns = [
    "T",
    "filter",
    "distinct",
    "greedy %",
    ...(translate ? ["exact %"] : []),
    "H nats",
    "p drawn",
    "p model",
  ];
  return {
    title: say("sampling.table.rows", {
      mode: say(translate ? "sampling.mode.translate" : "sampling.mode.continue"),
      prompt: quoted(draws.prompt.text),
      n: rows[0].draws,
      maxNew: draws.maxNew,
      model,
    }),
    columns,
    rows: rows.map((r) => [
      r.temperature,
      filterLabel(r),
      r.distinct,
      percent(r.greedyShare),
      ...(translate ? [percent(r.exactShare ?? 0)] : []),
      round(r.meanEntropy, 3),
      round(r.meanP, 3),
      round(r.meanModelP, 3),
    ]),
  };
}

/** The most frequent continuations of each setting. */
export function examplesTable(draws: PromptDraws, rows: readonly RowSummary[]): ExperimentTable {
  return {
    title: say("sampling.table.examples", {
      prompt: quoted(draws.prompt.text),
      n: rows[0].draws,
    }),
    columns: ["T", "filter", "count", "continuation"],
    rows: rows.flatMap((r) =>
      r.frequent.slice(0, EXAMPLES_PER_ROW).map((f) => [
        r.temperature,
        filterLabel(r),
        f.count,
        f.text,
      ])
    ),
  };
}

/** The greedy continuation's least sure step: the largest entropy of the model's own softmax. */
function leastSureStep(draws: PromptDraws): number {
  const raw = draws.greedyLogits.map((logits) => entropy(softmaxRow(logits)));
  return raw.indexOf(Math.max(...raw));
}

/** softmax(logits / T), or the argmax alone at T = 0. */
function distributionAt(logits: Float32Array, t: number): Float64Array {
  if (t > 0) return softmaxRow(logits, 1 / t);
  const p = new Float64Array(logits.length);
  p[softmaxRow(logits).reduce((best, v, i, all) => (v > all[best] ? i : best), 0)] = 1;
  return p;
}

/**
 * What dividing the logits by T does to one next-token distribution: at the greedy
 * continuation's least sure step, the most probable tokens, the rest of the mass, and the
 * entropy, at each T.
 */
export function distributionTable(
  draws: PromptDraws,
  temperatures: readonly number[],
): ExperimentTable {
  const step = leastSureStep(draws);
  const logits = draws.greedyLogits[step];
  const ranked = [...softmaxRow(logits).entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, TABLE_RANKS).map(([id]) => id);
  const ps = temperatures.map((t) => distributionAt(logits, t));
  const rest = ps.map((p) => Math.max(0, 1 - ranked.reduce((s, id) => s + p[id], 0)));
  return {
    title: say("sampling.table.distribution", {
      prompt: quoted(draws.prompt.text),
      step: step + 1,
      token: draws.greedyTokens[step],
      k: TABLE_RANKS,
    }),
    columns: ["token", ...temperatures.map((t) => `T=${t}`)],
    rows: [
      ...ranked.map((id) => [draws.tokenOf(id), ...ps.map((p) => round(p[id], 3))]),
      ["…", ...rest.map((r) => round(r, 3))],
      ["H nats", ...ps.map((p) => round(entropy(p), 3))],
    ],
  };
}

/** The entropy of that same step's distribution as T goes from 0 to {@link CHART_MAX_T}. */
export function entropyChart(draws: PromptDraws): ExperimentChart {
  const step = leastSureStep(draws);
  const logits = draws.greedyLogits[step];
  const x = Array.from({ length: CHART_MAX_T * 10 + 1 }, (_, i) => i / 10);
  return {
    title: say("sampling.chart", { prompt: quoted(draws.prompt.text), step: step + 1 }),
    xLabel: "T",
    yLabel: "H nats",
    series: [{ name: "H", x, y: x.map((t) => entropy(distributionAt(logits, t))) }],
  };
}

/** The filtered rows at the highest filtered T beside the plain row at that T, as a note. */
export function filtersNote(rows: readonly RowSummary[]): Bilingual | null {
  const filtered = rows.filter((r) => !isPlain(r));
  if (filtered.length === 0) return null;
  const t = Math.max(...filtered.map((r) => r.temperature));
  const plain = rows.find((r) => isPlain(r) && r.temperature === t);
  if (!plain) return null;
  const parts = filtered.filter((r) => r.temperature === t).map((r) =>
    say("sampling.note.filter", {
      filter: filterLabel(r)!,
      distinct: r.distinct,
      p: r.meanModelP.toFixed(2),
    })
  );
  return say("sampling.note.filters", {
    t,
    plain: plain.distinct,
    pPlain: plain.meanModelP.toFixed(2),
    filters: {
      en: parts.map((p) => p.en).join("; "),
      ko: parts.map((p) => p.ko).join("; "),
    },
  });
}

/** How to reproduce a row with `generate`. */
export function reproduceNote(draws: PromptDraws, n: number): Bilingual {
  const flag = draws.prompt.mode === "continue" ? " --continue" : "";
  return say("sampling.note.reproduce", { prompt: draws.prompt.text, flag, n });
}
