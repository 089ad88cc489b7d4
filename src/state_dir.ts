/**
 * Where attn keeps what outlives a process: REPL history, lesson progress,
 * kernel tuning results. $XDG_STATE_HOME/attn when attn may write there, else
 * ~/.local/state/attn: the deno.json tasks grant write access to
 * ~/.local/state/attn only (a task cannot expand ${XDG_STATE_HOME:-...}), so
 * an XDG_STATE_HOME outside the granted paths is passed over rather than
 * failing every save. Returns null when neither variable is set (or env access
 * is denied).
 */
export function stateDir(): string | null {
  try {
    const xdg = Deno.env.get("XDG_STATE_HOME");
    const home = Deno.env.get("HOME");
    const fallback = home ? `${home}/.local/state/attn` : null;
    if (xdg && (fallback === null || mayWrite(`${xdg}/attn`))) return `${xdg}/attn`;
    return fallback;
  } catch {
    return null;
  }
}

/** True when this process holds write permission for `path` (no prompt is ever shown). */
function mayWrite(path: string): boolean {
  try {
    return Deno.permissions.querySync({ name: "write", path }).state === "granted";
  } catch {
    return false;
  }
}

/** Creates the state directory (and a subfolder) if needed; null if it cannot. */
export function ensureStateDir(sub = ""): string | null {
  const base = stateDir();
  if (!base) return null;
  const dir = sub ? `${base}/${sub}` : base;
  try {
    Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  } catch {
    return null;
  }
}
