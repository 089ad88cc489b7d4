/** The heatmaps of `experiment heads`: every head of one attention, on one probe. */
import { messagesOf } from "../../platform/i18n/messages.ts";
import type { AttentionSite } from "../../models/trace.ts";
import type { ExperimentGrid } from "../experiment.ts";
import { headsMessages } from "./messages.ts";
import type { AttentionStats, ModelPatterns, Probes, TracedModel } from "./patterns.ts";
import { MANY_HEADS, ONE_HEAD } from "./timing.ts";

const say = messagesOf(headsMessages);

/** Source positions (tokens + <eos>) of the widest grid that still fits beside another. */
const GRID_MAX_POSITIONS = 8;

/** The labels of one attention kind's rows and cols for probe `p` (as `run --json` labels them). */
function labelsOf(
  kind: AttentionSite,
  probes: Probes,
  p: number,
): { rows: string[]; cols: string[] } {
  const source = [...probes.srcTokens[p], "<eos>"];
  const emitted = [...probes.tgtTokens[p], "<eos>"];
  const fedBack = ["<bos>", ...probes.tgtTokens[p]];
  if (kind === "encoder") return { rows: source, cols: source };
  if (kind === "decoder") return { rows: emitted, cols: fedBack };
  return { rows: emitted, cols: source };
}

/** Each head's weights for probe `p` in the attention `stats` describes, as titled grids. */
function headGrids(source: TracedModel, stats: AttentionStats, p: number): ExperimentGrid[] {
  const labels = labelsOf(stats.kind, source.probes, p);
  const record = source.traces[p].attention.find((a) =>
    a.kind === stats.kind && a.layer === stats.layer
  )!;
  const [heads, q, k] = record.weights.shape;
  return Array.from({ length: heads }, (_, h) => {
    const jsd = stats.jsdToOthers[h];
    const facts = `H ${stats.relativeEntropy[h].toFixed(2)}${
      jsd === undefined ? "" : `, JSD ${jsd.toFixed(2)}`
    }`;
    return {
      title: say("heads.grid.head", {
        model: source.model.label,
        head: h,
        attention: `${stats.kind} ${stats.layer}`,
        facts,
      }),
      rows: labels.rows.slice(0, q),
      cols: labels.cols.slice(0, k),
      values: Array.from({ length: q }, (_, i) =>
        Array.from(
          record.weights.data.subarray((h * q + i) * k, (h * q + i + 1) * k),
          (v) => Number(v.toFixed(3)),
        )),
      range: { min: 0, max: 1 },
    };
  });
}

/** The attention of a model whose heads differ most. */
function mostDiverse(m: ModelPatterns): AttentionStats {
  return m.attentions.reduce((a, b) => ((b.meanJsd ?? 0) > (a.meanJsd ?? 0) ? b : a));
}

/**
 * The grids worth looking at: for the attention whose 8 heads differ most in the trained
 * h = 8 model, that attention in the h = 1 model and every head of the h = 8 model, on the
 * longest probe of at most GRID_MAX_POSITIONS source positions (the same probe for both); for
 * the shipped model, every head of its most diverse attention on its first probe.
 */
export function pickGrids(sources: readonly TracedModel[]): ExperimentGrid[] {
  const byLabel = (label: string) => sources.find((s) => s.model.label === label);
  const grids: ExperimentGrid[] = [];
  const many = byLabel(`h=${MANY_HEADS}`);
  const one = byLabel(`h=${ONE_HEAD}`);
  if (many) {
    const target = mostDiverse(many.model);
    const lengths = many.probes.sources.map((ids) => ids.length);
    const fitting = lengths.map((n) => (n <= GRID_MAX_POSITIONS ? n : 0));
    const probe = Math.max(0, fitting.indexOf(Math.max(...fitting)));
    for (const s of [one, many]) {
      const stats = s?.model.attentions.find((a) =>
        a.kind === target.kind && a.layer === target.layer
      );
      if (s && stats) grids.push(...headGrids(s, stats, probe));
    }
  }
  for (const s of sources.filter((s) => s !== many && s !== one)) {
    grids.push(...headGrids(s, mostDiverse(s.model), 0));
  }
  return grids;
}
