/**
 * The `lens` view: a grid of layers (rows, bottom-up: the input tokens at the bottom, then the
 * embedding, the layers, and the actual next tokens on top) by positions (columns), each cell
 * the top token of that layer's readout, its background coloured by its probability with the
 * session's colormap (0..1, as the attention grids), `*` where it is the position's actual next
 * token. Cells grow with the terminal (grid_fit.ts); positions that do not fit go on in a
 * second band below. Under the grid: the legend, how often each layer is right, and from which
 * layer on the final prediction is already the top token.
 *
 *   next   I     am    a     student <eos>
 *   layer1 *I    *am   *a    *stud…  *<eos>
 *   embed  나    는    <eos> a       a
 *   input  <bos> I     am    a       student
 */
import type { LensLayer, LensResult } from "../app/logit_lens.ts";
import { Palette } from "./color.ts";
import { type Colormap, extent, normalize } from "./colormap.ts";
import { namedColormap } from "./colormaps.ts";
import { fitCells, MAX_CELL } from "./grid_fit.ts";
import { renderLegend } from "./legend.ts";
import {
  cleanText,
  displayWidth,
  padEndWidth,
  showToken,
  truncateWidth,
  wrapWidth,
} from "./layout.ts";
import { lensViewMessages } from "./lens_view_messages.ts";
import { type Bilingual, type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(lensViewMessages);

/** Narrowest cell: four columns of token, a mark and a space between cells. */
const MIN_CELL = 6;
/** The mark of a cell whose top token is the position's actual next token. */
export const NEXT_MARK = "*";
/** Longest row label, as a fraction of the width. */
const MAX_LABEL_FRACTION = 1 / 4;

/** How to draw a lens. */
export interface LensViewOptions {
  palette: Palette;
  width: number;
  lang: Lang;
  /** The session's sequential colormap (default viridis). */
  colormap?: Colormap;
}

/** Renders a {@link LensResult} within `width` columns. */
export function renderLens(r: LensResult, o: LensViewOptions): string {
  const width = Math.max(20, Math.floor(o.width));
  const { palette, lang } = o;
  const map = o.colormap ?? namedColormap("viridis");
  const wrap = (text: string) => wrapWidth(text, width);
  const rnn = r.arch === "gru" || r.arch === "lstm";
  const title = say(rnn ? "view.lens.titleRnn" : "view.lens.title", { model: cleanText(r.model) });
  const text = cleanText(r.output.text);
  const mode = r.mode === "seq2seq"
    ? say("view.lens.seq2seq", { text })
    : say(r.mode === "translate" ? "view.lens.translate" : "view.lens.continue", { text });
  const lines = [...wrap(title[lang]).map((l) => palette.bold(l)), ...wrap(mode[lang]), ""];
  lines.push(...grid(r, { ...o, width, map }));
  const tops = r.layers.flatMap((l) => l.top.map((c) => c[0].p));
  lines.push(
    ...renderLegend({
      colormap: map,
      range: { min: 0, max: 1 },
      data: extent(tops),
      palette,
      width,
      lang,
    }),
  );
  lines.push(...wrap(say("view.lens.axes", { mark: NEXT_MARK })[lang]));
  lines.push(...wrap(hitsLine(r, lang)));
  lines.push(...wrap(settledLine(r)[lang]));
  if (rnn) {
    lines.push(
      ...wrap(say(r.layers.length === 1 ? "view.lens.oneLayer" : "view.lens.rnnNoEmbed")[lang]),
    );
  }
  lines.push(...wrap(say("view.lens.json", { k: r.layers[0]?.top[0]?.length ?? 0 })[lang]));
  return lines.join("\n");
}

/** "embed" or "layer 2", in the session's language. */
export function layerName(layer: number): Bilingual {
  return layer < 0 ? say("view.lens.embed") : say("view.lens.layer", { layer });
}

/** The grid in bands of as many positions as fit, each band bottom-up. */
function grid(r: LensResult, o: LensViewOptions & { width: number; map: Colormap }): string[] {
  const n = r.positions.length;
  if (n === 0 || r.layers.length === 0) return [];
  const labels = [
    say("view.lens.next")[o.lang],
    ...r.layers.map((l) => layerName(l.layer)[o.lang]),
    say("view.lens.input")[o.lang],
  ];
  const labelWidth = Math.min(
    Math.max(...labels.map(displayWidth)),
    Math.max(4, Math.floor(o.width * MAX_LABEL_FRACTION)),
  );
  const prefix = labelWidth + 1;
  // The widest thing a column shows: its input, its next token, a marked top token (after the
  // shade glyph that stands for colour at level 0).
  const glyph = o.palette.level === 0 ? 1 : 0;
  const columnWidths = r.positions.map((_, j) =>
    Math.max(
      displayWidth(showToken(r.positions[j])),
      displayWidth(showToken(r.next[j] ?? "")),
      ...r.layers.map((l) => glyph + NEXT_MARK.length + displayWidth(showToken(l.top[j][0].token))),
    )
  );
  const fit = fitCells({
    labelWidths: columnWidths,
    prefix,
    width: o.width,
    minCell: MIN_CELL,
    suffix: 0,
  });
  const bands = Math.ceil(n / fit.fit);
  const perBand = Math.ceil(n / bands);
  const cell = bands === 1 ? fit.cell : Math.max(
    MIN_CELL,
    Math.min(MAX_CELL, Math.max(...columnWidths) + 2, Math.floor((o.width - prefix) / perBand)),
  );
  const label = (text: string) => padEndWidth(truncateWidth(text, labelWidth), labelWidth) + " ";
  const plain = (token: string) =>
    padEndWidth(truncateWidth(showToken(token), cell - 1), cell - 1) + " ";
  const out: string[] = [];
  for (let b = 0; b < bands; b++) {
    const from = b * perBand;
    const columns = Array.from({ length: Math.min(perBand, n - from) }, (_, k) => from + k);
    if (b > 0) out.push("");
    out.push(
      o.palette.bold(label(labels[0]) + columns.map((j) => plain(r.next[j] ?? "")).join(""))
        .trimEnd(),
    );
    for (let i = r.layers.length - 1; i >= 0; i--) {
      const row = r.layers[i];
      const cells = columns.map((j) => topCell(row, j, r.next[j], cell, o)).join("");
      out.push((label(labels[i + 1]) + cells).trimEnd());
    }
    out.push(
      o.palette.dim(label(labels.at(-1)!) + columns.map((j) => plain(r.positions[j])).join(""))
        .trimEnd(),
    );
  }
  return out;
}

/** One cell: the top token (marked when it is the actual next one) on its probability's colour. */
function topCell(
  row: LensLayer,
  position: number,
  next: string | undefined,
  cell: number,
  o: LensViewOptions & { map: Colormap },
): string {
  const best = row.top[position][0];
  const hit = next !== undefined && best.token === next;
  const t = normalize(best.p, { min: 0, max: 1 });
  const shown = (hit ? NEXT_MARK : "") + showToken(best.token);
  if (o.palette.level === 0) {
    // No colour: a shade glyph for the probability before the token.
    return padEndWidth(truncateWidth(o.map.glyphAt(t) + shown, cell - 1), cell - 1) + " ";
  }
  const bg = o.map.swatchAt(t);
  const text = padEndWidth(truncateWidth(shown, cell - 1), cell - 1);
  return o.palette.paint(text, { bg, fg: Palette.textOn(bg), bold: hit }) + " ";
}

/** "= next: embed 3/14, layer 0 9/14, layer 1 14/14" (bottom-up). */
export function hitsLine(r: LensResult, lang: Lang): string {
  const n = r.positions.length;
  const counts = r.layers.map((l) => {
    const hits = l.top.filter((c, j) => c[0].token === r.next[j]).length;
    return `${layerName(l.layer)[lang]} ${hits}/${n}`;
  });
  return `${say("view.lens.hits")[lang]}: ${counts.join(", ")}`;
}

/** From which layer on the final prediction is already the top token, counted over positions. */
export function settledLine(r: LensResult): Bilingual {
  const n = r.settled.length;
  const lastLayer = r.layers.at(-1)?.layer ?? 0;
  const counts = new Map<number, number>();
  for (const layer of r.settled) counts.set(layer, (counts.get(layer) ?? 0) + 1);
  // The most common layer first, then the others bottom-up.
  const order = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
  const head = order[0];
  if (order.length === 1) return say("view.lens.settledAll", { from: layerName(head), n });
  const rest = order.slice(1).sort((a, b) => a - b).map((layer) =>
    layer === lastLayer
      ? say("view.lens.onlyLast", { count: counts.get(layer)! })
      : say("view.lens.settledPart", { from: layerName(layer), count: counts.get(layer)! })
  );
  return say("view.lens.settled", {
    from: layerName(head),
    count: counts.get(head)!,
    n,
    rest: { en: rest.map((x) => x.en).join(", "), ko: rest.map((x) => x.ko).join(", ") },
  });
}
