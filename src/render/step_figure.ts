/**
 * The `step` view as a Figure: every frame at once (as `step --all` prints them), one panel per
 * attention matrix and per strip of states, each titled with its frame (`frame 2/5: ...`). The
 * strips are heatmaps with a column per unit on the run's one diverging scale, so frames still
 * compare cell by cell; attention is on 0..1 in the session's colormap.
 */
import type { StepFrame, StepMatrix, StepResult } from "../app/step_frames.ts";
import { matrixTitle, renderStepHeader } from "./step_view.ts";
import { gptFrameTitles } from "./gpt_step_view.ts";
import { stepViewMessages } from "./step_view_messages.ts";
import { showToken } from "./layout.ts";
import type { Figure, HeatmapPanel } from "./figure/figure.ts";
import { attentionPanel, type AttentionPanelStyle, heatmapPanel } from "./figure/heatmap_panel.ts";
import { figureMessages } from "./figure/figure_messages.ts";
import { type Bilingual, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(stepViewMessages);
const sayFigure = messagesOf(figureMessages);

/** The figure of a {@link StepResult}: all its frames. */
export function stepFigure(r: StepResult, style: AttentionPanelStyle): Figure {
  const header = renderStepHeader(r, Number.MAX_SAFE_INTEGER, style.lang).split("\n");
  const panels = r.frames.flatMap((f, i) => {
    const head = say("view.step.frame", { i: i + 1, n: r.frames.length })[style.lang]
      .replace(/^─+\s*/, "");
    return framePanels(r, f, head, style);
  });
  return { title: `step`, subtitle: header[0], panels, notes: header.slice(1) };
}

/** The panels of one frame, each title starting with `head`. */
function framePanels(
  r: StepResult,
  f: StepFrame,
  head: string,
  style: AttentionPanelStyle,
): HeatmapPanel[] {
  const { lang } = style;
  const strip = (title: Bilingual, rows: { label: string; values: number[] }[]) =>
    stripPanel(r, head + title[lang], rows, style);
  const heat = (m: StepMatrix, site = m.site) =>
    attentionPanel(site, m, head + matrixTitle(m, lang), style);
  if (f.kind === "gpt-generation") {
    const { title, gridTitle, masked } = gptFrameTitles(f);
    const m = f.attention;
    return [
      attentionPanel("decoder-only", m, `${head}${title[lang]}: ${gridTitle[lang]}`, style, masked),
    ];
  }
  if (f.kind === "rnn-encoder") {
    const token = showToken(f.token);
    return [
      strip(
        say("view.step.encoderState", { step: f.step, token }),
        f.states.map((values, l) => ({
          label:
            (f.states.length > 1 ? say("view.step.layer", { layer: l }) : say("view.step.state"))[
              lang
            ],
          values,
        })),
      ),
    ];
  }
  if (f.kind === "rnn-decoder") {
    const rows = f.states.map((values, l) => ({
      label: `s${f.step}${f.states.length > 1 ? ` L${l}` : ""}`,
      values,
    }));
    if (f.context) rows.unshift({ label: `c${f.step}`, values: f.context });
    const t = f.step;
    return [
      ...(f.attention ? [heat(f.attention, f.attention.site ?? "alignment")] : []),
      strip(say(f.context ? "view.step.context" : "view.step.noAttention", { t }), rows),
    ];
  }
  const where = say(f.where === "encoder" ? "view.step.encoder" : "view.step.decoder");
  return [
    ...f.attention.map((m) => heat(m)),
    strip(
      say("view.step.output", { where, layer: f.layer }),
      f.output.map((values, i) => ({ label: f.labels[i] ?? String(i), values })),
    ),
  ];
}

/** Strips of states as a heatmap: a row per strip, a column per unit, the run's scale. */
function stripPanel(
  r: StepResult,
  title: string,
  rows: { label: string; values: number[] }[],
  style: AttentionPanelStyle,
): HeatmapPanel {
  return heatmapPanel({
    rows: rows.map((s) => s.label),
    cols: (rows[0]?.values ?? []).map((_, j) => String(j)),
    values: rows.map((s) => s.values),
  }, {
    title,
    axes: { rows: "", cols: sayFigure("figure.axis.unit") },
    colormap: "diverging",
    range: r.range,
    legend: sayFigure("figure.legend.state")[style.lang],
    lang: style.lang,
  });
}
