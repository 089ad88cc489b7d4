/**
 * The lesson file format: Markdown prose plus two kinds of fenced blocks attn acts on.
 *
 *   ```attn              commands, one per line, run through the same handlers as the REPL
 *   run 나는 학생이다     (blank lines and lines starting with # are skipped)
 *   ```
 *
 *   ```interview         an interview question; its model answer is revealed on Enter
 *   Q: 왜 sqrt(d_k)로 나누나요?
 *   A: 점수의 분산이 d_k에 비례해 커지기 때문에 ...
 *   ```
 *
 * Everything else is prose: headings (#, ##, ###), paragraphs, bullet and numbered lists,
 * block quotes, other fenced code (shown as is), with **bold**, *emphasis* and `code` inline.
 */

/** One piece of a lesson, in file order. */
export type LessonBlock =
  | { kind: "heading"; level: number; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "list"; ordered: boolean; items: string[] }
  | { kind: "quote"; text: string }
  | { kind: "code"; lang: string; text: string }
  | { kind: "attn"; commands: string[]; line: number }
  | { kind: "interview"; question: string; answer: string; line: number };

/** A parsed lesson: its title (the first heading) and blocks. */
export interface ParsedLesson {
  title: string;
  blocks: LessonBlock[];
}

/** A lesson file that does not follow the format; the message names the line. */
export class LessonFormatError extends Error {
  override name = "LessonFormatError";
}

const FENCE = /^(`{3,})\s*([\w-]*)\s*$/;

/** Parses a lesson's Markdown. `source` names the file in error messages. */
export function parseLesson(text: string, source = "lesson"): ParsedLesson {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const blocks: LessonBlock[] = [];
  let i = 0;
  const fail = (line: number, what: string): never => {
    throw new LessonFormatError(`${source}:${line}: ${what}`);
  };
  while (i < lines.length) {
    const line = lines[i];
    const fence = FENCE.exec(line.trim());
    if (fence) {
      const start = i + 1;
      const body: string[] = [];
      i++;
      while (i < lines.length && lines[i].trim() !== fence[1]) body.push(lines[i++]);
      if (i >= lines.length) fail(start, `the \`\`\`${fence[2]} block is never closed`);
      i++; // the closing fence
      blocks.push(fencedBlock(fence[2], body, start, fail));
      continue;
    }
    if (line.trim() === "") {
      i++;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push({ kind: "heading", level: heading[1].length, text: heading[2].trim() });
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) {
        quoted.push(lines[i++].replace(/^\s*>\s?/, ""));
      }
      blocks.push({ kind: "quote", text: joinLines(quoted) });
      continue;
    }
    const bullet = /^\s*([-*]|\d+[.)])\s+/;
    if (bullet.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      while (i < lines.length && lines[i].trim() !== "" && !FENCE.test(lines[i].trim())) {
        if (bullet.test(lines[i])) items.push(lines[i].replace(bullet, ""));
        else items[items.length - 1] += ` ${lines[i].trim()}`; // a continuation line
        i++;
      }
      blocks.push({ kind: "list", ordered, items: items.map((t) => t.trim()) });
      continue;
    }
    const paragraph: string[] = [];
    while (
      i < lines.length && lines[i].trim() !== "" && !FENCE.test(lines[i].trim()) &&
      !/^#{1,6}\s/.test(lines[i]) && !/^\s*>/.test(lines[i]) && !bullet.test(lines[i])
    ) {
      paragraph.push(lines[i++]);
    }
    blocks.push({ kind: "paragraph", text: joinLines(paragraph) });
  }
  const first = blocks.find((b) => b.kind === "heading");
  if (!first || first.kind !== "heading") fail(1, "expected a '# title' heading");
  return { title: (first as { text: string }).text, blocks };
}

function fencedBlock(
  lang: string,
  body: string[],
  line: number,
  fail: (line: number, what: string) => never,
): LessonBlock {
  if (lang === "attn") {
    const commands = body.map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
    if (commands.length === 0) fail(line, "an ```attn block needs at least one command");
    return { kind: "attn", commands, line };
  }
  if (lang === "interview") {
    const text = body.join("\n");
    const match = /^\s*Q:\s*([\s\S]*?)\n\s*A:\s*([\s\S]*)$/.exec(text);
    if (!match || match[1].trim() === "" || match[2].trim() === "") {
      fail(line, "an ```interview block needs a 'Q:' line and then an 'A:' answer");
    }
    return {
      kind: "interview",
      question: joinLines(match![1].split("\n")),
      answer: joinLines(match![2].split("\n")),
      line,
    };
  }
  return { kind: "code", lang, text: body.join("\n") };
}

/** Joins wrapped source lines into one paragraph; a blank line inside keeps a line break. */
function joinLines(lines: string[]): string {
  return lines.map((l) => l.trim()).join("\n").replace(/([^\n])\n(?=[^\n])/g, "$1 ").replace(
    /\n{2,}/g,
    "\n",
  ).trim();
}

/** The command blocks of a lesson in order: what a Korean lesson and its English twin share. */
export function commandBlocks(lesson: ParsedLesson): string[][] {
  return lesson.blocks.flatMap((b) => (b.kind === "attn" ? [b.commands] : []));
}
