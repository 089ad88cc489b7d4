/**
 * `experiment sampling`: what the temperature does to generation (lesson 14). A language model
 * gives logits for the next token; `generate` divides them by T before the softmax (T = 0: the
 * argmax, greedy), optionally keeps the top-k or top-p tokens, and draws with a seeded
 * generator. Here the shipped GPT continues the same prompts N times per setting with seeds
 * 1..N (measure.ts, through the same generation loop and sampler as `generate`); summary.ts
 * counts the different continuations and averages each step's entropy and the drawn token's
 * probability, conclude.ts says from those numbers alone what rising T did.
 */
import { messagesOf } from "../../platform/i18n/messages.ts";
import type { Experiment, ExperimentContext, ExperimentFindings } from "../experiment.ts";
import { concludeSampling } from "./conclude.ts";
import {
  distributionTable,
  entropyChart,
  examplesTable,
  filtersNote,
  reproduceNote,
  rowsTable,
} from "./findings.ts";
import { measureSampling, type PromptSpec, type SamplingSetting } from "./measure.ts";
import { samplingMessages } from "./messages.ts";
import { summarizeRow } from "./summary.ts";

export { concludeSampling, plainRows, type PromptRows } from "./conclude.ts";
export type { Draw, PromptDraws, PromptSpec, SamplingSetting } from "./measure.ts";
export { type RowSummary, summarizeRow } from "./summary.ts";

const say = messagesOf(samplingMessages);

/** What {@link runSampling} measures. */
export interface SamplingSettings {
  /** A shipped GPT. */
  model: string;
  /** The first shows the variety (a continuation); a translation prompt scores exact match. */
  prompts: PromptSpec[];
  /** One row each; T = 0 and at least two T > 0 without filters. */
  settings: SamplingSetting[];
  /** Draws per setting (seeds 1..draws). */
  draws: number;
  /** Tokens a draw adds at most (generate's default). */
  maxNew: number;
  /** The temperatures applied to one step's logits in the distribution table. */
  tableTemperatures: number[];
}

const plain = (temperature: number): SamplingSetting => ({ temperature, topK: 0, topP: 1 });

/** A continuation with room to vary, and a held-out test sentence of ko-en with its reference. */
export const samplingPrompts: PromptSpec[] = [
  { text: "나는 어제", mode: "continue" },
  {
    text: "준호는 월요일에 작은 고양이를 잡지 않는다",
    mode: "translate",
    reference: "Junho does not catch a small cat on Monday",
  },
];

const settings: SamplingSetting[] = [
  plain(0),
  plain(0.7),
  plain(1.5),
  { temperature: 1.5, topK: 5, topP: 1 },
  { temperature: 1.5, topK: 0, topP: 0.9 },
];

export const samplingSettings = {
  quick: {
    model: "ko-en-gpt",
    prompts: samplingPrompts,
    settings,
    draws: 20,
    maxNew: 32,
    tableTemperatures: [0, 0.7, 1, 1.5],
  },
  full: {
    model: "ko-en-gpt",
    prompts: samplingPrompts,
    settings,
    draws: 100,
    maxNew: 32,
    tableTemperatures: [0, 0.7, 1, 1.5],
  },
} satisfies Record<string, SamplingSettings>;

/** Draws every setting's continuations, lays them out and concludes. */
export async function runSampling(
  ctx: ExperimentContext,
  settings: SamplingSettings,
): Promise<ExperimentFindings> {
  const { model, prompts } = await measureSampling(ctx, settings);
  const summaries = prompts.map((p) =>
    p.rows.map((row) => summarizeRow(row, p.greedy.ids, p.referenceIds))
  );
  const translateAt = prompts.findIndex((p) => p.referenceIds !== null);
  const { headline, conclusion } = concludeSampling(
    { text: prompts[0].prompt.text, rows: summaries[0] },
    translateAt < 0
      ? null
      : { text: prompts[translateAt].prompt.text, rows: summaries[translateAt] },
  );
  const filters = filtersNote(summaries[0]);
  return {
    settings: {
      model: model.name,
      prompts: prompts.map((p) => p.prompt.text),
      draws: settings.draws,
      maxNew: settings.maxNew,
      temperatures: settings.settings.map((s) => s.temperature),
    },
    tables: [
      ...prompts.map((p, i) => rowsTable(p, summaries[i], model.name)),
      examplesTable(prompts[0], summaries[0]),
      distributionTable(prompts[0], settings.tableTemperatures),
    ],
    charts: [entropyChart(prompts[0])],
    headline,
    conclusion,
    notes: [
      say("sampling.note.columns"),
      ...(filters ? [filters] : []),
      reproduceNote(prompts[0], settings.draws),
    ],
  };
}

export const samplingExperiment: Experiment = {
  name: "sampling",
  claim: say("sampling.claim"),
  smallWorkModel: "ko-en-gpt",
  run: (ctx) => runSampling(ctx, ctx.quick ? samplingSettings.quick : samplingSettings.full),
};
