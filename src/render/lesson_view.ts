/**
 * Lesson prose on a terminal: headings, paragraphs, lists, quotes and code wrapped to the
 * width (Korean characters count two columns), with **bold**, *emphasis* and `code` styled
 * word by word so a wrapped line never carries a style across the margin.
 */
import type { LessonBlock } from "../app/lessons/lesson_format.ts";
import type { Palette } from "./color.ts";
import { cleanText, displayWidth, truncateWidth, wrapWidth } from "./layout.ts";

/** How to draw lesson text. */
export interface LessonViewOptions {
  palette: Palette;
  width: number;
}

type Style = "plain" | "bold" | "em" | "code";

interface Fragment {
  text: string;
  style: Style;
}

/** Splits inline Markdown into styled fragments (no nesting: attn's lessons do not need it). */
export function inlineFragments(text: string): Fragment[] {
  const fragments: Fragment[] = [];
  const pattern =
    /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|(?<![\w가-힣])_([^_\s][^_]*)_(?![\w가-힣])/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index! > last) {
      fragments.push({ text: text.slice(last, match.index), style: "plain" });
    }
    if (match[1] !== undefined) fragments.push({ text: match[1], style: "code" });
    else if (match[2] !== undefined) fragments.push({ text: match[2], style: "bold" });
    else fragments.push({ text: match[3] ?? match[4], style: "em" });
    last = match.index! + match[0].length;
  }
  if (last < text.length) fragments.push({ text: text.slice(last), style: "plain" });
  return fragments.map((f) => ({ ...f, text: cleanText(f.text) }));
}

/** Words (separated by spaces) made of styled pieces: "**학생이다**에" is one word, two pieces. */
function words(fragments: Fragment[]): Fragment[][] {
  const out: Fragment[][] = [];
  let current: Fragment[] = [];
  for (const f of fragments) {
    const parts = f.text.split(" ");
    parts.forEach((part, i) => {
      if (i > 0) {
        if (current.length) out.push(current);
        current = [];
      }
      if (part !== "") current.push({ text: part, style: f.style });
    });
  }
  if (current.length) out.push(current);
  return out;
}

function paint(piece: Fragment, palette: Palette): string {
  switch (piece.style) {
    case "bold":
      return palette.bold(piece.text);
    case "em":
      return palette.paint(piece.text, { underline: true });
    case "code":
      return palette.paint(piece.text, {
        fg: { rgb: { r: 95, g: 175, b: 215 }, ansi256: 74, ansi16: 6 },
      });
    default:
      return piece.text;
  }
}

/**
 * Wraps inline Markdown to `width` columns: the first line starts with `first`, the others with
 * `rest` (a hanging indent for list items and quotes).
 */
export function wrapInline(
  text: string,
  options: LessonViewOptions & { first?: string; rest?: string },
): string[] {
  const first = options.first ?? "";
  const rest = options.rest ?? "";
  const lines: string[] = [];
  let prefix = first;
  let line = first;
  let lineWidth = displayWidth(first);
  let empty = true;
  const breakLine = () => {
    lines.push(line);
    prefix = rest;
    line = rest;
    lineWidth = displayWidth(rest);
    empty = true;
  };
  for (const paragraph of text.split("\n")) {
    for (const word of words(inlineFragments(paragraph))) {
      const w = word.reduce((s, p) => s + displayWidth(p.text), 0);
      if (!empty && lineWidth + 1 + w > options.width) breakLine();
      const room = Math.max(1, options.width - displayWidth(prefix));
      const shown = w > room
        ? [{ text: truncateWidth(word.map((p) => p.text).join(""), room), style: word[0].style }]
        : word;
      line += (empty ? "" : " ") + shown.map((p) => paint(p, options.palette)).join("");
      lineWidth += (empty ? 0 : 1) + Math.min(w, room);
      empty = false;
    }
    breakLine();
  }
  return lines;
}

/** One prose block as terminal lines (attn and interview blocks are drawn by the player). */
export function renderProse(block: LessonBlock, options: LessonViewOptions): string {
  const { palette, width } = options;
  switch (block.kind) {
    case "heading": {
      const lines = wrapInline(block.text, options).map((l) => palette.bold(l));
      if (block.level === 1) {
        lines.push("═".repeat(Math.min(width, Math.max(...lines.map(displayWidth)))));
      } else if (block.level === 2) {
        lines.push("─".repeat(Math.min(width, Math.max(...lines.map(displayWidth)))));
      }
      return lines.join("\n");
    }
    case "paragraph":
      return wrapInline(block.text, options).join("\n");
    case "list":
      return block.items.flatMap((item, i) => {
        const mark = block.ordered ? `${i + 1}. ` : "• ";
        return wrapInline(item, { ...options, first: mark, rest: " ".repeat(mark.length) });
      }).join("\n");
    case "quote":
      return wrapInline(block.text, {
        ...options,
        first: palette.dim("│ "),
        rest: palette.dim("│ "),
      })
        .join("\n");
    case "code":
      return block.text.split("\n").map((l) =>
        palette.dim(truncateWidth(`    ${cleanText(l)}`, width))
      )
        .join("\n");
    case "attn":
      return block.commands.map((c) => commandLine(c, options)).join("\n");
    case "interview":
      return questionLines(block.question, options);
  }
}

/**
 * A command as the learner would type it: "attn> run 나는 학생이다". A line wider than the
 * terminal wraps at spaces with a hanging indent (never cut: the learner may copy it).
 */
export function commandLine(command: string, options: LessonViewOptions): string {
  const prompt = "attn> ";
  const lines = wrapWidth(cleanText(command), Math.max(8, options.width - prompt.length));
  return lines.map((line, i) => (i === 0 ? options.palette.bold("attn>") + " " : "      ") + line)
    .join("\n");
}

/** An interview question: "Q. ..." */
export function questionLines(question: string, options: LessonViewOptions): string {
  return wrapInline(question, { ...options, first: options.palette.bold("Q. "), rest: "   " }).join(
    "\n",
  );
}

/** Its model answer: "A. ..." */
export function answerLines(answer: string, options: LessonViewOptions): string {
  return wrapInline(answer, { ...options, first: options.palette.bold("A. "), rest: "   " }).join(
    "\n",
  );
}
