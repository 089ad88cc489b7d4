/**
 * An attention matrix as a grid: what its rows and columns are, and which cells a mask hid
 * (decoder self-attention is causal: output step i never sees the tokens fed back after it).
 * run, attn and step draw their matrices through this, so a causal triangle always shows `·`.
 * A decoder-only GPT's self-attention is causal too, but its rows and columns are the same
 * tokens (prompt + output): row i is the token at position i, which predicts the next one.
 */
import type { Bilingual } from "../platform/i18n/messages.ts";
import { gridMessages } from "./grid_messages.ts";
import { causalMask, type HeatmapMatrix } from "./heatmap.ts";

/**
 * Which matrix: encoder self-, decoder self-, cross-attention, the RNN alignment, or the
 * self-attention of a decoder-only model (a GPT: one sequence on both axes).
 */
export type GridSite = "encoder" | "decoder" | "cross" | "alignment" | "decoder-only";

/** The matrix (masked where the site's mask hides a key) and its axes for the legend. */
export function attentionGrid(
  site: GridSite | undefined,
  m: { rows: readonly string[]; cols: readonly string[]; weights: readonly (readonly number[])[] },
): { matrix: HeatmapMatrix; axes?: { rows: Bilingual; cols: Bilingual } } {
  const matrix: HeatmapMatrix = {
    rows: m.rows,
    cols: m.cols,
    values: m.weights,
    masked: site === "decoder" || site === "decoder-only"
      ? causalMask(m.rows.length, m.cols.length)
      : undefined,
  };
  const axes = site === undefined
    ? undefined
    : site === "encoder"
    ? { rows: gridMessages["axis.sourcePosition"], cols: gridMessages["axis.sourceToken"] }
    : site === "decoder"
    ? { rows: gridMessages["axis.outputToken"], cols: gridMessages["axis.fedBack"] }
    : site === "decoder-only"
    ? { rows: gridMessages["axis.sequenceQuery"], cols: gridMessages["axis.sequenceKey"] }
    : { rows: gridMessages["axis.outputToken"], cols: gridMessages["axis.sourceToken"] };
  return { matrix, axes };
}
