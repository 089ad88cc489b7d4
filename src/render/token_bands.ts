/**
 * Tokens as bands: each token in a cell over its id, neighbours in alternating background colors
 * so the learner sees where one token ends and the next begins; an unknown character in red,
 * with `<unk>` under it. Without color the cells are set apart by a space. Cells wrap at the width.
 */
import { Palette, type Rgb, type Swatch } from "./color.ts";
import { nearest16, nearest256 } from "./colormap.ts";
import { displayWidth, padEndWidth, showToken, truncateWidth } from "./layout.ts";

/** One cell: what it shows above and below, and whether it is an unknown character. */
export interface BandCell {
  token: string;
  below: string;
  unknown: boolean;
}

function swatch(rgb: Rgb): Swatch {
  return { rgb, ansi256: nearest256(rgb), ansi16: nearest16(rgb) };
}

const BANDS: readonly Swatch[] = [
  swatch({ r: 52, g: 101, b: 164 }),
  swatch({ r: 78, g: 154, b: 6 }),
  swatch({ r: 117, g: 80, b: 123 }),
];
const UNKNOWN = swatch({ r: 204, g: 0, b: 0 });

/** The cells as lines (token line, id line, pairs of them) of at most `width` columns. */
export function renderBands(cells: readonly BandCell[], palette: Palette, width: number): string[] {
  const gap = palette.colored ? "" : " ";
  const lines: string[] = [];
  let top = "";
  let bottom = "";
  let used = 0;
  cells.forEach((cell, i) => {
    const shown = truncateWidth(showToken(cell.token), Math.max(1, width - 2));
    const w = Math.min(width, Math.max(displayWidth(shown), displayWidth(cell.below)) + 1);
    if (used > 0 && used + gap.length + w > width) {
      lines.push(top, bottom);
      top = bottom = "";
      used = 0;
    }
    const bg = cell.unknown ? UNKNOWN : BANDS[i % BANDS.length];
    const paint = (text: string) =>
      palette.paint(padEndWidth(text, w), {
        bg,
        fg: palette.colored ? Palette.textOn(bg) : undefined,
      });
    const sep = used > 0 ? gap : "";
    top += sep + paint(shown);
    bottom += sep + palette.dim(padEndWidth(truncateWidth(cell.below, w), w));
    used += sep.length + w;
  });
  if (used > 0) lines.push(top, bottom);
  return lines.map((l) => l.trimEnd());
}
