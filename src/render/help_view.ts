/** The `help` views: every command in one line each, or one command in full with examples. */
import { displayWidth, padEndWidth, wrapWidth } from "./layout.ts";
import { helpViewMessages } from "./help_view_messages.ts";
import type { Lang } from "../platform/i18n/messages.ts";

/** One command as `help` shows it. */
export interface HelpEntry {
  name: string;
  /** In the language of the help (the English summary when there is no translation). */
  summary: string;
  examples: string[];
  /** Usage, arguments and options (commander's help text); only for `help <command>`. */
  usage?: string;
}

/** The result of `help [command]` (printed as is with --json). */
export interface HelpResult {
  commands: HelpEntry[];
  /** Set for `help <command>`. */
  topic?: string;
}

const tips = ["help.tip.keys", "help.tip.stop", "help.tip.shell", "help.tip.lang"] as const;

/** Renders a {@link HelpResult} within `width` columns, its own words in `lang`. */
export function renderHelp(r: HelpResult, o: { width: number; lang?: Lang }): string {
  const lang = o.lang ?? "en";
  const word = (id: keyof typeof helpViewMessages): string => helpViewMessages[id][lang];
  const width = Math.max(20, o.width);
  if (r.topic !== undefined) {
    const c = r.commands[0];
    const lines = [...wrapWidth(`${c.name}: ${c.summary}`, width), ""];
    if (c.usage) lines.push(...c.usage.trimEnd().split("\n").flatMap((l) => fitRow(l, width)), "");
    lines.push(...wrapWidth(word("help.global"), width), "");
    if (c.examples.length > 0) {
      lines.push(word("help.examples"), ...c.examples.flatMap((e) => fitRow(`  ${e}`, width)));
    }
    return lines.join("\n");
  }
  const nameWidth = Math.max(...r.commands.map((c) => displayWidth(c.name))) + 2;
  const lines: string[] = [word("help.title")];
  for (const c of r.commands) {
    const text = wrapWidth(c.summary, Math.max(10, width - nameWidth - 2));
    lines.push(`  ${padEndWidth(c.name, nameWidth)}${text[0]}`);
    for (const more of text.slice(1)) lines.push(" ".repeat(nameWidth + 2) + more);
  }
  lines.push("", ...tips.flatMap((t) => wrapWidth(word(t), width)));
  return lines.join("\n");
}

/**
 * One line of a usage listing within `width`: a row `  --term   description` keeps its term and
 * wraps its description under itself; any other line wraps with a small indent.
 */
function fitRow(line: string, width: number): string[] {
  if (displayWidth(line) <= width) return [line];
  const row = /^(\s*\S(?:.*?\S)?\s{2,}|\s+)(\S.*)$/.exec(line);
  const indent = row ? displayWidth(row[1]) : 0;
  if (row && width - indent >= 24) {
    // A term's description continues under itself; an indented line (an example) continues
    // four columns further in, so it does not read as a new example.
    const hang = row[1].trim() === "" ? indent + 4 : indent;
    const [first, ...rest] = wrapWidth(row[2], width - hang);
    return [row[1] + first, ...rest.map((part) => " ".repeat(hang) + part)];
  }
  const [first, ...rest] = wrapWidth(line.trim(), width - 4);
  return [first, ...rest.map((part) => `    ${part}`)];
}
