/**
 * Paths a learner gives to --out (and --model): a leading ~/ means the home directory at the
 * attn> prompt too (a shell expands it for one-liners, the REPL must do it itself), and an output
 * path is checked before any work starts: permission first (the deno.json tasks let attn write
 * only its state directory), then that its directory exists.
 *
 * Deno's permission check reads the path as written: a symbolic link inside the state directory
 * (`~/.local/state/attn/w -> ~/attn/weights`) would let a save land outside it. So the
 * directory's real path (links resolved) must be inside the state directory's real path, or be
 * granted in its own right.
 */
import { UsageError } from "./errors.ts";
import { stateDirCandidate, usableStateDir } from "../platform/state_dir.ts";
import { expandHome } from "../platform/home_path.ts";
import { checkPathLength } from "../app/path_limit.ts";
import { commandMessages } from "./command_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(commandMessages);

export { expandHome };

/** `path` is `dir` itself or below it (both absolute, without trailing slashes). */
function isWithin(path: string, dir: string): boolean {
  const base = dir.endsWith("/") ? dir : `${dir}/`;
  return path === dir || path.startsWith(base);
}

/** Deno.realPath, or null when it cannot be resolved (missing, or no permission to look). */
async function realPathOf(path: string): Promise<string | null> {
  try {
    return await Deno.realPath(path);
  } catch {
    return null;
  }
}

async function mayWrite(path: string): Promise<boolean> {
  return (await Deno.permissions.query({ name: "write", path })).state === "granted";
}

/**
 * The directories a state path with a comma splits into in deno's --allow-write list (relative
 * ones from the working directory): grants nobody meant to give.
 */
function commaGrants(): string[] {
  const candidate = stateDirCandidate();
  if (candidate === null || !candidate.includes(",")) return [];
  return candidate.split(",").filter((p) => p !== "").map((p) =>
    (p.startsWith("/") ? p : `${Deno.cwd()}/${p}`).replace(/\/+$/, "") || "/"
  );
}

/** Refuses, in one line, an output path attn may not or cannot write; returns it expanded. */
export async function checkOutPath(option: string, given: string): Promise<string> {
  checkPathLength(option, given);
  const path = expandHome(given);
  if (path === "" || path.endsWith("/")) {
    throw new UsageError(say("outPath.notAFile", { option, given }));
  }
  const candidate = stateDirCandidate();
  const state = candidate !== null && isWithin(path, candidate) ? usableStateDir() : null; // a fresh machine has none yet
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash);
  const denied = () =>
    new UsageError(
      say("outPath.denied", { option, given, allowed: candidate ?? say("outPath.stateDir") }),
    );
  if (!(await mayWrite(path))) throw denied();

  const realDir = await realPathOf(dir);
  const realPath = realDir === null
    ? null
    : `${realDir === "/" ? "" : realDir}/${path.slice(slash + 1)}`;
  const commaDir = commaGrants().find((grant) => isWithin(realPath ?? path, grant));
  if (commaDir !== undefined) {
    throw new UsageError(
      say("outPath.comma", { option, given, candidate: String(candidate), commaDir }),
    );
  }
  if (realPath !== null && realPath !== path) {
    const realState = state === null ? null : await realPathOf(state);
    const inState = realState !== null && isWithin(realDir!, realState);
    if (!inState && !(await mayWrite(realPath))) {
      const allowed = candidate ?? say("outPath.stateDir");
      throw new UsageError(
        say("outPath.linkedDir", { option, given, dir, realDir: String(realDir), allowed }),
      );
    }
  }

  try {
    if ((await Deno.lstat(path)).isSymlink) {
      // A save renames a new file over it: the link would be replaced, not written through.
      throw new UsageError(say("outPath.link", { option, given }));
    }
  } catch (e) {
    if (e instanceof UsageError) throw e; // missing, or not allowed to look: checked below
  }
  try {
    if ((await Deno.stat(path)).isDirectory) {
      throw new UsageError(say("outPath.directory", { option, given }));
    }
  } catch (e) {
    if (e instanceof UsageError) throw e; // a missing file is fine: it will be created
  }
  try {
    if (!(await Deno.stat(dir)).isDirectory) {
      throw new UsageError(say("outPath.parentNotDir", { option, given, dir }));
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (e instanceof Deno.errors.NotFound) {
      throw new UsageError(say("outPath.noParent", { option, given, dir }));
    }
    // Not allowed to look (no read permission above the state directory): the save will say.
  }
  return path;
}

/**
 * Refuses a checkpoint path that does not end in .safetensors (train --out, export --out,
 * save FILE: every checkpoint attn writes is a safetensors file, and the same words say so).
 */
export function requireSafetensorsName(option: string, given: string): void {
  if (!given.endsWith(".safetensors")) {
    throw new UsageError(say("outPath.notSafetensors", { option, given }));
  }
}
