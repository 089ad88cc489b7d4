/**
 * Paths a learner gives to --out (and --model): a leading ~/ means the home directory at the
 * attn> prompt too (a shell expands it for one-liners, the REPL must do it itself), and an output
 * path is checked before any work starts: permission first (the deno.json tasks let attn write
 * only its state directory), then that its directory exists.
 */
import { UsageError } from "./errors.ts";
import { ensureStateDir, stateDir } from "../state_dir.ts";
import { expandHome } from "../home_path.ts";
import { checkPathLength } from "./path_limit.ts";

export { expandHome };

/** Refuses, in one line, an output path attn may not or cannot write; returns it expanded. */
export async function checkOutPath(option: string, given: string): Promise<string> {
  checkPathLength(option, given);
  const path = expandHome(given);
  if (path === "" || path.endsWith("/")) {
    throw new UsageError(`${option}: expected a file path, got '${given}'`);
  }
  const state = stateDir();
  if (state && path.startsWith(`${state}/`)) ensureStateDir(); // a fresh machine has none yet
  const status = await Deno.permissions.query({ name: "write", path });
  if (status.state !== "granted") {
    throw new UsageError(
      `${option} ${given}: attn may not write there; it may write under ${
        state ?? "its state directory"
      } (or run deno with --allow-write for that path)`,
    );
  }
  try {
    if ((await Deno.stat(path)).isDirectory) {
      throw new UsageError(`${option} ${given}: it is a directory, expected a file`);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e; // a missing file is fine: it will be created
  }
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash);
  try {
    if (!(await Deno.stat(dir)).isDirectory) {
      throw new UsageError(`${option} ${given}: ${dir} is not a directory`);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (e instanceof Deno.errors.NotFound) {
      throw new UsageError(`${option} ${given}: directory ${dir} does not exist`);
    }
    // Not allowed to look (no read permission above the state directory): the save will say.
  }
  return path;
}
