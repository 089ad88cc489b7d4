/**
 * The `step` view: a model's run one step at a time. Each frame shows only
 * what that step added, so printing the frames one per Enter, or all at once
 * with --all, gives the same text:
 * - RNN encoder step j: the state after reading token j (one strip per layer);
 * - RNN decoder step t: the attention rows formed so far (the newest last),
 *   the context vector c_t = sum_j a_tj h_j, the state s_t and the token chosen;
 * - Transformer layer l: its attention (mean of heads) and its output per
 *   position, encoder layers first, then decoder layers with cross-attention.
 * All strips of a run share one diverging scale, so frames compare cell by cell.
 */
import type { StepMatrix, StepResult } from "../app/step_frames.ts";
import type { Palette } from "./color.ts";
import type { Colormap } from "./colormap.ts";
import { renderHeatmap } from "./heatmap.ts";
import { attentionGrid } from "./attention_grid.ts";
import type { Lang } from "../platform/i18n/messages.ts";
import { cleanText, showToken, wrapWidth } from "./layout.ts";
import { renderStrips } from "./strip.ts";

/** How to draw frames. */
export interface StepViewOptions {
  palette: Palette;
  width: number;
  colormap?: Colormap;
  showValues?: boolean;
  /** Language of the grid legends; default English. */
  lang?: Lang;
}

/** The line before the first frame. */
export function renderStepHeader(r: StepResult, width: number): string {
  const unit = r.family === "rnn" ? "one step" : "one layer";
  return wrapWidth(
    `${cleanText(r.model)}: ${r.input.map(showToken).join(" ")} -> ${
      cleanText(r.output) || "(nothing)"
    }, ${unit} at a time (${r.frames.length} frames)`,
    width,
  ).join("\n");
}

/** Renders frame `index` of `r`. */
export function renderStepFrame(r: StepResult, index: number, o: StepViewOptions): string {
  const f = r.frames[index];
  const strip = (title: string, rows: { label: string; values: number[] }[]) =>
    renderStrips(rows, { palette: o.palette, width: o.width, range: r.range, title, lang: o.lang });
  const heat = (m: StepMatrix) => {
    const grid = attentionGrid(m.site ?? (f.kind === "rnn-decoder" ? "alignment" : undefined), m);
    return renderHeatmap(grid.matrix, {
      palette: o.palette,
      lang: o.lang,
      axes: grid.axes,
      width: o.width,
      colormap: o.colormap ?? "sequential",
      range: { min: 0, max: 1 },
      argmax: true,
      halfBlock: "auto", // long sequences: two rows per line with color
      showValues: o.showValues,
      title: m.title,
    });
  };
  const layerLabel = (l: number, n: number) => (n > 1 ? `layer ${l}` : "state");
  const head = `── frame ${index + 1}/${r.frames.length}: `;
  if (f.kind === "rnn-encoder") {
    return [
      `${head}encoder step ${f.step} reads ${showToken(f.token)}`,
      strip(
        `h${f.step}, the encoder state after ${showToken(f.token)}`,
        f.states.map((values, l) => ({ label: layerLabel(l, f.states.length), values })),
      ),
    ].join("\n");
  }
  if (f.kind === "rnn-decoder") {
    const parts = [`${head}decoder step ${f.step} emits ${showToken(f.token)}`];
    if (f.attention) parts.push(heat(f.attention));
    const rows = f.states.map((values, l) => ({
      label: `s${f.step}${f.states.length > 1 ? ` L${l}` : ""}`,
      values,
    }));
    if (f.context) rows.unshift({ label: `c${f.step}`, values: f.context });
    parts.push(
      strip(
        f.context
          ? `c${f.step} = sum of encoder states weighted by row ${f.step}; s${f.step} = decoder state`
          : `s${f.step}, the decoder state (no attention: it carries everything)`,
        rows,
      ),
    );
    return parts.join("\n");
  }
  return [
    `${head}${f.where} layer ${f.layer}`,
    ...f.attention.map(heat),
    strip(
      `${f.where} layer ${f.layer} output, one row per position`,
      f.output.map((values, i) => ({ label: f.labels[i] ?? String(i), values })),
    ),
  ].join("\n");
}

/** Every frame at once (--all, or when stdout is not a terminal). */
export function renderStepAll(r: StepResult, o: StepViewOptions): string {
  return [renderStepHeader(r, o.width), ...r.frames.map((_, i) => renderStepFrame(r, i, o))]
    .join("\n\n");
}
