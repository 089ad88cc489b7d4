/**
 * A leading ~/ in a path typed at the attn> prompt means the home directory, as in a shell
 * (which expands it for one-liners before attn sees it; the REPL must do it itself).
 */

/** "~/x" -> "$HOME/x" and "~" -> "$HOME"; anything else (and ~user/...) unchanged. */
export function expandHome(path: string): string {
  if (path !== "~" && !path.startsWith("~/")) return path;
  let home: string | undefined;
  try {
    home = Deno.env.get("HOME");
  } catch {
    home = undefined;
  }
  return home ? home + path.slice(1) : path;
}
