/**
 * Reading the pictures attn writes, as a viewer would: the SVG parsed by a real XML parser
 * (npm @xmldom/xmldom: any error or warning, even a recoverable one, fails the test, so the
 * file is well-formed XML), its heatmap cells found with their place in the picture, and the PNG
 * decoded (npm fast-png) to its pixels.
 */
import assert from "node:assert/strict";
import { DOMParser } from "@xmldom/xmldom";
import { decode } from "fast-png";

/** One heatmap cell as the SVG draws it: its box in picture pixels, its fill and its data. */
export interface SvgCell {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  row: string;
  col: string;
  value: string;
  /** The index of the heatmap panel it is in (0: the first). */
  panel: number;
}

/** A parsed SVG file: its size, every text it shows, its heatmap cells. */
export interface ParsedSvg {
  width: number;
  height: number;
  texts: string[];
  cells: SvgCell[];
  /** Every attribute value that names a URL (href, xlink:href, src). */
  links: string[];
}

/** `translate(x y)` of a panel group. */
function translateOf(transform: string | null): [number, number] {
  const m = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(transform ?? "");
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** Parses an SVG strictly (throws on any XML error) and collects what tests check. */
export function parseSvg(text: string): ParsedSvg {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level: string, message: string) => {
      // U+FFFD is how the writer replaces characters XML forbids: expected, not a fault.
      if (level === "warning" && /replacement character/.test(message)) return;
      problems.push(`${level}: ${message}`);
    },
  }).parseFromString(text, "image/svg+xml");
  assert.deepEqual(problems, [], "the SVG is not well-formed XML");
  const svg = doc.documentElement!;
  assert.equal(svg.tagName, "svg");
  assert.equal(svg.getAttribute("xmlns"), "http://www.w3.org/2000/svg");
  const texts = Array.from(svg.getElementsByTagName("text")).map((t) => t.textContent ?? "");
  const cells: SvgCell[] = [];
  const panels = Array.from(svg.getElementsByTagName("g")).filter((g) =>
    (g.getAttribute("class") ?? "").split(" ").includes("heatmap")
  );
  panels.forEach((g, panel) => {
    const [dx, dy] = translateOf(g.getAttribute("transform"));
    for (const rect of Array.from(g.getElementsByTagName("rect"))) {
      if (!(rect.getAttribute("class") ?? "").split(" ").includes("cell")) continue;
      const num = (name: string) => Number(rect.getAttribute(name));
      cells.push({
        x: dx + num("x"),
        y: dy + num("y"),
        width: num("width"),
        height: num("height"),
        fill: rect.getAttribute("fill") ?? "",
        row: rect.getAttribute("data-row") ?? "",
        col: rect.getAttribute("data-col") ?? "",
        value: rect.getAttribute("data-value") ?? "",
        panel,
      });
    }
  });
  const links: string[] = [];
  for (const el of Array.from(svg.getElementsByTagName("*"))) {
    for (const name of ["href", "xlink:href", "src"]) {
      const v = el.getAttribute(name);
      if (v !== null) links.push(v);
    }
  }
  return {
    width: Number(svg.getAttribute("width")),
    height: Number(svg.getAttribute("height")),
    texts,
    cells,
    links,
  };
}

/** A decoded PNG: its size and the RGB at a pixel. */
export interface DecodedImage {
  width: number;
  height: number;
  rgbAt(x: number, y: number): string;
}

/** Decodes PNG bytes (8-bit RGB or RGBA). */
export function decodePng(bytes: Uint8Array): DecodedImage {
  const png = decode(bytes);
  assert.equal(png.depth, 8, "an 8-bit PNG");
  const { width, height, channels, data } = png;
  return {
    width,
    height,
    rgbAt(x, y) {
      const at = (Math.floor(y) * width + Math.floor(x)) * channels;
      return "#" +
        [0, 1, 2].map((c) => Number(data[at + c]).toString(16).padStart(2, "0")).join("");
    },
  };
}
