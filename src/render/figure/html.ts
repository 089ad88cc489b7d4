/**
 * A Figure as one self-contained HTML page: the same SVG inline, a little CSS, and a little
 * script that shows the row, column and value of the cell (or bar) under the pointer. Nothing
 * is loaded from anywhere (no font, script or style from the network), so the page opens
 * offline; a Content-Security-Policy that allows only what is inline says so to the browser.
 */
import type { Figure } from "./figure.ts";
import { figureSvg } from "./svg.ts";
import { FONT_STACK, xmlEscape } from "./svg_text.ts";

const STYLE = `
body { margin: 16px; font-family: ${FONT_STACK}; background: #ffffff; color: #111111; }
#attn-hover { position: fixed; pointer-events: none; display: none; padding: 4px 8px;
  background: #222222; color: #ffffff; border-radius: 4px; font-size: 13px; white-space: pre; }
.cell:hover, .bar:hover { stroke: #ff00ff; stroke-width: 2; }
`;

/** The hover: reads the data- attributes every cell and bar carries (svg_heatmap.ts). */
const SCRIPT = `
(() => {
  const box = document.getElementById("attn-hover");
  const words = JSON.parse(document.getElementById("attn-words").textContent);
  const cells = document.querySelectorAll(".cell, .bar");
  // Says the script ran and found the cells (a test reads it from the rendered page).
  document.documentElement.dataset.hoverCells = String(cells.length);
  cells.forEach((el) => {
    el.addEventListener("mousemove", (e) => {
      box.textContent = words.row + ": " + el.dataset.row + "\\n" + words.col + ": " +
        el.dataset.col + "\\n" + words.value + ": " + el.dataset.value;
      box.style.left = (e.clientX + 14) + "px";
      box.style.top = (e.clientY + 14) + "px";
      box.style.display = "block";
    });
    el.addEventListener("mouseleave", () => { box.style.display = "none"; });
  });
})();
`;

/** The words of the hover box, in the figure's language. */
export interface HoverWords {
  row: string;
  col: string;
  value: string;
}

/** The figure as the text of an HTML file (`lang` is the page's language attribute). */
export function figureHtml(
  figure: Figure,
  o: { lang?: string; words?: HoverWords } = {},
): string {
  const words = o.words ?? { row: "row", col: "column", value: "value" };
  const svg = figureSvg(figure).replace(/^<\?xml[^>]*\?>\n/, "");
  // JSON inside a <script> element: "<" escaped so no text can close the element.
  const wordsJson = JSON.stringify(words).replace(/</g, "\\u003c");
  return [
    `<!DOCTYPE html>`,
    `<html lang="${xmlEscape(o.lang ?? "en")}">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; ` +
    `style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<title>${xmlEscape(figure.title)}</title>`,
    `<style>${STYLE}</style>`,
    `</head>`,
    `<body>`,
    svg,
    `<div id="attn-hover"></div>`,
    `<script type="application/json" id="attn-words">${wordsJson}</script>`,
    `<script>${SCRIPT}</script>`,
    `</body>`,
    `</html>`,
    "",
  ].join("\n");
}
