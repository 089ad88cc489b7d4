/** The tables, chart and grids of `experiment induction`, laid out from the measured runs. */
import { messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentChart, ExperimentGrid, ExperimentTable } from "../experiment.ts";
import { headName, type SeedFinding } from "./conclude.ts";
import { inductionMessages } from "./messages.ts";
import { tokenLabel } from "./sequences.ts";
import type { InductionRun, InductionTraining } from "./train.ts";

const say = messagesOf(inductionMessages);

/** Rows a seed's table shows at most (the chart shows every measurement). */
const TABLE_ROWS = 16;

/** Every k-th measurement so that at most TABLE_ROWS show, the last always among them. */
function shownPoints<T>(points: readonly T[]): T[] {
  const stride = Math.ceil(points.length / TABLE_ROWS);
  return points.filter((_, i) => i % stride === 0 || i === points.length - 1);
}

/** One table per seed: step, both halves' losses, copy accuracy and the largest scores. */
export function seedTable(run: InductionRun, training: InductionTraining): ExperimentTable {
  const last = training.layers - 1;
  const max = (values: number[]) => Number(Math.max(...values).toFixed(3));
  return {
    title: say("induction.table", {
      seed: run.seed,
      d: training.dModel,
      h: training.heads,
      l: training.layers,
    }),
    columns: ["step", "loss 1st half", "loss 2nd half", "copy acc", "induction max", "prev max"],
    rows: shownPoints(run.points).map((p) => [
      p.step,
      Number(p.lossFirst.toFixed(3)),
      Number(p.lossSecond.toFixed(3)),
      Number(p.copyAccuracy.toFixed(3)),
      max(p.induction[last]),
      max(p.previous[0]),
    ]),
  };
}

/** The second-half loss and the induction head's score of every seed, over the steps. */
export function lossAndScoreChart(
  runs: readonly InductionRun[],
  findings: readonly SeedFinding[],
): ExperimentChart {
  return {
    title: say("induction.chart"),
    xLabel: "step",
    yLabel: "nats / score",
    series: runs.flatMap((run, i) => {
      const { head } = findings[i];
      const x = run.points.map((p) => p.step);
      return [
        { name: `loss 2nd, seed ${run.seed}`, x, y: run.points.map((p) => p.lossSecond) },
        {
          name: `score ${headName(head)}, seed ${run.seed}`,
          x,
          y: run.points.map((p) => p.induction[head.layer][head.head]),
        },
      ];
    }),
  };
}

/** Each seed's induction head on its probe; the first seed's previous-token head too. */
export function inductionGrids(
  runs: readonly InductionRun[],
  findings: readonly SeedFinding[],
): ExperimentGrid[] {
  return runs.flatMap((run, i) => {
    const f = findings[i];
    const labels = run.probe.ids.map(tokenLabel);
    const step = run.points[run.points.length - 1].step;
    const grid = (title: ExperimentGrid["title"], layer: number, head: number) => ({
      title,
      rows: labels,
      cols: labels,
      values: run.probe.weights[layer][head],
      range: { min: 0, max: 1 },
    });
    const induction = grid(
      say("induction.grid.induction", { seed: run.seed, head: headName(f.head), step }),
      f.head.layer,
      f.head.head,
    );
    if (i > 0) return [induction];
    const { layer, head } = f.previousHead;
    const previous = say("induction.grid.previous", {
      seed: run.seed,
      head: headName(f.previousHead),
      step,
    });
    return [grid(previous, layer, head), induction];
  });
}
