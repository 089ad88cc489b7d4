/** The tables, charts and notes of `experiment gradient-path`, from its curves. */
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentChart, ExperimentTable } from "../experiment.ts";
import { describeTrained, formatRatio, type GradientCurve, letterDecay } from "./conclude.ts";
import type { GradientPathSettings } from "./measure.ts";
import { gradientPathMessages } from "./messages.ts";

const say = messagesOf(gradientPathMessages);

/** "gru", "tf"...: a shipped reverse model's name without the task. */
const short = (c: GradientCurve) => c.model.replace(/^reverse-/, "");

/** Positions 1..letters + 1 (the last is <eos>). */
function positionsOf(settings: GradientPathSettings): number[] {
  return Array.from({ length: settings.letters + 1 }, (_, i) => i + 1);
}

/** The normalized gradient at every position, one column per model. */
function perPosition(
  settings: GradientPathSettings,
  curves: GradientCurve[],
  title: Bilingual,
): ExperimentTable {
  const x = positionsOf(settings);
  const positions = x.length;
  return {
    title,
    columns: ["position", "steps to end", ...curves.map(short)],
    rows: x.map((p, i) => [
      p === positions ? `${p} <eos>` : p,
      positions - p,
      ...curves.map((c) => formatRatio(c.norms[i])),
    ]),
  };
}

/** By position at init (and trained), then every curve's decay. */
export function gradientTables(
  settings: GradientPathSettings,
  init: GradientCurve[],
  trained: GradientCurve[],
): ExperimentTable[] {
  const tables = [
    perPosition(
      settings,
      init,
      say("gradientPath.table.init", {
        inputs: settings.inputs,
        seeds: settings.initSeeds.length,
      }),
    ),
  ];
  if (trained.length > 0) {
    tables.push(
      perPosition(
        settings,
        trained,
        say("gradientPath.table.trained", { inputs: settings.inputs }),
      ),
    );
  }
  tables.push({
    title: say("gradientPath.table.decay"),
    columns: ["model", "weights", "loss", "first/last", "x per step"],
    rows: [...init, ...trained].map((c) => {
      const d = letterDecay(c);
      return [
        short(c),
        c.weights === "init" ? "random init" : "trained",
        c.weights === "init" ? "first token" : "whole target",
        formatRatio(d.firstOverLast),
        d.perStep.toFixed(3),
      ];
    }),
  });
  return tables;
}

/** log10 of the normalized gradient against position, at init (and trained). */
export function gradientCharts(
  settings: GradientPathSettings,
  init: GradientCurve[],
  trained: GradientCurve[],
): ExperimentChart[] {
  const x = positionsOf(settings);
  const chartOf = (curves: GradientCurve[], title: Bilingual): ExperimentChart => ({
    title,
    xLabel: `source position (${x.length} = <eos>, read last)`,
    yLabel: "log10(|grad| / max)",
    series: curves.map((c) => ({
      name: c.model,
      x,
      y: c.norms.map((v) => Math.log10(Math.max(v, 1e-30))),
    })),
  });
  const charts = [chartOf(init, say("gradientPath.chart.init"))];
  if (trained.length > 0) charts.push(chartOf(trained, say("gradientPath.chart.trained")));
  return charts;
}

/** Why init is read, which loss, and what the trained models showed. */
export function gradientNotes(
  settings: GradientPathSettings,
  init: GradientCurve[],
  trained: GradientCurve[],
): Bilingual[] {
  const notes = [
    say("gradientPath.note.init"),
    say("gradientPath.note.loss", { positions: settings.letters + 1, letters: settings.letters }),
  ];
  if (trained.length > 0) notes.push(describeTrained(init, trained));
  return notes;
}
