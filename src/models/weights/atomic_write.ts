/** Writing a file so that a crash leaves either the old file or the new one, never a mix. */
import { CheckpointError } from "./checkpoint_error.ts";

/**
 * Replaces `path` with `bytes` so that a crash at any moment leaves either
 * the old file or the new one: write a temp file in the same directory,
 * fsync it, rename it over the target (atomic on POSIX), fsync the directory.
 * On error the temp file is removed and the old file is untouched.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash);
  const name = path.slice(slash + 1);
  if (name === "" || name === "." || name === "..") {
    throw new CheckpointError(`expected a file path to save to, got ${path}`);
  }
  try {
    const dirInfo = await Deno.stat(dir);
    if (!dirInfo.isDirectory) {
      throw new CheckpointError(`cannot save ${path}: ${dir} is not a directory`);
    }
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    if (e instanceof Deno.errors.NotFound) {
      throw new CheckpointError(`cannot save ${path}: directory ${dir} does not exist`);
    }
    throw new CheckpointError(`cannot save ${path}: ${ioReason(e)}`);
  }
  try {
    if ((await Deno.stat(path)).isDirectory) {
      throw new CheckpointError(`cannot save to ${path}: it is a directory`);
    }
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    // NotFound: a fresh file. Anything else surfaces when writing.
  }

  const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
  const temp = `${dir}/.${name}.tmp-${Deno.pid}-${random}`;
  let file: Deno.FsFile | null = null;
  try {
    file = await Deno.open(temp, { write: true, createNew: true, mode: 0o644 });
    for (let at = 0; at < bytes.length;) at += await file.write(bytes.subarray(at));
    await file.sync(); // the data is on disk before the rename makes it visible
    file.close();
    file = null;
    await Deno.rename(temp, path);
  } catch (e) {
    try {
      file?.close();
    } catch { /* already closed */ }
    try {
      await Deno.remove(temp);
    } catch { /* never created, or already renamed */ }
    throw new CheckpointError(`cannot save ${path}: ${ioReason(e, dir)}`);
  }
  // Persist the rename itself; not every platform lets a directory be opened.
  try {
    const d = await Deno.open(dir, { read: true });
    try {
      await d.sync();
    } finally {
      d.close();
    }
  } catch { /* best effort */ }
}

/** One short phrase for a file system error. */
export function ioReason(e: unknown, dir?: string): string {
  const code = (e as { code?: string })?.code;
  if (e instanceof Deno.errors.PermissionDenied || code === "EACCES" || code === "EPERM") {
    return dir ? `directory ${dir} is not writable (permission denied)` : "permission denied";
  }
  if (e instanceof Deno.errors.NotCapable) {
    return "attn was not given file access there (Deno --allow-read/--allow-write)";
  }
  if (code === "ENOSPC") return "the disk is full (no space left on device)";
  if (code === "EROFS") return "the file system is read-only";
  if (code === "EDQUOT") return "the disk quota is exhausted";
  if (e instanceof Deno.errors.NotFound) return "no such file or directory";
  if (e instanceof Deno.errors.IsADirectory) return "it is a directory";
  const message = e instanceof Error ? e.message : String(e);
  return message.split("\n")[0];
}
