/**
 * The README's code blocks and the commands in them, so tests run the examples exactly as a
 * reader would copy them.
 */

const root = new URL("../../", import.meta.url).pathname;

/** One fenced block: its info string ("sh", "python", "" ...), its text and the section. */
export interface ReadmeBlock {
  lang: string;
  text: string;
  /** The `## ` heading it sits under. */
  section: string;
}

/** Every fenced block of README.md, in order. */
export function readmeBlocks(): ReadmeBlock[] {
  const lines = Deno.readTextFileSync(`${root}README.md`).split("\n");
  const blocks: ReadmeBlock[] = [];
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith("## ")) section = lines[i].slice(3).trim();
    const open = lines[i].match(/^```(\S*)\s*$/);
    if (!open) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith("```"); i++) body.push(lines[i]);
    blocks.push({ lang: open[1], text: body.join("\n"), section });
  }
  return blocks;
}

/** A line of a block without its trailing `# comment` (a `#` that starts a word). */
export function withoutComment(line: string): string {
  return line.replace(/(^|\s)#.*$/, "").trim();
}

/**
 * The words of a shell command line as a shell splits them: at white space, quotes removed,
 * and a leading `~/` expanded to `home`.
 */
export function shellLineWords(line: string, home: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)) {
    const word = match[0].replace(/"([^"]*)"|'([^']*)'/g, (_all, d, s) => d ?? s);
    words.push(word.startsWith("~/") ? `${home}/${word.slice(2)}` : word);
  }
  return words;
}
