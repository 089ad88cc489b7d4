/**
 * The `step` view of a decoder-only GPT: its generation with the KV cache, one pass per frame.
 * The prefill frame draws the prompt's causal grid (every position's keys and values go into the
 * cache at once); each later frame draws the one new query row over every cached position, with
 * the masked cells of a causal grid where a position may not look, and a bar of the cache filling
 * the room allocated for it. The bytes are the cache's own (`KvCache.usedBytes`), never recomputed.
 */
import type { GptStepFrame, StepResult } from "../app/step_frames.ts";
import { formatBytes } from "../measure/format.ts";
import { type Bilingual, type Lang, messagesOf } from "../platform/i18n/messages.ts";
import type { Palette } from "./color.ts";
import type { Colormap } from "./colormap.ts";
import { renderHeatmap } from "./heatmap.ts";
import { cleanText, showToken, wrapWidth } from "./layout.ts";
import { runViewMessages } from "./run_view_messages.ts";
import { stepViewMessages } from "./step_view_messages.ts";

const say = messagesOf(stepViewMessages);
const sayRun = messagesOf(runViewMessages);

/** Widest the cache bar gets, in cells. */
const BAR_CELLS = 32;

/** The lines before a GPT's first frame: what the model is, and how the cache's bytes add up. */
export function renderGptStepHeader(r: StepResult, width: number, lang: Lang): string {
  const gpt = r.gpt;
  const lines = [
    say("view.step.gptHeader", {
      model: cleanText(r.model),
      prompt: (gpt?.prompt ?? r.input).map(showToken).join(" "),
      output: cleanText(r.output) || sayRun("view.run.nothing")[lang],
      n: r.frames.length,
    })[lang],
  ];
  if (gpt) {
    lines.push(
      say("view.step.gptCacheSize", {
        layers: gpt.layers,
        heads: gpt.heads,
        dHead: gpt.dHead,
        positions: gpt.allocatedPositions,
        bytes: formatBytes(gpt.allocatedBytes),
      })[lang],
      say("view.step.p")[lang],
    );
  }
  return lines.flatMap((l) => wrapWidth(l, width)).join("\n");
}

/** How to draw a GPT frame (step_view.ts's options). */
export interface GptStepViewOptions {
  palette: Palette;
  width: number;
  colormap?: Colormap;
  showValues?: boolean;
  lang: Lang;
}

/** Renders one generation step: its title, the attention over the cache, the cache's size. */
export function renderGptStepFrame(
  r: StepResult,
  f: GptStepFrame,
  head: string,
  o: GptStepViewOptions,
): string {
  const { lang } = o;
  const { title, gridTitle, masked } = gptFrameTitles(f);
  const m = f.attention;
  const prefill = f.step === 1;
  const grid = renderHeatmap({
    rows: m.rows,
    cols: m.cols,
    values: m.weights,
    masked,
  }, {
    palette: o.palette,
    lang,
    axes: { rows: say("view.step.queryAxis"), cols: say("view.step.keyAxis") },
    width: o.width,
    colormap: o.colormap ?? "sequential",
    range: { min: 0, max: 1 },
    argmax: true,
    halfBlock: "auto",
    showValues: o.showValues,
    title: gridTitle[lang],
  });
  const size = { positions: f.cache.positions, bytes: formatBytes(f.cache.bytes) };
  const cache = prefill
    ? say("view.step.cachePrefill", { ...size, exact: f.cache.bytes })
    : say("view.step.cacheGrew", { ...size, exact: f.cache.bytes, token: showToken(f.read[0]) });
  return [
    ...wrapWidth(head + title[lang], o.width),
    grid,
    ...wrapWidth(cache[lang], o.width),
    cacheBar(f.cache.positions, r.gpt?.allocatedPositions ?? f.cache.positions, o.width),
  ].join("\n");
}

/**
 * The cache as a bar: one cell per position held (`█`), one per position still free (`·`),
 * scaled down when the room is wider than {@link BAR_CELLS} or the terminal.
 */
function cacheBar(positions: number, room: number, width: number): string {
  const cells = Math.max(1, Math.min(room, BAR_CELLS, width - 2));
  const filled = Math.round((positions / Math.max(1, room)) * cells);
  return `[${"█".repeat(filled)}${"·".repeat(cells - filled)}]`;
}

/**
 * A generation step's words (the step's title and its grid's, in both languages) and its grid's
 * mask: row i is position offset + i, which sees the cached positions up to itself.
 */
export function gptFrameTitles(
  f: GptStepFrame,
): { title: Bilingual; gridTitle: Bilingual; masked: boolean[][] } {
  const token = showToken(f.token);
  const p = f.p.toFixed(2);
  const prefill = f.step === 1;
  const title = prefill
    ? say("view.step.prefill", { n: f.read.length, token, p })
    : say("view.step.generation", {
      step: f.step,
      read: f.read.map(showToken).join(" "),
      token,
      p,
    });
  const m = f.attention;
  const offset = m.cols.length - m.rows.length; // row i is position offset + i
  const gridTitle = prefill
    ? say("view.step.prefillGrid", { layer: m.layer ?? 0, heads: m.heads ?? 1 })
    : say("view.step.newQuery", {
      layer: m.layer ?? 0,
      token: f.read.map(showToken).join(" "),
      n: m.cols.length,
      heads: m.heads ?? 1,
    });
  const masked = m.rows.map((_, i) => m.cols.map((_, j) => j > offset + i));
  return { title, gridTitle, masked };
}
