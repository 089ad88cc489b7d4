/** The tables, chart and notes of `experiment norm`, from its four runs. */
import { percent, round, significant } from "../../measure/rounding.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentChart, ExperimentTable } from "../experiment.ts";
import { type LayerGradients, type NormRun, runOutcome } from "./conclude.ts";
import type { NormSettings } from "./measure.ts";
import { normMessages } from "./messages.ts";

const say = messagesOf(normMessages);

const runName = (r: NormRun) => `${r.norm}-norm${r.warmup > 0 ? ` + warmup ${r.warmup}` : ""}`;
const fixed = (v: number | null) => (v === null || !Number.isFinite(v) ? "NaN" : round(v));

/** One row per run: losses, outcome, dev scores, seconds. */
function runsTable(
  settings: NormSettings,
  runs: readonly NormRun[],
  unigram: number,
): ExperimentTable {
  return {
    title: say("norm.table.runs", {
      layers: settings.layers,
      dModel: settings.dModel,
      task: settings.task,
      lr: settings.lr,
      steps: settings.steps,
      unigram: unigram.toFixed(2),
    }),
    columns: ["norm", "warmup", "start", "final", "best", "outcome", "dev EM", "dev tok", "s"],
    rows: runs.map((r) => [
      r.norm,
      r.warmup,
      fixed(r.startLoss),
      fixed(r.finalLoss),
      fixed(r.bestLoss),
      runOutcome(r, unigram),
      r.devExactMatch === null ? "-" : percent(r.devExactMatch),
      r.devTokenAccuracy === null ? "-" : percent(r.devTokenAccuracy),
      round(r.seconds, 1),
    ]),
  };
}

/**
 * Per-layer gradient norms: both placements at the first step read (warmup does not change
 * step 1), then every run at the last step read.
 */
function gradientTable(settings: NormSettings, runs: readonly NormRun[]): ExperimentTable {
  const [pre, post] = runs;
  const lastStep = settings.gradSteps[settings.gradSteps.length - 1];
  const at = (r: NormRun, step: number) => r.gradients.find((g) => g.step === step);
  const columns: { label: string; grads: LayerGradients | undefined }[] = [
    { label: `pre @${pre.gradients[0]?.step ?? 1}`, grads: pre.gradients[0] },
    { label: `post @${post.gradients[0]?.step ?? 1}`, grads: post.gradients[0] },
    ...(lastStep === pre.gradients[0]?.step ? [] : runs.map((r) => ({
      label: `${r.norm}${r.warmup > 0 ? "+w" : ""} @${lastStep}`,
      grads: at(r, lastStep),
    }))),
  ];
  const gradAt = (g: LayerGradients | undefined, layer: string) => {
    const i = g ? g.layers.indexOf(layer) : -1;
    return i < 0 ? null : significant(g!.norms[i]);
  };
  return {
    title: say("norm.table.gradients"),
    columns: ["layer", ...columns.map((c) => c.label)],
    rows: (pre.gradients[0]?.layers ?? []).map((layer) => [
      layer,
      ...columns.map((c) => gradAt(c.grads, layer)),
    ]),
  };
}

/** The runs table and the gradient table (runs in plan order: pre, post, pre + w, post + w). */
export function normTables(
  settings: NormSettings,
  runs: readonly NormRun[],
  unigram: number,
): ExperimentTable[] {
  return [runsTable(settings, runs, unigram), gradientTable(settings, runs)];
}

/** The four loss curves. */
export function lossChart(runs: readonly NormRun[]): ExperimentChart {
  return {
    title: say("norm.chart.loss"),
    xLabel: "step",
    yLabel: "loss (nats)",
    series: runs.map((r) => ({ name: runName(r), x: r.steps, y: r.losses })),
  };
}

/** What the four runs share, and why step 1 is shown once per placement. */
export function normNotes(): Bilingual[] {
  return [say("norm.note.setup"), say("norm.note.firstStep")];
}
