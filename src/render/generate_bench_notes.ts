/**
 * What `bench generate` says under its table: the model measured, the slopes of both series,
 * the cache's bytes per prefix length, and whether the cache kept the tokens the same.
 */
import type { GenerateBenchReport } from "../bench/generate_suite.ts";
import type { BenchReport } from "../bench/types.ts";
import { formatBytes } from "../measure/format.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { formatValue } from "./colormap.ts";
import { generateBenchMessages } from "./generate_bench_messages.ts";

/** The notes of a generate report; none for other suites. */
export function generateNotes(report: BenchReport, lang: Lang): string[] {
  const generated = report as GenerateBenchReport;
  if (report.suite !== "generate" || generated.agreement === undefined) return [];
  const { agreement, model, results } = generated;
  const bilingual = messagesOf(generateBenchMessages);
  const notes = [
    bilingual("view.bench.generate.model", {
      d: model.dModel,
      h: model.heads,
      l: model.layers,
      v: model.vocab,
    })[lang],
  ];
  const slope = (series: string) => {
    const s = results.find((r) => r.series === series)?.slope;
    return s === undefined ? "-" : s.toFixed(2);
  };
  if (results.some((r) => r.slope !== undefined)) {
    notes.push(
      bilingual("view.bench.generate.slopes", {
        cache: slope("kv cache"),
        nocache: slope("no cache"),
      })[lang],
    );
  }
  const cached = results.filter((r) => r.series === "kv cache");
  const list = cached.map((r) => `n=${r.params.n} ${formatBytes(r.cacheBytes)}`).join(", ");
  notes.push(bilingual("view.bench.generate.cache", { list })[lang]);
  const diff = formatValue(agreement.maxLogitDiff, 2);
  notes.push(
    agreement.sameTokens
      ? bilingual("view.bench.generate.same", { steps: agreement.steps, diff })[lang]
      : bilingual("view.bench.generate.differ", { n: agreement.firstDifference ?? "?", diff })[
        lang
      ],
  );
  return notes;
}
