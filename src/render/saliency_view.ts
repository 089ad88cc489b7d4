/**
 * The `saliency` view: |gradient x input| per output token beside the model's own attention
 * over the same cells (grid_pair.ts: side by side when both fit), and the computed answer to
 * "is attention an explanation here?": Spearman's rho per output token, its mean and what the
 * mean says.
 */
import type { SaliencyResult } from "../app/attribution/saliency_text.ts";
import { renderGridPair } from "./grid_pair.ts";
import { renderHeatmap } from "./heatmap.ts";
import { attentionGrid } from "./attention_grid.ts";
import { cleanText, showToken, wrapWidth } from "./layout.ts";
import { type Bilingual, type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { attributionViewMessages } from "./attribution_view_messages.ts";
import { runViewMessages } from "./run_view_messages.ts";
import type { AttributionViewOptions } from "./rollout_view.ts";

const say = messagesOf(attributionViewMessages);
const sayRun = messagesOf(runViewMessages);

/** Mean rho at and above which attention agrees "largely", and below which "hardly". */
export const AGREEMENT = { high: 0.7, low: 0.3 } as const;

/** Renders a {@link SaliencyResult} within `o.width` columns. */
export function renderSaliency(r: SaliencyResult, o: AttributionViewOptions): string {
  const { lang, width } = o;
  const model = cleanText(r.model);
  const lines = [
    ...wrapWidth(say("view.saliency.title", { model })[lang], width),
    ...wrapWidth(`${cleanText(r.input.tokens.join(" "))} → ${cleanText(r.output.text)}`, width),
    "",
  ];
  const left = {
    title: say("view.saliency.left")[lang],
    site: "cross" as const, // rows: output tokens, cols: source tokens, nothing masked
    rows: r.rows,
    cols: r.cols,
    weights: r.weights,
  };
  const hint = sayRun("view.run.everyWeight")[lang];
  if (!r.attention || !r.agreement) {
    const grid = attentionGrid("cross", left);
    lines.push(
      renderHeatmap(grid.matrix, {
        palette: o.palette,
        lang,
        axes: grid.axes,
        width,
        colormap: o.colormap ?? "sequential",
        range: { min: 0, max: 1 },
        argmax: true,
        halfBlock: "auto",
        showValues: o.showValues,
        title: left.title,
        downsampleHint: hint,
      }),
      "",
      ...wrapWidth(say("view.saliency.noAttention", { model })[lang], width),
    );
  } else {
    const right = {
      ...left,
      title: attentionTitle(r.attention)[lang],
      weights: r.attention.weights,
    };
    lines.push(renderGridPair(left, right, { ...o, downsampleHint: hint }), "");
    for (const line of agreementNotes(r, r.agreement)) lines.push(...wrapWidth(line[lang], width));
  }
  lines.push(...wrapWidth(say("view.saliency.signed")[lang], width));
  return lines.join("\n");
}

/** The title of the attention the saliency is compared with. */
export function attentionTitle(a: NonNullable<SaliencyResult["attention"]>): Bilingual {
  return a.kind === "alignment"
    ? say("view.saliency.alignment")
    : say(`view.saliency.${a.kind}`, { layer: a.layer, heads: a.heads });
}

/** The per-row rho line and the verdict of the mean. */
export function agreementNotes(
  r: SaliencyResult,
  agreement: NonNullable<SaliencyResult["agreement"]>,
): Bilingual[] {
  const rows = (lang: Lang) => {
    const none = say("view.saliency.undefined")[lang];
    return r.rows.map((row, i) => {
      const rho = agreement.rows[i];
      return `${showToken(row)} ${rho === null ? none : rho.toFixed(2)}`;
    }).join(", ");
  };
  const mean = agreement.mean;
  const line = (lang: Lang) =>
    say("view.saliency.agreement", {
      perRow: rows(lang),
      mean: mean === null ? say("view.saliency.undefined")[lang] : mean.toFixed(2),
    })[lang];
  const lines: Bilingual[] = [{ en: line("en"), ko: line("ko") }];
  if (mean === null) return lines;
  const verdict: Bilingual = mean >= AGREEMENT.high
    ? say("view.saliency.strong", { high: AGREEMENT.high })
    : mean >= AGREEMENT.low
    ? say("view.saliency.partly", AGREEMENT)
    : say("view.saliency.weak", { low: AGREEMENT.low });
  return [...lines, verdict];
}
