/**
 * The plain `run` view: input tokens, output text, how decoding ended, a
 * heatmap of where the decoder looked (mean over heads of the last
 * cross-attention layer, or the RNN alignment) and the stage timings. The
 * rich views (every head, hidden states in color) belong to the REPL; --json
 * has everything.
 */
import type { RunAttention, RunResult } from "../models/run_result.ts";
import { Palette } from "./color.ts";
import type { Colormap } from "./colormap.ts";
import { renderHeatmap } from "./heatmap.ts";
import { attentionGrid } from "./attention_grid.ts";
import { type Bilingual, joinMessages, type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { cleanText as clean, displayWidth, padEndWidth, showToken, wrapWidth } from "./layout.ts";
import { runViewMessages } from "./run_view_messages.ts";
import { renderTimings } from "./timings_view.ts";

const say = messagesOf(runViewMessages);

/**
 * Renders a run result within `columns` (default 80), in `palette`'s colors
 * (default none: shade characters).
 */
export function renderRun(
  result: RunResult,
  options: {
    columns?: number;
    palette?: Palette;
    /** The session's colormap (`set colormap`); default viridis. */
    colormap?: Colormap;
    /** Print weights in the cells (`set values on`). */
    showValues?: boolean;
    /** The language of the grid's legend, the timings and their legend; default English. */
    lang?: Lang;
  } = {},
): string {
  const columns = options.columns ?? 80;
  const palette = options.palette ?? new Palette(0);
  const lang = options.lang ?? "en";
  const lines = headLines(result, lang);
  const shown = pickAttention(result.attention);
  if (shown) {
    lines.push("");
    // A decoder-only GPT's grid is its causal self-attention (masked above the diagonal).
    const decoderOnly = result.attention.every((a) => a.kind === "decoder");
    const grid = attentionGrid(decoderOnly ? "decoder-only" : "cross", shown);
    lines.push(
      ...renderHeatmap(
        grid.matrix,
        {
          palette,
          lang,
          axes: grid.axes,
          width: columns,
          colormap: options.colormap ?? "sequential",
          showValues: options.showValues,
          range: { min: 0, max: 1 }, // probabilities: the same color means the same weight in every run
          argmax: true,
          halfBlock: "auto", // long sequences: two rows per line with color
          title: shown.title[lang],
          downsampleHint: say("view.run.everyWeight")[lang],
        },
      ).split("\n"),
    );
  }
  if (result.timings.length > 0) {
    lines.push("");
    lines.push(...renderTimings(result.timings, lang, columns));
  }
  const kinds = new Set(result.attention.map((a) => a.kind));
  if (kinds.size > 0) {
    const n = result.attention.length;
    const layers = result.hidden.length;
    const attention = {
      matrices: say(n === 1 ? "view.run.matrix" : "view.run.matrices", { n }),
      kinds: joinMessages([...kinds].map((k) => say(`view.run.kind.${k}`)), {
        en: ", ",
        ko: ", ",
      }),
    };
    // A run that recorded no hidden states (a GPT's run records attention only) names none.
    lines.push(
      (layers === 0 ? say("view.run.jsonAttention", attention) : say("view.run.json", {
        ...attention,
        layers: say(layers === 1 ? "view.run.layer" : "view.run.layers", { n: layers }),
      }))[lang],
    );
  }
  // Text lines wrap at the width; the heatmap already fits it.
  return lines.flatMap((l) => (displayWidth(l) > columns ? wrapWidth(l, columns) : [l])).join("\n");
}

/** The lines above the grid: model, input, output and how decoding ended, labels aligned. */
export function headLines(result: RunResult, lang: Lang): string[] {
  const label = (["view.run.model", "view.run.input", "view.run.output"] as const).map((id) =>
    say(id)[lang]
  );
  const width = Math.max(...label.map(displayWidth)) + 2;
  const [model, input, output] = label.map((l) => padEndWidth(l, width));
  const d = result.decoding;
  const method = d.method === "beam"
    ? say("view.run.beam", { beam: String(d.beam) })
    : say("view.run.greedy");
  const steps = say(d.steps === 1 ? "view.run.step" : "view.run.steps", { n: d.steps });
  const end = d.finished ? say("view.run.stopped") : say("view.run.limit", { max: d.maxSteps });
  const score = d.score === undefined
    ? ""
    : say("view.run.score", { score: d.score.toFixed(4) })[lang];
  const tokens = result.input.tokens;
  // A decoder-only GPT records self-attention only: its input went in as <bos> ... <sep>.
  const decoderOnly = result.attention.length > 0 &&
    result.attention.every((a) => a.kind === "decoder");
  const count = say(decoderOnly ? "view.run.promptTokens" : "view.run.tokens", {
    n: tokens.length,
  });
  return [
    `${model}${clean(result.model)} (${result.backend})`,
    `${input}${tokens.map(showToken).join(" ")}  ${count[lang]}`,
    `${output}${clean(result.output.text) || say("view.run.nothing")[lang]}`,
    `${" ".repeat(width)}${method[lang]}, ${steps[lang]}, ${end[lang]}${score}`,
  ];
}

/** The grid `run` draws: its title, labels and weights. */
export type RunGrid = { title: Bilingual; rows: string[]; cols: string[]; weights: number[][] };

/**
 * The matrix a learner wants first: the RNN alignment, else the last cross-attention layer, else
 * (a GPT) the last layer's self-attention over prompt + output, whose output rows looking at the
 * Korean columns are the translation; a layer's heads shown as their mean.
 */
export function pickAttention(attention: RunAttention[]): RunGrid | null {
  const alignment = attention.find((a) => a.kind === "alignment");
  if (alignment) return { title: say("view.run.alignmentTitle"), ...alignment };
  const cross = attention.filter((a) => a.kind === "cross");
  const decoderOnly = attention.length > 0 && attention.every((a) => a.kind === "decoder");
  const site = cross.length > 0 ? cross : decoderOnly ? attention : [];
  if (site.length === 0) return null;
  const layer = Math.max(...site.map((a) => a.layer));
  const heads = site.filter((a) => a.layer === layer);
  const { rows, cols } = heads[0];
  const weights = rows.map((_, i) =>
    cols.map((_, j) => heads.reduce((s, h) => s + h.weights[i][j], 0) / heads.length)
  );
  const title = cross.length > 0 ? "view.run.crossTitle" : "view.run.selfTitle";
  return { title: say(title, { layer, heads: heads.length }), rows, cols, weights };
}
