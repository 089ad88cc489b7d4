/**
 * Reading what a played lesson printed, for the lesson playback test: which lines each command of
 * the lesson printed (told apart from the lesson's own prose), and the attention grids and tables
 * inside them, parsed back from the text a learner sees.
 */
import type { ParsedLesson } from "../../src/app/lessons/lesson_format.ts";
import {
  answerLines,
  commandLine,
  type LessonViewOptions,
  questionLines,
  renderProse,
} from "../../src/render/lesson_view.ts";
import { displayWidth, graphemes } from "../../src/render/layout.ts";

/** What one command of a lesson printed. */
export interface CommandOutput {
  command: string;
  /** Its stdout, as printed (without the `attn> command` line the player echoes). */
  text: string;
}

/**
 * Splits what a lesson printed (`entries`, one per `Io.out` call) into its commands' outputs.
 * The player prints, in file order, each prose block, the `attn> command` line before each
 * command, each interview question and answer, and an empty line after each block; those strings
 * are rendered here with the same view, so everything else is what the commands printed.
 */
export function commandOutputs(
  entries: readonly string[],
  lesson: ParsedLesson,
  view: LessonViewOptions,
): CommandOutput[] {
  const echoes = new Map<string, string>();
  const player = new Set<string>();
  for (const block of lesson.blocks) {
    if (block.kind === "attn") {
      for (const command of block.commands) echoes.set(commandLine(command, view), command);
    } else if (block.kind === "interview") {
      player.add(questionLines(block.question, view));
      player.add(answerLines(block.answer, view));
    } else {
      player.add(renderProse(block, view));
    }
  }
  const isPlayer = (e: string | undefined) =>
    e === undefined || player.has(e) || echoes.has(e) || /^\((finished lesson|레슨 )/.test(e);
  const outputs: { command: string; lines: string[] }[] = [];
  let current: { command: string; lines: string[] } | null = null;
  entries.forEach((entry, i) => {
    const command = echoes.get(entry);
    if (command !== undefined) {
      current = { command, lines: [] };
      outputs.push(current);
    } else if (player.has(entry) || (entry === "" && isPlayer(entries[i + 1]))) {
      current = null; // the end of an attn block, or prose
    } else if (current) {
      current.lines.push(entry);
    }
  });
  return outputs.map((o) => ({ command: o.command, text: o.lines.join("\n") }));
}

/** One row of an attention grid as drawn: its label, its cells and where its arrow points. */
export interface GridRow {
  label: string;
  /** Each matrix cell as drawn (blank when the weight is too small to shade, "·" when masked). */
  cells: string[];
  /** The cell marked as the row's largest ("<>" or "*"), -1 when none is marked. */
  marked: number;
  /** The column named after the arrow (`→ token weight`). */
  to: string;
  weight: number;
}

/** An attention grid (rows, column labels, a `→` per row) parsed from its text. */
export interface AttentionGrid {
  title: string;
  cols: string[];
  rows: GridRow[];
}

const LEGEND = /^(scale|색) -?[\d.e+-]+ \[/; // the legend speaks the lesson's language
const ARROW = / → (\S+) ([\d.e+-]+)$/;
const KEY = /^columns: /;

/**
 * Every attention grid in `text`, top to bottom: a title (up to three lines), the column
 * header (labels in one line, a diagonal of labels with │ guides, or numbers with a
 * `columns: 1 x · 2 y` key under the legend), rows ending in `→ token weight`, then the legend
 * line `scale ...`. Grids drawn side by side (experiment views) are not read.
 */
export function attentionGrids(text: string): AttentionGrid[] {
  const lines = text.split("\n");
  const grids: AttentionGrid[] = [];
  lines.forEach((line, i) => {
    if (!LEGEND.test(line)) return;
    let j = i - 1;
    const rowLines: string[] = [];
    while (j >= 0 && ARROW.test(lines[j]) && !lines[j].startsWith(" ")) {
      rowLines.unshift(lines[j--]);
    }
    const header: string[] = [];
    while (j >= 0 && lines[j].startsWith(" ") && lines[j].trim() !== "") header.unshift(lines[j--]);
    if (rowLines.length === 0 || header.length === 0) return;
    const title: string[] = [];
    while (
      j >= 0 && title.length < 3 && lines[j].trim() !== "" && !LEGEND.test(lines[j]) &&
      !lines[j].startsWith("──") && !lines[j].startsWith("attn> ")
    ) {
      title.unshift(lines[j--]);
    }
    grids.push(
      parseGrid(title.join(" "), headerLabels(header, lines.slice(i + 1, i + 8)), rowLines),
    );
  });
  return grids;
}

/** A line as terminal columns: a wide character fills its first column, "" the second. */
function columnsOf(line: string): string[] {
  const columns: string[] = [];
  for (const g of graphemes(line)) {
    columns.push(g);
    for (let k = 1; k < displayWidth(g); k++) columns.push("");
  }
  return columns;
}

/** The column labels a header names: from the key after the legend, a diagonal, or one line. */
function headerLabels(header: string[], after: string[]): string[] {
  const keyAt = after.findIndex((l) => KEY.test(l));
  if (keyAt >= 0 && keyAt <= 2) {
    // The key may wrap: join its lines until every numbered column is named.
    const n = Math.max(...header.join(" ").trim().split(/\s+/).map(Number).filter(Number.isFinite));
    let key = after[keyAt].replace(KEY, "");
    for (let k = keyAt + 1; k < after.length && key.split(" · ").length < n; k++) {
      key += " " + after[k];
    }
    return key.split(" · ").map((item) => item.replace(/^\d+ /, ""));
  }
  if (header.length === 2 && !header[1].includes("│")) {
    // Staggered: labels 0, 2, 4 ... on the first line, 1, 3, 5 ... on the second.
    const [even, odd] = header.map((l) => l.trim().split(/\s+/));
    return even.flatMap((label, k) => odd[k] === undefined ? [label] : [label, odd[k]]);
  }
  if (header.length > 1) return header.map((l) => l.split("│").pop()!.trim());
  return header[0].trim().split(/\s+/);
}

function parseGrid(title: string, cols: string[], rowLines: string[]): AttentionGrid {
  const labels = rowLines.map((line) => line.split(" ")[0]);
  const prefix = Math.max(...labels.map(displayWidth)) + 1;
  const n = cols.length;
  const rows = rowLines.map((line, r) => {
    const arrow = ARROW.exec(line)!;
    const columns = columnsOf(line.slice(0, arrow.index)).slice(prefix, -1); // "  → ": one more space
    const cell = Math.max(1, Math.round(columns.length / n));
    const cells = Array.from(
      { length: n },
      (_, k) => columns.slice(k * cell, (k + 1) * cell).join("").padEnd(cell),
    );
    return {
      label: labels[r],
      cells,
      marked: cells.findIndex((c) => c.includes(cell >= 2 ? "<>" : "*")),
      to: arrow[1],
      weight: Number(arrow[2]),
    };
  });
  return { title, cols, rows };
}

/** A box-drawn table (cli-table3): its header cells and its rows' cells, trimmed. */
export interface TextTable {
  columns: string[];
  rows: string[][];
}

/** Every box-drawn table in `text`, top to bottom. */
export function textTables(text: string): TextTable[] {
  const tables: TextTable[] = [];
  let current: string[][] | null = null;
  for (const line of text.split("\n")) {
    if (line.startsWith("┌")) current = [];
    else if (line.startsWith("└") && current) {
      tables.push({ columns: current[0] ?? [], rows: current.slice(1) });
      current = null;
    } else if (current && line.startsWith("│")) {
      current.push(line.split("│").slice(1, -1).map((c) => c.trim()));
    }
  }
  return tables;
}

/** Text without any whitespace: a sentence wrapped at any width still matches itself. */
export function squash(text: string): string {
  return text.replace(/\s+/g, "");
}
