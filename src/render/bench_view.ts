import type { Anchor, BenchReport, BenchResult } from "../bench/types.ts";
import { renderChart } from "./chart.ts";
import { Palette } from "./color.ts";
import { formatValue as formatCompact } from "./colormap.ts";
import { formatMs, renderTable } from "./table.ts";
import { formatBytes, formatColumn } from "../measure/format.ts";
import { formatMessage, type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { benchViewMessages } from "./bench_view_messages.ts";
import { wrapWidth } from "./layout.ts";
import { formatRatio } from "./ratio.ts";
import { generateNotes } from "./generate_bench_notes.ts";

const sayBench = messagesOf(benchViewMessages);

/** How to draw {@link renderBenchReport}; without options: no color, 80 columns, English. */
export interface BenchViewOptions {
  palette?: Palette;
  width?: number;
  lang?: Lang;
}

/**
 * Fields that length-sweep suites (attention, models) add to a result: the chart and line it
 * belongs to, with the length in `params.n`, plus optional per-case notes.
 */
interface SweepFields {
  series?: string;
  sweep?: string;
  slope?: number;
  maxAbsDiff?: number;
  scoreBufferBytes?: number;
  peakDeviceBytes?: number;
  poolBytes?: number;
}

/** Report-level notes a suite or a comparison may add. */
interface ReportNotes {
  skipped?: string[];
  torchUnavailable?: string;
  numpyUnavailable?: string;
}

/**
 * `bench <suite>`: one row per case with its median, min, max and derived
 * value. The full parameters of each case are in `--json`; the table keeps
 * to what fits a terminal (cells wrap, nothing is cut). Suites that sweep sequence lengths
 * also get one log-log chart per sweep: median ms against n, one line per series.
 */
export function renderBenchReport(report: BenchReport, options: BenchViewOptions = {}): string {
  const palette = options.palette ?? new Palette(0);
  const width = Math.max(40, options.width ?? 80);
  const lang = options.lang ?? "en";
  const words = (id: keyof typeof benchViewMessages) => benchViewMessages[id][lang];
  const results = report.results as (BenchResult & SweepFields)[];
  const { head, rows, clocks, buffers } = benchTable(report, lang);
  const timing = words(
    clocks.size > 1
      ? "view.bench.timing.mixed"
      : clocks.has("gpu")
      ? "view.bench.timing.gpu"
      : "view.bench.timing.wall",
  );
  const where = `${report.backend}${report.adapter ? ` (${report.adapter})` : ""}`;
  const title = formatMessage(benchViewMessages, "view.bench.title", {
    suite: report.suite,
    where,
    timing,
  })[lang];
  const right = head.map((_, i) => i).filter((i) =>
    i > 0 && !(clocks.size > 1 && i === head.length - 1)
  );
  const lines = [
    ...wrapWidth(title, width),
    renderTable(head, rows, { alignRight: right, maxWidth: width, lang }),
  ];
  const say = (text: string) => lines.push(...wrapWidth(text, width));
  const baseline = report.baseline;
  if (baseline) {
    const base = baseline.backend.split(" ")[0];
    say(
      formatMessage(benchViewMessages, "view.bench.baseline", {
        base,
        full: baseline.backend,
      })[lang],
    );
  }
  if (report.anchor) {
    const reference = report.anchor.blasKind === "reference";
    const lines = anchorLines(report.anchor, lang);
    lines.forEach((line, i) =>
      say(reference && i === lines.length - 1 ? palette.bold(line) : line)
    );
  }
  if (buffers) say(words("view.bench.buffers"));
  const pool = Math.max(0, ...results.map((r) => r.poolBytes ?? 0));
  if (results.some((r) => r.peakDeviceBytes !== undefined)) {
    say(formatMessage(benchViewMessages, "view.bench.peak", { pool: formatBytes(pool) })[lang]);
  }
  const compared = results.filter((r) => r.maxAbsDiff !== undefined);
  if (compared.length > 0) {
    const worst = compared.reduce((a, b) => (b.maxAbsDiff! > a.maxAbsDiff! ? b : a));
    const diff = formatCompact(worst.maxAbsDiff!, 2);
    say(
      formatMessage(benchViewMessages, "view.bench.compared", { diff, name: worst.name })[lang] +
        (worst.maxAbsDiff! > 1e-3 ? words("view.bench.disagree") : ""),
    );
  }
  const notes = report as BenchReport & ReportNotes;
  const note = (id: "view.bench.notorch" | "view.bench.nonumpy", why: string) =>
    say(formatMessage(benchViewMessages, id, { why })[lang]);
  for (const what of notes.skipped ?? []) {
    say(formatMessage(benchViewMessages, "view.bench.leftout", { what })[lang]);
  }
  if (notes.torchUnavailable) note("view.bench.notorch", notes.torchUnavailable);
  if (notes.numpyUnavailable) note("view.bench.nonumpy", notes.numpyUnavailable);
  for (const line of generateNotes(report, lang)) say(line);
  for (const chart of sweepCharts(results, { palette, width, lang })) lines.push("", chart);
  return lines.join("\n");
}

/**
 * The table's header and rows: times in ms (formatMs), each unit's values in one precision
 * (5.97 and 0.775 GFLOP/s read 5.970 and 0.775), buffer sizes in binary units.
 */
function benchTable(
  report: BenchReport,
  lang: Lang,
): { head: string[]; rows: string[][]; clocks: Set<string>; buffers: boolean } {
  const words = (id: keyof typeof benchViewMessages) => benchViewMessages[id][lang];
  const baseline = report.baseline;
  const shortBase = baseline?.backend.split(" ")[0] ?? "";
  const baseMedians = new Map(baseline?.results.map((b) => [b.name, b.medianMs]));
  const results = report.results as (BenchResult & SweepFields)[];
  const withBuffers = results.some((r) => r.scoreBufferBytes !== undefined);
  const withPeak = results.some((r) => r.peakDeviceBytes !== undefined);
  const clocks = new Set(results.map((r) => r.timing ?? "wall"));
  const values = valuesByUnit(results);
  const rows = results.map((r, i) => {
    const row = [r.name, formatMs(r.medianMs), formatMs(r.minMs), formatMs(r.maxMs), values[i]];
    if (baseline) {
      const theirs = baseMedians.get(r.name);
      row.push(theirs === undefined ? "" : formatMs(theirs));
      row.push(r.speedup === undefined ? "" : formatRatio(r.speedup));
    }
    if (withBuffers) {
      row.push(r.scoreBufferBytes === undefined ? "" : formatBytes(r.scoreBufferBytes));
    }
    if (withPeak) row.push(r.peakDeviceBytes === undefined ? "" : formatBytes(r.peakDeviceBytes));
    if (clocks.size > 1) row.push(r.timing ?? "wall");
    return row;
  });
  const head = [
    words("view.bench.head.case"),
    words("view.bench.head.median"),
    words("view.bench.head.min"),
    words("view.bench.head.max"),
    words("view.bench.head.value"),
    // The baseline's short name; its full name is below the table.
    ...(baseline ? [`${shortBase} ms`, `vs ${shortBase}`] : []),
    ...(withBuffers ? [words("view.bench.head.buffers")] : []),
    ...(withPeak ? [words("view.bench.head.peak")] : []),
    ...(clocks.size > 1 ? [words("view.bench.head.clock")] : []),
  ];
  return { head, rows, clocks, buffers: withBuffers };
}

/** Each result's value with its unit, the values of one unit written in one precision. */
function valuesByUnit(results: readonly BenchResult[]): string[] {
  const shown = results.map(() => "");
  const units = new Set(results.map((r) => r.unit ?? ""));
  for (const unit of units) {
    const at = results.flatMap((
      r,
      i,
    ) => ((r.unit ?? "") === unit && r.value !== undefined ? [i] : []));
    const texts = formatColumn(at.map((i) => results[i].value!), { significant: 3 });
    at.forEach((i, k) => (shown[i] = `${texts[k]} ${unit}`.trim()));
  }
  return shown;
}

/**
 * What a comparison's anchor ran on: its BLAS library (with OpenBLAS's kernel choice), its
 * threads, the BLAS variables it saw and the ones it ran without; a WARNING line when it ran on
 * reference BLAS, against which any ratio flatters attn.
 */
export function anchorLines(anchor: Anchor, lang: Lang = "en"): string[] {
  const say = <Id extends keyof typeof benchViewMessages>(
    ...args: Parameters<typeof sayBench<Id>>
  ) => sayBench(...args)[lang];
  const threads = (n: number) => say(n === 1 ? "view.bench.thread" : "view.bench.threads", { n });
  const details = [
    ...(anchor.blasCore ? [say("view.bench.kernels", { core: anchor.blasCore })] : []),
    threads(anchor.threads) +
    (anchor.name !== "numpy" && anchor.blasThreads !== null
      ? say("view.bench.itsBlas", { threads: threads(anchor.blasThreads) })
      : ""),
  ];
  const on = anchor.blasKind === "unknown"
    ? benchViewMessages["view.bench.unknownBlas"][lang]
    : anchor.blas;
  const { name, version } = anchor;
  const lines = [say("view.bench.anchor", { name, version, on, details: details.join(", ") })];
  const pairs = (entries: [string, string][], joiner = " ") =>
    entries.map(([k, v]) => `${k}=${v}`).join(joiner);
  const seen = Object.entries(anchor.environment).filter(([k]) => !(k in anchor.set));
  if (seen.length > 0) lines.push(say("view.bench.anchorEnv", { vars: pairs(seen) }));
  const set = Object.entries(anchor.set);
  if (set.length > 0) lines.push(say("view.bench.anchorSet", { vars: pairs(set) }));
  const unset = Object.entries(anchor.unset);
  if (unset.length > 0) {
    const and = benchViewMessages["view.bench.and"][lang];
    lines.push(say("view.bench.anchorUnset", { vars: pairs(unset, and) }));
  }
  if (anchor.blasKind === "reference") {
    lines.push(say("view.bench.slowBlas", { name, blas: anchor.blas }));
  }
  return lines;
}

/**
 * One chart per sweep among results that carry `series`, `sweep` and a numeric `params.n`:
 * median ms against n, both on log scales labelled in ms and n, so a power law n^k is a
 * straight line of slope k
 * (the fitted slope, when the suite gives one, is in the legend).
 */
export function sweepCharts(
  results: readonly (BenchResult & SweepFields)[],
  options: { palette: Palette; width: number; lang?: Lang },
): string[] {
  const lang = options.lang ?? "en";
  const sweeps = new Map<string, Map<string, { x: number[]; y: number[]; slope?: number }>>();
  for (const r of results) {
    const n = r.params.n;
    if (!r.series || !r.sweep || typeof n !== "number" || !(n > 0) || !(r.medianMs > 0)) continue;
    const lines = sweeps.get(r.sweep) ?? new Map();
    sweeps.set(r.sweep, lines);
    const line = lines.get(r.series) ?? { x: [], y: [], slope: r.slope };
    lines.set(r.series, line);
    line.x.push(n);
    line.y.push(r.medianMs);
  }
  const charts: string[] = [];
  for (const [sweep, lines] of sweeps) {
    const xs = new Set([...lines.values()].flatMap((l) => l.x));
    if (xs.size < 2) continue; // one length: nothing to draw a line through
    const series = [...lines].map(([name, l]) => ({
      name: l.slope === undefined ? name : `${name} (slope ${l.slope.toFixed(2)})`,
      x: l.x,
      y: l.y,
    }));
    // Without color a chart tells six line styles apart (chart.ts): more series, more charts.
    const perChart = options.palette.level > 0 ? series.length : 6;
    for (let i = 0; i < series.length; i += perChart) {
      const part = series.length > perChart
        ? formatMessage(benchViewMessages, "view.bench.part", {
          k: Math.floor(i / perChart) + 1,
          n: Math.ceil(series.length / perChart),
        })[lang]
        : "";
      charts.push(renderChart(series.slice(i, i + perChart), {
        palette: options.palette,
        width: options.width,
        height: 12,
        logX: true,
        logY: true,
        title: formatMessage(benchViewMessages, "view.bench.chart", { sweep, part })[lang],
        xLabel: "n",
        lang,
      }));
    }
  }
  return charts;
}
