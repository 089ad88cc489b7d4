/** The tables, chart and notes of `experiment heads`, from what it measured. */
import { mean } from "../../measure/average.ts";
import { percent, round, significant } from "../../measure/rounding.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentChart, ExperimentTable } from "../experiment.ts";
import { sharedMessages } from "../shared_messages.ts";
import { headsMessages } from "./messages.ts";
import type { TrainingSettings } from "./models.ts";
import type { ModelPatterns } from "./patterns.ts";
import { MANY_HEADS, PASSES, type TimingPoint, type TimingSettings } from "./timing.ts";

const say = messagesOf({ ...headsMessages, ...sharedMessages });

/** The task's name in the settings and the notes: "ko-en", or "reverse 3-8 letters". */
export function taskName(training: TrainingSettings): Bilingual {
  if (training.task === "ko-en") return { en: "ko-en", ko: "ko-en" };
  return say("heads.task.letters", { task: training.task, max: training.maxLength });
}

/** Median ms of both head counts and their ratio, per (d_model, n), forward and backward. */
export function timingTable(points: readonly TimingPoint[]): ExperimentTable {
  const clock = say(points[0].timing === "gpu" ? "experiment.clock.gpu" : "experiment.clock.wall");
  const cases = [...new Set(points.map((p) => `${p.dModel}/${p.n}`))];
  return {
    title: say("heads.table.timing", { many: MANY_HEADS, clock }),
    columns: [
      "d_model",
      "n",
      "fwd h1",
      `fwd h${MANY_HEADS}`,
      "ratio",
      "fwd+bwd h1",
      `fwd+bwd h${MANY_HEADS}`,
      "ratio",
    ],
    rows: cases.map((key) => {
      const [f, b] = PASSES.map((pass) =>
        points.find((p) => `${p.dModel}/${p.n}` === key && p.pass === pass)!
      );
      return [
        f.dModel,
        f.n,
        significant(f.oneHeadMs),
        significant(f.manyHeadsMs),
        round(f.ratio, 2),
        significant(b.oneHeadMs),
        significant(b.manyHeadsMs),
        round(b.ratio, 2),
      ];
    }),
  };
}

/** Per model and attention: exact match, mean and range of H over heads, mean pairwise JSD. */
export function patternTable(models: readonly ModelPatterns[]): ExperimentTable {
  return {
    title: say("heads.table.patterns"),
    columns: ["model", "exact", "attention", "heads", "H", "H min-max", "JSD"],
    rows: models.flatMap((m) =>
      m.attentions.map((a) => [
        m.label,
        m.exactMatch === null ? null : percent(m.exactMatch),
        `${a.kind} ${a.layer}`,
        a.heads,
        round(mean(a.relativeEntropy), 2),
        `${Math.min(...a.relativeEntropy).toFixed(2)}-${Math.max(...a.relativeEntropy).toFixed(2)}`,
        a.meanJsd === null ? null : round(a.meanJsd, 2),
      ])
    ),
  };
}

/** h8 / h1 against n, one curve per d_model and pass. */
export function ratioChart(timing: readonly TimingPoint[], dModels: number[]): ExperimentChart {
  return {
    title: say("heads.chart.ratio", { many: MANY_HEADS }),
    xLabel: "sequence length n",
    yLabel: `h${MANY_HEADS}/h1`,
    logX: true,
    series: dModels.flatMap((d) =>
      PASSES.map((pass) => {
        const points = timing.filter((p) => p.dModel === d && p.pass === pass);
        return {
          name: `d_model ${d} ${pass}`,
          x: points.map((p) => p.n),
          y: points.map((p) => p.ratio),
        };
      })
    ),
  };
}

/** What was timed and how the models differ; what H and JSD mean. */
export function headsNotes(timing: TimingSettings, training: TrainingSettings): Bilingual[] {
  return [
    say("heads.note.timing", {
      batch: timing.batch,
      task: taskName(training),
      dModel: training.dModel,
      seed: training.seed,
      steps: training.steps,
    }),
    say("heads.note.measures"),
  ];
}
