/**
 * Where attn keeps what outlives a process: REPL history, lesson progress,
 * kernel tuning results. $XDG_STATE_HOME/attn when attn may write there, else
 * ~/.local/state/attn: the deno.json tasks grant write access to
 * ~/.local/state/attn only (a task cannot expand ${XDG_STATE_HOME:-...}), so
 * an XDG_STATE_HOME outside the granted paths is passed over rather than
 * failing every save.
 *
 * A path with a comma is refused: deno splits --allow-write=a,b at the comma,
 * so the tasks' grant of "$HOME/.local/state/attn" with HOME=/x/,y grants /x/
 * (a parent directory) instead; attn then keeps no state at all rather than
 * use such a grant.
 */
import { sweepStaleTemps } from "./state_file.ts";
import { type Bilingual, type Lang, messagesOf } from "./i18n/messages.ts";
import { stateMessages } from "./state_messages.ts";

const say = messagesOf(stateMessages);

function envGet(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env
  }
}

/**
 * The state directory's path as the environment names it, comma or not: null when neither
 * XDG_STATE_HOME nor HOME is set (or env access is denied).
 */
export function stateDirCandidate(): string | null {
  const xdg = envGet("XDG_STATE_HOME");
  const home = envGet("HOME");
  const fallback = home ? `${home}/.local/state/attn` : null;
  if (xdg && (fallback === null || mayWrite(`${xdg}/attn`))) return `${xdg}/attn`;
  return fallback;
}

/** The state directory's path; null when there is none or its path has a comma. */
export function stateDir(): string | null {
  const path = stateDirCandidate();
  return path === null || path.includes(",") ? null : path;
}

/** True when this process holds write permission for `path` (no prompt is ever shown). */
function mayWrite(path: string): boolean {
  try {
    return Deno.permissions.querySync({ name: "write", path }).state === "granted";
  } catch {
    return false;
  }
}

/** Why a state directory cannot be used, or null when it can. */
function problemWith(path: string): Bilingual | string | null {
  if (path.includes(",")) return say("state.dir.comma");
  if (!mayWrite(path)) return say("state.dir.mayNotWrite");
  try {
    Deno.mkdirSync(path, { recursive: true, mode: 0o700 });
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) return say("state.dir.isFile");
    return (e instanceof Error ? e.message : String(e)).split("\n")[0].replace(/, mkdir .*$/, "");
  }
  try {
    if (!Deno.statSync(path).isDirectory) return say("state.dir.notDir");
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).split("\n")[0];
  }
  return null;
}

const checked = new Map<string, Bilingual | string | null>();
const warned = new Set<string>();

/**
 * The state directory, created (0700) if missing, or null when there is none or it cannot be
 * used (its path has a comma, it is a file, attn may not write there). The first caller that
 * passes `warn` after it turned out unusable gets one line saying so; every caller after that
 * none, so a process says it once at most. The check runs once per process and path.
 */
export function usableStateDir(warn?: (line: string) => void, lang: Lang = "en"): string | null {
  const path = stateDirCandidate();
  if (path === null) return null;
  if (!checked.has(path)) checked.set(path, problemWith(path));
  const problem = checked.get(path)!;
  if (problem === null) return path;
  if (warn && !warned.has(path)) {
    warned.add(path);
    const text = say("state.dir.notUsed", { path, problem })[lang];
    warn(`attn: ${lang === "ko" ? "경고" : "warning"}: ${text}`);
  }
  return null;
}

/**
 * At start: removes temporary files that saves killed midway left in the state directory (see
 * sweepStaleTemps). Does nothing when the directory is missing or unusable.
 */
export function sweepStateDir(): void {
  const path = stateDir();
  if (path === null) return;
  try {
    if (!Deno.statSync(path).isDirectory) return; // a state directory may be a link the user made
  } catch {
    return;
  }
  sweepStaleTemps(path);
}
