/**
 * The legend under a colored view: the color scale between the values its
 * ends stand for, then the data's true minimum and maximum (the scale may be
 * fixed, e.g. 0..1 for probabilities, while the data spans less).
 *
 *   scale 0 [  ░░▒▒▓▓██] 1  min 0.012, max 0.93
 */
import type { Palette } from "./color.ts";
import { type Colormap, formatValue, type ValueRange } from "./colormap.ts";
import { gridMessages } from "./grid_messages.ts";
import { displayWidth, wrapWidth } from "./layout.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(gridMessages);

/** Lines of a legend, each at most `width` columns. */
export function renderLegend(o: {
  colormap: Colormap;
  /** The values at the colormap's two ends. */
  range: ValueRange;
  /** The data's extent, printed as min and max. */
  data: ValueRange;
  palette: Palette;
  width: number;
  /** Language of the words; default English. */
  lang?: Lang;
}): string[] {
  const lang = o.lang ?? "en";
  const lo = formatValue(o.range.min);
  const hi = formatValue(o.range.max);
  const word = say("grid.scale")[lang];
  const facts = say("grid.minMax", { min: formatValue(o.data.min), max: formatValue(o.data.max) })[
    lang
  ];
  const plain = o.palette.level === 0;
  const frame = plain ? `${word} ${lo} [] ${hi}` : `${word} ${lo}  ${hi}`;
  const barLength = Math.min(
    plain ? o.colormap.glyphs.length * 2 : 20,
    o.width - displayWidth(frame),
  );
  const lines: string[] = [];
  if (barLength >= 2) {
    let bar = "";
    for (let k = 0; k < barLength; k++) {
      const t = k / (barLength - 1);
      bar += plain ? o.colormap.glyphAt(t) : o.palette.paint(" ", { bg: o.colormap.swatchAt(t) });
    }
    const scale = plain ? `${word} ${lo} [${bar}] ${hi}` : `${word} ${lo} ${bar} ${hi}`;
    if (displayWidth(`${scale}  ${facts}`) <= o.width) return [`${scale}  ${facts}`];
    lines.push(scale);
  }
  lines.push(...wrapWidth(facts, o.width));
  return lines;
}
