/** Writing a file so that a crash leaves either the old file or the new one, never a mix. */
import { CheckpointError, sayWeights as say } from "./checkpoint_error.ts";
import { messageOf } from "../../platform/i18n/bilingual_error.ts";
import type { Bilingual } from "../../platform/i18n/messages.ts";

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
    throw new CheckpointError(say("weights.save.notAFile", { path }));
  }
  try {
    const dirInfo = await Deno.stat(dir);
    if (!dirInfo.isDirectory) {
      const reason = say("weights.save.notDir", { dir });
      throw new CheckpointError(say("weights.save.failed", { path, reason }));
    }
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    if (e instanceof Deno.errors.NotFound) {
      const reason = say("weights.save.noDir", { dir });
      throw new CheckpointError(say("weights.save.failed", { path, reason }));
    }
    throw new CheckpointError(say("weights.save.failed", { path, reason: ioReasonIn(e) }));
  }
  try {
    if ((await Deno.stat(path)).isDirectory) {
      throw new CheckpointError(say("weights.save.isDir", { path }));
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
    throw new CheckpointError(say("weights.save.failed", { path, reason: ioReasonIn(e, dir) }));
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
  return ioReasonIn(e, dir).en;
}

/** ioReason in both languages. */
export function ioReasonIn(e: unknown, dir?: string): Bilingual {
  const code = (e as { code?: string })?.code;
  if (e instanceof Deno.errors.PermissionDenied || code === "EACCES" || code === "EPERM") {
    return dir ? say("weights.io.dirNotWritable", { dir }) : say("weights.io.permission");
  }
  if (e instanceof Deno.errors.NotCapable) return say("weights.io.notCapable");
  if (code === "ENOSPC") return say("weights.io.full");
  if (code === "EROFS") return say("weights.io.readOnly");
  if (code === "EDQUOT") return say("weights.io.quota");
  if (e instanceof Deno.errors.NotFound) return say("weights.io.notFound");
  if (e instanceof Deno.errors.IsADirectory) return say("weights.io.isDir");
  const message = messageOf(e);
  return { en: message.en.split("\n")[0], ko: message.ko.split("\n")[0] };
}
