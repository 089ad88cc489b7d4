/**
 * The `rollout` view: the attention rollout beside the last layer's raw attention (grid_pair.ts:
 * side by side when both fit), and a computed line of how far apart they are, with what that
 * distance says.
 */
import type { RolloutResult } from "../app/attribution/rollout_text.ts";
import type { Palette } from "./color.ts";
import type { Colormap } from "./colormap.ts";
import { renderGridPair } from "./grid_pair.ts";
import { cleanText, wrapWidth } from "./layout.ts";
import { type Bilingual, type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { attributionViewMessages } from "./attribution_view_messages.ts";
import { runViewMessages } from "./run_view_messages.ts";

const say = messagesOf(attributionViewMessages);
const sayRun = messagesOf(runViewMessages);

/** Mean divergence (bits) below which rollout and raw attention read as close. */
export const CLOSE_BITS = 0.1;

/** What the distance says: close, close in weight but not in ranking, or apart. */
function verdict(meanJs: number, differ: number): Bilingual {
  if (meanJs >= CLOSE_BITS) return say("view.rollout.far", { limit: CLOSE_BITS });
  if (differ > 0) return say("view.rollout.closeButMoved", { limit: CLOSE_BITS, differ });
  return say("view.rollout.close", { limit: CLOSE_BITS });
}

/** How to draw {@link renderRollout}. */
export interface AttributionViewOptions {
  palette: Palette;
  width: number;
  colormap?: Colormap;
  showValues?: boolean;
  lang: Lang;
}

/** Renders a {@link RolloutResult} within `o.width` columns. */
export function renderRollout(r: RolloutResult, o: AttributionViewOptions): string {
  const { lang, width } = o;
  const site = r.kind; // encoder: source x source; decoder: causal, every position
  const lines = [
    ...wrapWidth(
      say("view.rollout.title", {
        model: cleanText(r.model),
        stack: say(`view.rollout.${r.kind}`),
        layers: r.layers,
      })[lang],
      width,
    ),
    ...wrapWidth(`${cleanText(r.input.tokens.join(" "))} → ${cleanText(r.output.text)}`, width),
    "",
    renderGridPair(
      {
        title: say("view.rollout.left", { last: r.layers - 1 })[lang],
        site,
        rows: r.rows,
        cols: r.cols,
        weights: r.weights,
      },
      {
        title: say("view.rollout.right", { layer: r.layers - 1, heads: r.heads })[lang],
        site,
        rows: r.rows,
        cols: r.cols,
        weights: r.raw,
      },
      { ...o, downsampleHint: sayRun("view.run.everyWeight")[lang] },
    ),
    "",
  ];
  for (const note of rolloutNotes(r)) lines.push(...wrapWidth(note[lang], width));
  return lines.join("\n");
}

/** The lines under the grids: how far apart rollout and raw attention are, and what it says. */
export function rolloutNotes(r: RolloutResult): Bilingual[] {
  const d = r.distance;
  const differ = Math.round(d.argmaxDiffers * r.rows.length);
  return [
    say("view.rollout.distance", { js: d.meanJs.toFixed(3), differ, rows: r.rows.length }),
    verdict(d.meanJs, differ),
  ];
}
