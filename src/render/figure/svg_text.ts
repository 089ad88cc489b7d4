/**
 * Text in an SVG figure: XML escaping, a width estimate (an SVG is laid out before any font is
 * known, so widths come from terminal columns: a Hangul syllable is two columns and about one em
 * wide, a Latin letter one column and about half an em), and the font stack that has Hangul.
 */
import { displayWidth } from "../layout.ts";

/**
 * Fonts with Hangul first (a viewer without them falls back to its sans-serif, which on most
 * systems finds a Hangul font itself). NanumGothic is also the font the PNG is drawn with.
 */
export const FONT_STACK =
  `"Noto Sans KR", "Noto Sans CJK KR", NanumGothic, "Apple SD Gothic Neo", "Malgun Gothic", sans-serif`;

/** The font stack as an XML attribute value (its double quotes escaped). */
export const FONT_FAMILY_ATTR = FONT_STACK.replaceAll('"', "&quot;");

/**
 * Text escaped for XML content and attribute values, with the characters XML 1.0 forbids
 * (C0 controls other than tab and newline, lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD,
 * so that any token a model produced still gives a well-formed file.
 */
export function xmlEscape(text: string): string {
  return text
    .replace(
      // deno-lint-ignore no-control-regex -- the control characters XML 1.0 forbids
      /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      "\ufffd",
    )
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** About how wide `text` is in pixels at `fontSize`. */
export function textWidth(text: string, fontSize: number): number {
  return displayWidth(text) * fontSize * 0.56;
}

/** A number written short for coordinates (two decimals at most). */
export function px(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** A `<text>` element (x, y at its baseline; anchor start, middle or end). */
export function svgText(
  text: string,
  x: number,
  y: number,
  o: {
    size?: number;
    anchor?: "start" | "middle" | "end";
    weight?: "bold";
    fill?: string;
    rotate?: number;
    extra?: string;
  } = {},
): string {
  const attrs = [`x="${px(x)}"`, `y="${px(y)}"`, `font-size="${o.size ?? 12}"`];
  if (o.anchor && o.anchor !== "start") attrs.push(`text-anchor="${o.anchor}"`);
  if (o.weight) attrs.push(`font-weight="${o.weight}"`);
  if (o.fill) attrs.push(`fill="${o.fill}"`);
  if (o.rotate) attrs.push(`transform="rotate(${o.rotate} ${px(x)} ${px(y)})"`);
  if (o.extra) attrs.push(o.extra);
  return `<text ${attrs.join(" ")}>${xmlEscape(text)}</text>`;
}
