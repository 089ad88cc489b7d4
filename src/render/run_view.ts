/**
 * The plain `run` view: input tokens, output text, how decoding ended, a
 * heatmap of where the decoder looked (mean over heads of the last
 * cross-attention layer, or the RNN alignment) and the stage timings. The
 * rich views (every head, hidden states in color) belong to the REPL; --json
 * has everything.
 */
import { plural } from "../measure/format.ts";
import type { RunAttention, RunResult } from "../models/run_result.ts";
import { Palette } from "./color.ts";
import type { Colormap } from "./colormap.ts";
import { renderHeatmap } from "./heatmap.ts";
import { attentionGrid } from "./attention_grid.ts";
import type { Lang } from "../platform/i18n/messages.ts";
import { cleanText as clean, displayWidth, showToken, wrapWidth } from "./layout.ts";
import { renderTimings } from "./timings_view.ts";

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
  const lines: string[] = [];
  const d = result.decoding;
  lines.push(`model   ${clean(result.model)} (${result.backend})`);
  // A decoder-only GPT records self-attention only: its input went in as <bos> ... <sep>.
  const decoderOnly = result.attention.length > 0 &&
    result.attention.every((a) => a.kind === "decoder");
  lines.push(
    `input   ${
      result.input.tokens.map(showToken).join(" ")
    }  (${result.input.tokens.length} tokens${
      decoderOnly ? ", asked as <bos> ... <sep>" : " + <eos>"
    })`,
  );
  lines.push(`output  ${clean(result.output.text) || "(nothing)"}`);
  const method = d.method === "beam" ? `beam search, width ${d.beam}` : "greedy";
  const steps = d.steps;
  lines.push(
    `        ${method}, ${steps} step${steps === 1 ? "" : "s"}, ${
      d.finished ? "stopped at <eos>" : `reached the ${d.maxSteps}-step limit without <eos>`
    }${d.score === undefined ? "" : `, score ${d.score.toFixed(4)} (log-prob per token)`}`,
  );
  const shown = pickAttention(result.attention);
  if (shown) {
    lines.push("");
    const grid = attentionGrid(decoderOnly ? "decoder" : "cross", shown);
    lines.push(
      ...renderHeatmap(
        grid.matrix,
        {
          palette,
          lang: options.lang,
          axes: grid.axes,
          width: columns,
          colormap: options.colormap ?? "sequential",
          showValues: options.showValues,
          range: { min: 0, max: 1 }, // probabilities: the same color means the same weight in every run
          argmax: true,
          halfBlock: "auto", // long sequences: two rows per line with color
          title: shown.title,
          downsampleHint: "use --json for every weight",
        },
      ).split("\n"),
    );
  }
  if (result.timings.length > 0) {
    lines.push("");
    lines.push(...renderTimings(result.timings, options.lang ?? "en", columns));
  }
  const kinds = new Set(result.attention.map((a) => a.kind));
  if (kinds.size > 0) {
    lines.push(
      `use --json for ${result.attention.length === 1 ? "the" : "all"} ${
        plural(result.attention.length, "attention matrix", "attention matrices")
      } (${[...kinds].join(", ")}) and ${
        plural(result.hidden.length, "layer", "layers")
      } of hidden states`,
    );
  }
  // Text lines wrap at the width; the heatmap already fits it.
  return lines.flatMap((l) => (displayWidth(l) > columns ? wrapWidth(l, columns) : [l])).join("\n");
}

/** The matrix a learner wants first: the last cross-attention layer (mean of heads) or the RNN alignment. */
function pickAttention(
  attention: RunAttention[],
): { title: string; rows: string[]; cols: string[]; weights: number[][] } | null {
  const alignment = attention.find((a) => a.kind === "alignment");
  if (alignment) {
    return { title: "alignment (rows: output steps, cols: source)", ...alignment };
  }
  const cross = attention.filter((a) => a.kind === "cross");
  if (cross.length === 0) return pickSelfAttention(attention);
  const layer = Math.max(...cross.map((a) => a.layer));
  const heads = cross.filter((a) => a.layer === layer);
  const { rows, cols } = heads[0];
  const weights = rows.map((_, i) =>
    cols.map((_, j) => heads.reduce((s, h) => s + h.weights[i][j], 0) / heads.length)
  );
  return {
    title:
      `cross-attention, layer ${layer}, mean of ${heads.length} heads (rows: output steps, cols: source)`,
    rows,
    cols,
    weights,
  };
}

/**
 * A GPT's grid: the last layer's self-attention, mean of heads, over prompt + output (rows read
 * cols at or before them): the output rows looking at the Korean cols is translation.
 */
function pickSelfAttention(
  attention: RunAttention[],
): { title: string; rows: string[]; cols: string[]; weights: number[][] } | null {
  if (attention.length === 0 || attention.some((a) => a.kind !== "decoder")) return null;
  const layer = Math.max(...attention.map((a) => a.layer));
  const heads = attention.filter((a) => a.layer === layer);
  const { rows, cols } = heads[0];
  const weights = rows.map((_, i) =>
    cols.map((_, j) => heads.reduce((s, h) => s + h.weights[i][j], 0) / heads.length)
  );
  return {
    title:
      `self-attention (decoder-only), layer ${layer}, mean of ${heads.length} heads (rows and cols: prompt + output)`,
    rows,
    cols,
    weights,
  };
}
