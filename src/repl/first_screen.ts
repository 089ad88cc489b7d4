/**
 * The first screen of attn>: the banner, then the prompt, and it must stay so. On a first start
 * with an empty Deno cache, Deno draws a download progress bar on the same terminal (two lines
 * redrawn in place: up two lines, clear to the end of the screen, draw). A learner saw that bar
 * overwrite the banner and the model line, the hint and the prompt vanish until a key was
 * pressed: what a bar drawn, then cleared, after attn's banner does (the clear goes up two lines
 * from the prompt and erases to the end). Where Deno finishes first (as on the machine these
 * lines were written on) nothing of this happens; where it does not, attn cannot stop another
 * writer, so it makes its own screen whole again:
 * - the banner starts from column 1 with nothing below the cursor, the cursor shown and colors
 *   reset (whatever state a progress bar left);
 * - for the first seconds, while nothing is typed, attn asks the terminal where the cursor is
 *   (DSR, `ESC [6n`; terminals answer `ESC [row;colR` on stdin) and repaints the first screen
 *   in place when the cursor is not where the prompt left it.
 */
import type { Interface } from "node:readline";
import process from "node:process";

/** When to look again after the first screen is drawn, in ms (a download can take seconds). */
const CHECKS_MS = [300, 700, 1500, 3000, 6000, 12000];
/** How long to wait for the terminal's answer (a terminal without DSR never answers). */
const ANSWER_MS = 250;

type KeyListener = (text: string | undefined, key: { sequence?: string }) => void;

/** Draws the banner and the prompt, and keeps them on screen against a late progress bar. */
export async function showFirstScreen(
  rl: Interface,
  screen: { banner: string; prompt: string; out: (text: string) => void },
): Promise<void> {
  const { banner, prompt, out } = screen;
  process.stdout.write("\x1b[?25h\x1b[0m\r\x1b[J");
  out(banner);
  rl.prompt();
  const home = await cursorPosition();
  if (home === null) return; // no answer: nothing to compare with
  const lines = banner.split("\n").length;
  const top = Math.max(1, home.row - lines);
  let typed = false;
  const onKey = () => (typed = true);
  process.stdin.on("keypress", onKey);
  void (async () => {
    let waited = 0;
    for (const ms of CHECKS_MS) {
      await new Promise((resolve) => setTimeout(resolve, ms - waited));
      waited = ms;
      if (typed || rl.line.length > 0 || isClosed(rl)) break;
      const now = await cursorPosition();
      if (typed) break;
      if (now === null || (now.row === home.row && now.col === prompt.length + 1)) continue;
      // Disturbed: paint the first screen again where it began.
      process.stdout.write(`\x1b[${top};1H\x1b[J`);
      out(banner);
      rl.prompt();
    }
    process.stdin.off("keypress", onKey);
  })();
}

function isClosed(rl: Interface): boolean {
  return (rl as unknown as { closed?: boolean }).closed === true;
}

/**
 * Asks the terminal for the cursor's position (1-based row and column). While waiting, the
 * keys readline would see are held and given back afterwards, the answer taken out.
 */
function cursorPosition(): Promise<{ row: number; col: number } | null> {
  const input = process.stdin;
  const readlineListeners = input.listeners("keypress") as KeyListener[];
  const held: [string | undefined, { sequence?: string }][] = [];
  input.removeAllListeners("keypress");
  return new Promise((resolve) => {
    const finish = (position: { row: number; col: number } | null) => {
      clearTimeout(timer);
      input.off("keypress", listener);
      for (const l of readlineListeners) input.on("keypress", l);
      for (const [text, key] of held) for (const l of readlineListeners) l(text, key);
      resolve(position);
    };
    const listener: KeyListener = (text, key) => {
      // deno-lint-ignore no-control-regex
      const answer = /^\x1b\[(\d+);(\d+)R$/.exec(key?.sequence ?? "");
      if (answer) finish({ row: Number(answer[1]), col: Number(answer[2]) });
      else held.push([text, key]);
    };
    const timer = setTimeout(() => finish(null), ANSWER_MS);
    input.on("keypress", listener);
    process.stdout.write("\x1b[6n");
  });
}
