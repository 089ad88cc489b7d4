/**
 * Whether attn talks to a person at a terminal: the REPL is interactive then (banner, line
 * editing) and runs a script otherwise. A module of its own, small, so the composition root can
 * ask before it loads the REPL.
 */

/** True when stdin and stdout are both terminals. */
export function isTerminal(): boolean {
  try {
    return Deno.stdin.isTerminal() && Deno.stdout.isTerminal();
  } catch {
    return false;
  }
}
