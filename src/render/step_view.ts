/**
 * The `step` view: a model's run one step at a time. Each frame shows only
 * what that step added, so printing the frames one per Enter, or all at once
 * with --all, gives the same text:
 * - RNN encoder step j: the state after reading token j (one strip per layer);
 * - RNN decoder step t: the attention rows formed so far (the newest last),
 *   the context vector c_t = sum_j a_tj h_j, the state s_t and the token chosen;
 * - Transformer layer l: its attention (mean of heads) and its output per
 *   position, encoder layers first, then decoder layers with cross-attention;
 * - GPT generation step t: the attention of the new position over the KV cache and the cache's
 *   size (gpt_step_view.ts).
 * All strips of a run share one diverging scale, so frames compare cell by cell.
 */
import type { StepMatrix, StepResult } from "../app/step_frames.ts";
import type { Palette } from "./color.ts";
import type { Colormap } from "./colormap.ts";
import { renderHeatmap } from "./heatmap.ts";
import { attentionGrid } from "./attention_grid.ts";
import { type Bilingual, type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { stepViewMessages } from "./step_view_messages.ts";
import { runViewMessages } from "./run_view_messages.ts";
import { cleanText, showToken, wrapWidth } from "./layout.ts";
import { renderStrips } from "./strip.ts";
import { renderGptStepFrame, renderGptStepHeader } from "./gpt_step_view.ts";

const say = messagesOf(stepViewMessages);
const sayRun = messagesOf(runViewMessages);

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
export function renderStepHeader(r: StepResult, width: number, lang: Lang = "en"): string {
  if (r.family === "gpt") return renderGptStepHeader(r, width, lang);
  return wrapWidth(
    say("view.step.header", {
      model: cleanText(r.model),
      input: r.input.map(showToken).join(" "),
      output: cleanText(r.output) || sayRun("view.run.nothing")[lang],
      unit: say(r.family === "rnn" ? "view.step.oneStep" : "view.step.oneLayer"),
      n: r.frames.length,
    })[lang],
    width,
  ).join("\n");
}

/** A matrix's title in the view's language (the result's own title is English). */
export function matrixTitle(m: StepMatrix, lang: Lang): string {
  if (m.site === "alignment") return say("view.step.alignment", { t: m.rows.length })[lang];
  if (m.site === undefined || m.layer === undefined || m.heads === undefined) return m.title;
  const where = say(m.site === "encoder" ? "view.step.encoder" : "view.step.decoder");
  const id = m.site === "encoder"
    ? "view.step.self"
    : m.site === "decoder"
    ? "view.step.masked"
    : "view.step.cross";
  return say(id, { where, layer: m.layer, heads: m.heads })[lang];
}

/** Renders frame `index` of `r`. */
export function renderStepFrame(r: StepResult, index: number, o: StepViewOptions): string {
  const lang = o.lang ?? "en";
  const f = r.frames[index];
  const strip = (title: Bilingual, rows: { label: string; values: number[] }[]) =>
    renderStrips(rows, {
      palette: o.palette,
      width: o.width,
      range: r.range,
      title: title[lang],
      lang,
    });
  const heat = (m: StepMatrix) => {
    const grid = attentionGrid(m.site ?? (f.kind === "rnn-decoder" ? "alignment" : undefined), m);
    return renderHeatmap(grid.matrix, {
      palette: o.palette,
      lang,
      axes: grid.axes,
      width: o.width,
      colormap: o.colormap ?? "sequential",
      range: { min: 0, max: 1 },
      argmax: true,
      halfBlock: "auto", // long sequences: two rows per line with color
      showValues: o.showValues,
      title: matrixTitle(m, lang),
    });
  };
  const head = say("view.step.frame", { i: index + 1, n: r.frames.length })[lang];
  if (f.kind === "gpt-generation") return renderGptStepFrame(r, f, head, { ...o, lang });
  if (f.kind === "rnn-encoder") {
    const token = showToken(f.token);
    const label = (l: number) =>
      (f.states.length > 1 ? say("view.step.layer", { layer: l }) : say("view.step.state"))[lang];
    return [
      head + say("view.step.encoderStep", { step: f.step, token })[lang],
      strip(
        say("view.step.encoderState", { step: f.step, token }),
        f.states.map((values, l) => ({ label: label(l), values })),
      ),
    ].join("\n");
  }
  if (f.kind === "rnn-decoder") {
    const parts = [
      head + say("view.step.decoderStep", { step: f.step, token: showToken(f.token) })[lang],
    ];
    if (f.attention) parts.push(heat(f.attention));
    const rows = f.states.map((values, l) => ({
      label: `s${f.step}${f.states.length > 1 ? ` L${l}` : ""}`,
      values,
    }));
    if (f.context) rows.unshift({ label: `c${f.step}`, values: f.context });
    const t = f.step;
    parts.push(strip(say(f.context ? "view.step.context" : "view.step.noAttention", { t }), rows));
    return parts.join("\n");
  }
  const where = say(f.where === "encoder" ? "view.step.encoder" : "view.step.decoder");
  return [
    head + say("view.step.where", { where, layer: f.layer })[lang],
    ...f.attention.map(heat),
    strip(
      say("view.step.output", { where, layer: f.layer }),
      f.output.map((values, i) => ({ label: f.labels[i] ?? String(i), values })),
    ),
  ].join("\n");
}

/** Every frame at once (--all, or when stdout is not a terminal). */
export function renderStepAll(r: StepResult, o: StepViewOptions): string {
  return [renderStepHeader(r, o.width, o.lang), ...r.frames.map((_, i) => renderStepFrame(r, i, o))]
    .join("\n\n");
}
