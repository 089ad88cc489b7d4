/**
 * Where attn keeps what outlives a process: REPL history, lesson progress,
 * kernel tuning results. $XDG_STATE_HOME/attn, else ~/.local/state/attn.
 * Returns null when neither variable is set (or env access is denied).
 */
export function stateDir(): string | null {
  try {
    const xdg = Deno.env.get("XDG_STATE_HOME");
    if (xdg) return `${xdg}/attn`;
    const home = Deno.env.get("HOME");
    return home ? `${home}/.local/state/attn` : null;
  } catch {
    return null;
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
