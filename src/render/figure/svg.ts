/**
 * A Figure as a standalone SVG file: white background, the title and subtitle, the panels side
 * by side or one under another, the notes under them. Colors are the terminal's 24-bit RGB
 * (figure_colors.ts); text is set in a font stack that has Hangul (svg_text.ts) and escaped, so
 * any token gives well-formed XML. Pure: returns the text, writes nothing.
 */
import type { Figure } from "./figure.ts";
import { type Drawn, drawPanel } from "./svg_panel.ts";
import { HATCH_ID } from "./svg_heatmap.ts";
import { FONT_FAMILY_ATTR, px, svgText, textWidth } from "./svg_text.ts";
import { wrapWidth } from "../layout.ts";

const MARGIN = 20;
const GAP = 28;
const NOTE_FONT = 12;
const NOTE_LINE = 17;
/** The least width notes wrap at, in pixels. */
const NOTES_WIDTH = 640;

/** Where each panel of a figure lands, and the whole picture's size. */
export interface FigureLayout {
  width: number;
  height: number;
  /** Each panel's drawing and its top-left corner in the picture. */
  panels: { drawn: Drawn; x: number; y: number }[];
  /** The notes, wrapped to the picture's width; the baseline of the first. */
  noteLines: string[];
  notesY: number;
}

/** Lays out `figure`: the same numbers drawFigure uses (tests find cells through them). */
export function figureLayout(figure: Figure): FigureLayout {
  const drawn = figure.panels.map(drawPanel);
  let y = MARGIN + 20 + (figure.subtitle ? 20 : 0) + 14;
  let x = MARGIN;
  const placed: FigureLayout["panels"] = [];
  let right = MARGIN + textWidth(figure.title, 18), bottom = y;
  for (const d of drawn) {
    placed.push({ drawn: d, x, y });
    right = Math.max(right, x + d.width);
    bottom = Math.max(bottom, y + d.height);
    if (figure.layout === "row") x += d.width + GAP;
    else y += d.height + GAP;
  }
  if (figure.subtitle) right = Math.max(right, MARGIN + textWidth(figure.subtitle, 13));
  // Notes wrap at the panels' width (at least NOTES_WIDTH): a paragraph stays a paragraph.
  const columns = Math.floor(Math.max(right - MARGIN, NOTES_WIDTH) / textWidth("x", NOTE_FONT));
  const noteLines = figure.notes.flatMap((note) => wrapWidth(note, columns));
  for (const line of noteLines) right = Math.max(right, MARGIN + textWidth(line, NOTE_FONT));
  const notesY = bottom + 10 + NOTE_LINE;
  const height = (noteLines.length > 0 ? notesY + (noteLines.length - 1) * NOTE_LINE : bottom) +
    MARGIN;
  return {
    width: Math.ceil(right + MARGIN),
    height: Math.ceil(height),
    panels: placed,
    noteLines,
    notesY,
  };
}

/** The figure as the text of an SVG file. */
export function figureSvg(figure: Figure): string {
  const layout = figureLayout(figure);
  const { width, height } = layout;
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY_ATTR}">`,
    `<defs><pattern id="${HATCH_ID}" width="6" height="6" patternUnits="userSpaceOnUse">` +
    `<rect width="6" height="6" fill="#eeeeee"/>` +
    `<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#999999" stroke-width="1"/>` +
    `</pattern></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    svgText(figure.title, MARGIN, MARGIN + 16, { size: 18, weight: "bold" }),
  ];
  if (figure.subtitle) {
    parts.push(svgText(figure.subtitle, MARGIN, MARGIN + 38, { size: 13, fill: "#555555" }));
  }
  layout.panels.forEach(({ drawn, x, y }, k) => {
    const kind = figure.panels[k].kind;
    parts.push(
      `<g class="panel ${kind}" transform="translate(${px(x)} ${px(y)})">`,
      drawn.svg,
      `</g>`,
    );
  });
  layout.noteLines.forEach((note, k) => {
    parts.push(
      svgText(note, MARGIN, layout.notesY + k * NOTE_LINE, { size: NOTE_FONT, fill: "#333333" }),
    );
  });
  parts.push(`</svg>`, "");
  return parts.join("\n");
}
