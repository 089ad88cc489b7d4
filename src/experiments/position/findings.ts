/** The tables, chart, grids and notes of `experiment position`, from what it measured. */
import { percent, significant } from "../../measure/rounding.ts";
import { sinusoidalTable } from "../../models/layers/positional.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentChart, ExperimentGrid, ExperimentTable } from "../experiment.ts";
import { cosineSimilarities } from "../stats.ts";
import { type Change, relative, short } from "./conclude.ts";
import type { PositionMeasured, PositionSettings } from "./measure.ts";
import { positionMessages } from "./messages.ts";

const say = messagesOf(positionMessages);

const cell = (v: number | null) => (v === null ? null : percent(v));

/** Exact match and token accuracy by length, and the order and shift checks. */
export function positionTables(
  settings: PositionSettings,
  measured: PositionMeasured,
): ExperimentTable[] {
  const { lengths, curves, order, shift, orderBlindFrom } = measured;
  const encodings = curves.map((c) => c.pe);
  // Numbers (two significant digits): the view writes each column in one notation.
  const checkRow = (check: string, change: Change) => [
    check,
    significant(change.maxDiff, 2),
    significant(change.rms, 2),
    significant(relative(change), 2),
  ];
  return [
    {
      title: say("position.table.exactMatch", { min: settings.minLength, L: settings.trainMax }),
      columns: ["length", ...encodings],
      rows: lengths.map((n, i) => [n, ...curves.map((c) => cell(c.exactMatch[i]))]),
    },
    {
      title: say("position.table.tokenAccuracy"),
      columns: ["length", ...encodings],
      rows: lengths.map((n, i) => [n, ...curves.map((c) => cell(c.tokenAccuracy[i]))]),
    },
    {
      title: say("position.table.checks", {
        blindFrom: orderBlindFrom
          ? say("position.table.blindFrom", { pe: orderBlindFrom })
          : { en: "", ko: "" },
      }),
      columns: ["check", "max |change|", "rms", "ratio"],
      rows: [
        ...[{ pe: "none", ...order.orderBlind }, ...order.positioned].map((c) =>
          checkRow(`logits, source reversed, pe ${c.pe}`, c)
        ),
        checkRow("q_i.k_j vs q_(i+s).k_(j+s), RoPE", {
          maxDiff: shift.ropeMaxDiff,
          rms: shift.scoreRms,
        }),
        checkRow("q_i.k_j vs q_(i+s).k_(j+s), sinusoidal added", {
          maxDiff: shift.sinusoidalMaxDiff,
          rms: shift.sinusoidalScoreRms,
        }),
      ],
    },
  ];
}

/** Token accuracy against length, one curve per encoding (its defined points). */
export function positionChart(
  settings: PositionSettings,
  measured: PositionMeasured,
): ExperimentChart {
  return {
    title: say("position.chart.tokenAccuracy", { L: settings.trainMax }),
    xLabel: "source length (letters)",
    yLabel: "token accuracy %",
    series: measured.curves.map((c) => {
      const defined = c.lengths.flatMap((n, i) =>
        c.tokenAccuracy[i] === null ? [] : [{ n, y: c.tokenAccuracy[i]! * 100 }]
      );
      return { name: c.pe, x: defined.map((p) => p.n), y: defined.map((p) => p.y) };
    }),
  };
}

/**
 * How alike the encodings of positions 0..2L are: cos(PE_i, PE_j) of the sinusoidal table, of
 * the trained learned table, and of one q rotated by RoPE.
 */
export function positionGrids(
  settings: PositionSettings,
  measured: PositionMeasured,
): ExperimentGrid[] {
  const L = settings.trainMax;
  const d = settings.model.dModel;
  const labels = Array.from({ length: 2 * L + 1 }, (_, p) => String(p));
  const similarity = (title: Bilingual, values: number[][]): ExperimentGrid => ({
    title,
    rows: labels,
    cols: labels,
    values,
    range: { min: -1, max: 1 },
    argmax: false, // similarity grids: the largest cell is the diagonal
  });
  const headDk = settings.model.dModel / settings.model.heads;
  const { learnedRows } = measured;
  return [
    similarity(
      say("position.grid.sinusoidal"),
      cosineSimilarities(sinusoidalTable(2 * L + 1, d), 2 * L + 1, d),
    ),
    ...(learnedRows
      ? [similarity(
        say("position.grid.learned", { L }),
        cosineSimilarities(learnedRows.table, 2 * L + 1, d),
      )]
      : []),
    similarity(
      say("position.grid.rope"),
      cosineSimilarities(measured.ropeProbe, 2 * L + 1, headDk),
    ),
  ];
}

/** How the models were trained and scored, the learned table's rows, the shift check. */
export function positionNotes(
  settings: PositionSettings,
  measured: PositionMeasured,
  backend: string,
): Bilingual[] {
  const L = settings.trainMax;
  const notes = [say("position.note.training", {
    task: settings.task,
    min: settings.minLength,
    L,
    steps: settings.steps,
    max: 2 * L,
    perLength: settings.perLength,
  })];
  const rows = measured.learnedRows;
  if (rows) {
    notes.push(say("position.note.learnedRows", {
      rows: rows.rows,
      lastReached: rows.reached - 1,
      trained: short(rows.trainedRows),
      reached: rows.reached,
      lastRow: rows.rows - 1,
      untrained: short(rows.untrainedRows),
      L,
    }));
  }
  notes.push(say("position.note.shift", {
    comparisons: measured.shift.comparisons,
    dk: settings.shiftDk,
    positions: settings.shiftPositions,
    backend,
  }));
  return notes;
}
