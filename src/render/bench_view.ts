import type { BenchReport } from "../bench/types.ts";
import { formatMs, renderTable } from "./table.ts";

/**
 * `bench <suite>`: one row per case with its median, min, max and derived
 * value. The full parameters of each case are in `--json`; the table keeps
 * to what fits a terminal.
 */
export function renderBenchReport(report: BenchReport): string {
  const baseline = report.baseline;
  const rows = report.results.map((r) => {
    const row = [
      r.name,
      formatMs(r.medianMs),
      formatMs(r.minMs),
      formatMs(r.maxMs),
      r.value === undefined ? "" : `${formatValue(r.value)} ${r.unit ?? ""}`.trim(),
    ];
    if (baseline) row.push(r.speedup === undefined ? "" : `${r.speedup.toFixed(1)}x`);
    return row;
  });
  const timing = report.results.some((r) => r.timing === "gpu")
    ? "GPU time per op (timestamp queries)"
    : "wall time per op";
  const title = `bench ${report.suite} on ${report.backend}${
    report.adapter ? ` (${report.adapter})` : ""
  }: ${timing}, median of timed repetitions, warm-up excluded`;
  return `${title}\n${
    renderTable(
      [
        "case",
        "median ms",
        "min ms",
        "max ms",
        "value",
        ...(baseline ? [`vs ${baseline.backend}`] : []),
      ],
      rows,
      { alignRight: [1, 2, 3, 4, 5] },
    )
  }`;
}

function formatValue(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}
