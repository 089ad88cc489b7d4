/**
 * Rendering: result objects in, terminal text out. The views (`*_view.ts`, one per command)
 * take what a use case of app/ (or an experiment, a benchmark, training) returned, plus the
 * width and the color palette, and return a string; the widgets they are built from are pure
 * functions too: heatmap.ts (attention grids), chart.ts, strip.ts, table.ts, legend.ts,
 * layout.ts (display width of Korean and emoji, wrapping), color.ts with colormap.ts and
 * colormaps.ts. Nothing here runs a model, and the layers below never print: cli/ and repl/
 * write what these functions return.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { Palette, renderHeatmap, stripAnsi } from "./mod.ts";
 *
 * const grid = renderHeatmap(
 *   { rows: ["나는", "학생"], cols: ["I", "am"], values: [[0.9, 0.1], [0.2, 0.8]] },
 *   { palette: new Palette(0), width: 40, showValues: true, argmax: true }, // 0: no color
 * );
 * const lines = grid.split("\n").map(stripAnsi);
 * assert.equal(lines[0], "       I   am"); // column labels across, when they fit
 * assert.equal(lines[1], "나는  >.90  .10  → I 0.9"); // ">" marks the row's largest weight
 * assert.equal(lines[2], "학생   .20 >.80  → am 0.8");
 * ```
 *
 * @module
 */
// Widgets.
export { argmaxOf, poolColumns, renderHeatmap } from "./heatmap.ts";
export type { HeatmapMatrix, HeatmapOptions, PooledColumns } from "./heatmap.ts";
export { renderChart } from "./chart.ts";
export type { ChartOptions, ChartSeries } from "./chart.ts";
export { renderStrips } from "./strip.ts";
export type { Strip, StripOptions } from "./strip.ts";
export { formatMs, renderTable } from "./table.ts";
export { renderLegend } from "./legend.ts";
export {
  displayWidth,
  fitWidth,
  padEndWidth,
  padStartWidth,
  stripAnsi,
  truncateWidth,
  wrapWidth,
} from "./layout.ts";
export { colorLevelFor, Palette, paletteFor, parseColorLevel } from "./color.ts";
export type { ColorSetting } from "./color.ts";
export type { ColorLevel } from "./color.ts";
export type { Colormap } from "./colormap.ts";
export { colormapNames, isColormapName, namedColormap } from "./colormaps.ts";
export type { ColormapName } from "./colormaps.ts";
export { escapeForTerminal, escapeInvisibleFormat, escapeInvisibleFormatInJson } from "./escape.ts";
// Views, one per command.
export { renderRun } from "./run_view.ts";
export { renderAttn } from "./attn_view.ts";
export { renderHidden } from "./hidden_view.ts";
export { renderStepAll, renderStepFrame, renderStepHeader } from "./step_view.ts";
export type { StepViewOptions } from "./step_view.ts";
export { renderCompare } from "./compare_view.ts";
export { renderPe } from "./pe_view.ts";
export { renderMask } from "./mask_view.ts";
export { renderDevice } from "./device_view.ts";
export { renderModels } from "./models_view.ts";
export { renderExport } from "./export_view.ts";
export { renderHelp } from "./help_view.ts";
export type { HelpEntry, HelpResult } from "./help_view.ts";
export { renderSettings, renderUse } from "./session_view.ts";
export type { SettingsResult, UseResult } from "./session_view.ts";
export { renderBenchReport } from "./bench_view.ts";
export { renderExperiment, renderExperimentList } from "./experiment_view.ts";
export { renderLessonList } from "./lesson_list_view.ts";
export { answerLines, commandLine, questionLines, renderProse } from "./lesson_view.ts";
export { renderProgressBar } from "./progress_view.ts";
export {
  renderEvaluationLine,
  renderKept,
  renderProgressLine,
  renderSaveOutcome,
  renderTrainFrame,
  renderTrainSummary,
} from "./train_view.ts";
export {
  renderShippedDone,
  renderShippedEvaluation,
  renderShippedStart,
  renderTrainAllSummary,
} from "./shipped_view.ts";
