/**
 * The `ablate` view as a figure: per step of the original output, its token (and, where the
 * output written with the heads off differs, that token after an arrow) and two bars, the
 * token's probability with every head on and with the heads off; the original and ablated
 * outputs, the view's verdict and legend as notes.
 */
import type { AblateResult } from "../app/ablate_heads.ts";
import type { Figure } from "./figure/figure.ts";
import { cleanText, showToken } from "./layout.ts";
import { verdict } from "./ablate_view.ts";
import { ablateViewMessages } from "./ablate_view_messages.ts";
import { viewFigureMessages } from "./view_figure_messages.ts";
import type { ViewFigureOptions } from "./view_figure_options.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(ablateViewMessages);
const words = messagesOf(viewFigureMessages);

/** The figure of an {@link AblateResult} (bars: no colormap to take). */
export function ablateFigure(r: AblateResult, o: Pick<ViewFigureOptions, "lang">): Figure {
  const { lang } = o;
  const { before, after, ablated } = r;
  const mode = r.mode === "mean"
    ? say("view.ablate.mean", { n: r.referenceSentences })
    : say("view.ablate.zero");
  const end = (finished: boolean) => finished ? "" : ` ${say("view.ablate.unfinished")[lang]}`;
  const labels = before.p.map((_, i) => {
    const token = `${i + 1} ${showToken(before.tokens[i])}`;
    const other = ablated.tokens[i];
    if (other === before.tokens[i]) return token;
    return `${token} → ${other === undefined ? say("view.ablate.end")[lang] : showToken(other)}`;
  });
  return {
    title: say("view.ablate.title", { model: r.model, heads: r.heads.join(", "), mode })[lang],
    subtitle: say("view.ablate.input", { tokens: r.input.tokens.map(showToken).join(" ") })[lang],
    panels: [{
      kind: "bars",
      title: words("viewFigure.ablate.bars")[lang],
      labels,
      valueLabel: words("viewFigure.ablate.p")[lang],
      series: [
        { name: say("view.ablate.col.on")[lang], values: before.p },
        { name: say("view.ablate.col.off")[lang], values: after.p },
      ],
    }],
    notes: [
      say("view.ablate.original", { text: cleanText(before.text) })[lang] + end(before.finished),
      say("view.ablate.ablated", { text: cleanText(ablated.text) })[lang] + end(ablated.finished),
      verdict(r)[lang],
      say("view.ablate.legend")[lang],
    ],
  };
}
