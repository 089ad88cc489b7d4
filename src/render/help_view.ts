/** The `help` views: every command in one line each, or one command in full with examples. */
import { displayWidth, padEndWidth, wrapWidth } from "./layout.ts";

/** One command as `help` shows it. */
export interface HelpEntry {
  name: string;
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

const globalOptions =
  "Every command also takes: --json (the result as JSON), --backend webgpu|cpu, --kernels fast|reference, --lang ko|en.";

const tips = [
  "Tab completes commands, models and options; Up/Down recall earlier lines (kept across sessions).",
  "Ctrl-C stops a running command; Ctrl-D or quit leaves.",
  "Every command also runs from the shell: deno task attn run 나는 학생이다 (add --json for data).",
];

/** Renders a {@link HelpResult} within `width` columns. */
export function renderHelp(r: HelpResult, o: { width: number }): string {
  const width = Math.max(20, o.width);
  if (r.topic !== undefined) {
    const c = r.commands[0];
    const lines = [...wrapWidth(`${c.name}: ${c.summary}`, width), ""];
    if (c.usage) lines.push(c.usage.trimEnd(), "");
    lines.push(...wrapWidth(globalOptions, width), "");
    if (c.examples.length > 0) {
      lines.push("Examples:", ...c.examples.map((e) => `  ${e}`));
    }
    return lines.join("\n");
  }
  const nameWidth = Math.max(...r.commands.map((c) => displayWidth(c.name))) + 2;
  const lines = ["Commands (help <command> for options and examples):"];
  for (const c of r.commands) {
    const text = wrapWidth(c.summary, Math.max(10, width - nameWidth - 2));
    lines.push(`  ${padEndWidth(c.name, nameWidth)}${text[0]}`);
    for (const more of text.slice(1)) lines.push(" ".repeat(nameWidth + 2) + more);
  }
  lines.push("", ...tips.flatMap((t) => wrapWidth(t, width)));
  return lines.join("\n");
}
