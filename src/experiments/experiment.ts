/**
 * What an experiment is: a claim from docs/TEACHING.md, a measurement that tests it on this machine,
 * and a conclusion computed from the numbers measured (never canned: each experiment's
 * `conclude` function reads the data, so reversed data gives the opposite sentence).
 *
 * Experiments return data only; the CLI renders tables, charts and the conclusion
 * (src/render/experiment_view.ts) or prints the result as JSON. Each experiment is a folder:
 * mod.ts (its settings and run), measure.ts (what it measures on the backend), conclude.ts (the
 * pure conclusion), findings.ts (tables, charts, notes) and messages.ts (its sentences, by id);
 * shared statistics are in stats.ts, shared measuring helpers in src/measure/.
 */
import type { Backend } from "../engine/backend/contract.ts";
import type { Bilingual } from "../platform/i18n/messages.ts";

export type { Bilingual };

/** A table of measurements: column names (technical terms, same in both languages) and rows. */
export interface ExperimentTable {
  title: Bilingual;
  columns: string[];
  rows: (string | number | null)[][];
  /**
   * What a column's numbers are when the view must know to show them right: "bytes" are
   * written in binary units (65536 -> 64 KiB). Absent or null: plain numbers.
   */
  units?: ("bytes" | null)[];
}

/** One line of a chart: y at x. */
export interface ExperimentSeries {
  name: string;
  x: number[];
  y: number[];
}

/** A chart: where a curve says it better than a table (lengths, sizes). */
export interface ExperimentChart {
  title: Bilingual;
  xLabel: string;
  yLabel: string;
  /** x on a log scale (sequence lengths 8, 16, ..., 1024). */
  logX?: boolean;
  /** y on a log scale (times spanning decades); every y must be > 0. */
  logY?: boolean;
  series: ExperimentSeries[];
}

/** A small heatmap, e.g. one attention head's weights on one input: values[row][col]. */
export interface ExperimentGrid {
  title: Bilingual;
  rows: string[];
  cols: string[];
  values: number[][];
  /** The values the colormap's ends stand for (default: the data's extent). */
  range?: { min: number; max: number };
  /** Name each row's largest cell at its end (attention rows: where the row looks). Default true. */
  argmax?: boolean;
}

/** What an experiment measured, and what it concludes from it. */
export interface ExperimentFindings {
  /** The settings actually used (lengths, sizes, counts, models). */
  settings: Record<string, number | string | boolean | number[] | string[]>;
  tables: ExperimentTable[];
  charts: ExperimentChart[];
  /** Heatmaps shown after the charts (side by side when they fit), e.g. per-head attention. */
  grids?: ExperimentGrid[];
  /** The few numbers the conclusion rests on (crossover n, fitted slope, accuracy gap...). */
  headline: Record<string, number | string | boolean | null>;
  /** One sentence computed from the headline numbers. */
  conclusion: Bilingual;
  /** Caveats worth reading (e.g. "learned positions are undefined beyond max_len"). */
  notes: Bilingual[];
}

/** The result `experiment <name> --json` prints. */
export interface ExperimentResult extends ExperimentFindings {
  experiment: string;
  claim: Bilingual;
  quick: boolean;
  backend: string;
  /** Why that backend (open_backend.ts `BackendReason`): asked, default, small-work, no-adapter. */
  backendReason: "asked" | "default" | "small-work" | "no-adapter";
  adapter: string | null;
  elapsedMs: number;
}

/** What a running experiment gets from the command. */
export interface ExperimentContext {
  backend: Backend;
  /** --quick: the reduced version (each finishes in about a minute or less on 2 cores). */
  quick: boolean;
  /** Aborted on Ctrl-C: experiments check it between measurements and reject with its reason. */
  signal: AbortSignal;
  /** Where shipped models are looked up; undefined: weights/. */
  weightsDir?: string;
  /** --model: the model to read instead of the default (experiments with `takesModel` only). */
  model?: string;
  /** Reports progress (done of total units of work, and what is running now). */
  progress(done: number, total: number, what: string): void;
}

/** An experiment `experiment <name>` can run. */
export interface Experiment {
  name: string;
  /** The claim it tests, one line. */
  claim: Bilingual;
  /** Reads one shipped model, which --model may choose (ctx.model); others refuse --model. */
  takesModel?: boolean;
  /** Shows tables only (no chart, no grid): --svg, --png and --html are refused before it runs. */
  tablesOnly?: boolean;
  /**
   * The shipped model this experiment runs a token at a time, when that is all it does: if its
   * checkpoint is small (open_backend.ts `isSmallWork`) the default backend is the cpu, which
   * pays no GPU round trip per token (sampling: 4.7 s on the cpu against 60 s on llvmpipe).
   */
  smallWorkModel?: string;
  run(ctx: ExperimentContext): Promise<ExperimentFindings>;
}

/** Throws the signal's reason when Ctrl-C was pressed (call between units of work). */
export function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason ?? new DOMException("interrupted", "AbortError");
}
