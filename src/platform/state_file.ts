/**
 * Reading and writing the files in attn's state directory (history, lessons.json, tuning-*.json)
 * so that no file found there can hang, flood or trick attn:
 *
 * - read: only a regular file, never through a symbolic link (Deno's permission check looks at
 *   the link's path, not its target, so a link would read anything), opened non-blocking (a
 *   FIFO swapped in after the check cannot block the open), and at most a size bound per file;
 * - write: a temporary file in the same directory, then a rename, so a reader never sees half a
 *   file and a kill during a save leaves the old file whole (the temporary file is swept later:
 *   sweepStaleTemps);
 * - append: to a regular file only (O_APPEND: concurrent appends do not overwrite each other);
 * - read-modify-write: under an advisory lock on the directory (withStateLock), so two attn
 *   processes merge their changes instead of each writing its own start-up copy.
 *
 * Problems are thrown as StateFileError with a one-line reason; callers turn them into a
 * warning and go on.
 */
import fs from "node:fs";
import { BilingualError } from "./i18n/bilingual_error.ts";
import { type Bilingual, messagesOf } from "./i18n/messages.ts";
import { stateMessages } from "./state_messages.ts";

const say = messagesOf(stateMessages);

/** A state file attn refused or failed to read or write, with a one-line reason. */
export class StateFileError extends BilingualError {
  /** Groups failures for warnings given once per kind: "not-regular", "too-large", "NoSpace"... */
  readonly kind: string;

  constructor(kind: string, message: string | Readonly<Bilingual>) {
    super(message);
    this.name = "StateFileError";
    this.kind = kind;
  }
}

const { O_RDONLY, O_WRONLY, O_APPEND, O_CREAT, O_NONBLOCK, O_NOFOLLOW } = fs.constants;

/** The directory part of a path ("." for a bare name). */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** "1.5 MB", "256 KB", "12 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
  return `${n} byte${n === 1 ? "" : "s"}`;
}

/** What a file is, when it is not a regular file ("a symbolic link", "a named pipe (FIFO)"). */
function kindOf(info: Deno.FileInfo): Bilingual | null {
  if (info.isSymlink) return say("state.what.symlink");
  if (info.isDirectory) return say("state.what.directory");
  if (info.isFifo) return say("state.what.fifo");
  if (info.isCharDevice || info.isBlockDevice) return say("state.what.device");
  if (info.isSocket) return say("state.what.socket");
  return null;
}

/** Refuses what is not a regular file of at most maxBytes. */
function checkRegular(info: Deno.FileInfo, maxBytes: number): void {
  if (!info.isFile) {
    const what = kindOf(info);
    throw new StateFileError(
      "not-regular",
      what === null ? say("state.notRegular") : say("state.notRegularIs", { what }),
    );
  }
  if (info.size > maxBytes) {
    const size = formatBytes(info.size);
    throw new StateFileError(
      "too-large",
      say("state.tooLarge", { size, max: formatBytes(maxBytes) }),
    );
  }
}

/** One short phrase for a file system error, and its kind. */
export function ioFailure(e: unknown): StateFileError {
  if (e instanceof StateFileError) return e;
  const code = (e as { code?: string })?.code ?? "";
  const name = e instanceof Error ? e.name : "Error";
  const phrase = (kind: string, text: string | Bilingual) => new StateFileError(kind, text);
  if (e instanceof Deno.errors.NotCapable || name === "NotCapable") {
    return phrase("NotCapable", say("state.io.notCapable"));
  }
  if (e instanceof Deno.errors.PermissionDenied || code === "EACCES" || code === "EPERM") {
    return phrase("PermissionDenied", say("state.io.permission"));
  }
  const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  if (code === "ENOSPC" || /no space left/i.test(message)) {
    return phrase("NoSpace", say("state.io.full"));
  }
  if (code === "EROFS" || /read-only file system/i.test(message)) {
    return phrase("ReadOnly", say("state.io.readOnly"));
  }
  if (code === "ENOTDIR" || e instanceof Deno.errors.NotADirectory) {
    return phrase("NotADirectory", say("state.io.notDir"));
  }
  if (code === "ELOOP") return phrase("not-regular", say("state.io.symlink"));
  if (code === "ENXIO") return phrase("not-regular", say("state.io.fifoOrDevice"));
  return phrase(code || name, message.replace(/, (open|rename|write|read)\b.*$/, ""));
}

/**
 * The content of a state file: null when there is none. Throws StateFileError when the path is
 * not a regular file (a symbolic link, a FIFO, a device, a directory), is larger than maxBytes,
 * or cannot be read.
 */
export function readStateFile(path: string, maxBytes: number): Uint8Array | null {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(path); // lstat: a link is refused, never followed
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw ioFailure(e);
  }
  checkRegular(info, maxBytes);
  let fd: number;
  try {
    // O_NONBLOCK: if a FIFO took the file's place since the lstat, open returns at once.
    fd = fs.openSync(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  } catch (e) {
    if ((e as { code?: string })?.code === "ENOENT") return null; // replaced by a rename
    throw ioFailure(e);
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile() || (info.ino !== null && opened.ino !== info.ino)) {
      throw new StateFileError("changed", say("state.changed"));
    }
    // One byte more than allowed tells a file that grew past the bound since the lstat.
    const buffer = new Uint8Array(Math.min(maxBytes, Math.max(opened.size, 0)) + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const n = fs.readSync(fd, buffer, filled, buffer.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    if (filled > maxBytes) {
      throw new StateFileError(
        "too-large",
        say("state.grewTooLarge", { max: formatBytes(maxBytes) }),
      );
    }
    return buffer.subarray(0, filled);
  } catch (e) {
    throw ioFailure(e);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * readStateFile for a store that goes on without its file (history, lesson progress): the
 * content, null when there is none, or undefined when the file was refused or could not be read,
 * after `refused` was told why (to warn once and leave the file alone).
 */
export function readStateFileOr(
  path: string,
  maxBytes: number,
  refused: (failure: StateFileError) => void,
): Uint8Array | null | undefined {
  try {
    return readStateFile(path, maxBytes);
  } catch (e) {
    refused(asStateFileError(e));
    return undefined;
  }
}

/**
 * Runs `update`, a read-modify-write of the state file at `path`, under its directory's lock
 * (withStateLock); a failure is handed to `failed` (to warn) instead of thrown, so the store goes
 * on and its next save tries again.
 */
export function updateStateFile(
  path: string,
  update: () => void,
  failed: (failure: StateFileError) => void,
): void {
  try {
    withStateLock(dirOf(path), update);
  } catch (e) {
    failed(asStateFileError(e));
  }
}

/** `e` as a StateFileError: itself, or anything else thrown as kind "error" with its text. */
export function asStateFileError(e: unknown): StateFileError {
  return e instanceof StateFileError ? e : new StateFileError("error", String(e));
}

/** Temporary files of attn's saves: `.<name>.tmp-<pid>-<random>` (as checkpoint saves name them). */
export function stateTempName(name: string): string {
  const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
  return `.${name}.tmp-${Deno.pid}-${random}`;
}

/**
 * Replaces `path` with `data`, atomically: the bytes go to a new temporary file in the same
 * directory (created exclusively, so never through a link), which is then renamed over `path`.
 * A rename replaces a link or a FIFO at `path` rather than writing through it. Throws
 * StateFileError; the temporary file is removed on failure.
 */
export function writeStateFile(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const temp = `${dirOf(path)}/${stateTempName(baseOf(path))}`;
  let file: Deno.FsFile | null = null;
  try {
    file = Deno.openSync(temp, { write: true, createNew: true, mode: 0o600 });
    for (let at = 0; at < bytes.length;) at += file.writeSync(bytes.subarray(at));
    file.syncSync(); // the data is on disk before the rename makes it visible
    file.close();
    file = null;
    Deno.renameSync(temp, path);
  } catch (e) {
    try {
      file?.close();
    } catch { /* already closed */ }
    try {
      Deno.removeSync(temp);
    } catch { /* never created, or already renamed */ }
    throw ioFailure(e);
  }
}

/**
 * Appends `text` to the regular file at `path` (created 0600 if missing) in one write, and
 * returns the file's size afterwards. Refuses anything but a regular file, as readStateFile.
 */
export function appendStateFile(path: string, text: string): number {
  try {
    const info = Deno.lstatSync(path);
    checkRegular(info, Number.POSITIVE_INFINITY);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw ioFailure(e);
  }
  let fd: number;
  try {
    fd = fs.openSync(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_NOFOLLOW, 0o600);
  } catch (e) {
    throw ioFailure(e);
  }
  try {
    if (!fs.fstatSync(fd).isFile()) {
      throw new StateFileError("not-regular", say("state.notRegular"));
    }
    const bytes = new TextEncoder().encode(text);
    for (let at = 0; at < bytes.length;) {
      at += fs.writeSync(fd, bytes, at, bytes.length - at, null);
    }
    return fs.fstatSync(fd).size;
  } catch (e) {
    throw ioFailure(e);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Moves a file attn could not understand out of the way, to `<path>.corrupt-<UTC time>`, and
 * returns the new path; the file is kept, never deleted. Throws StateFileError.
 */
export function keepAside(path: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const aside = `${path}.corrupt-${stamp}`;
  try {
    Deno.lstatSync(aside);
    throw new StateFileError("exists", say("state.exists", { aside }));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw ioFailure(e);
  }
  try {
    Deno.renameSync(path, aside);
  } catch (e) {
    throw ioFailure(e);
  }
  return aside;
}

/** How long a save waits for another attn process's lock before giving up. */
const LOCK_WAIT_MS = 2000;

/** Directories whose lock this process holds: a second flock on another descriptor would wait. */
const held = new Set<string>();

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs fn holding an exclusive advisory lock (flock) on the directory `dir`, so that
 * read-modify-write sequences of attn processes sharing the state directory do not interleave.
 * Holders keep it for milliseconds; after LOCK_WAIT_MS of waiting it throws StateFileError
 * ("locked") instead of hanging. Where locks are not supported, fn runs unlocked.
 */
export function withStateLock<T>(dir: string, fn: () => T): T {
  if (held.has(dir)) return fn(); // this process holds it already (a nested step)
  let handle: Deno.FsFile;
  try {
    handle = Deno.openSync(dir, { read: true });
  } catch (e) {
    throw ioFailure(e);
  }
  held.add(dir);
  try {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      let locked: boolean;
      try {
        locked = handle.tryLockSync(true);
      } catch {
        break; // no locks on this file system: go on unlocked, as before locks existed
      }
      if (locked) break;
      if (Date.now() > deadline) {
        throw new StateFileError(
          "locked",
          say("state.locked", { dir, seconds: LOCK_WAIT_MS / 1000 }),
        );
      }
      sleepSync(10);
    }
    return fn();
  } finally {
    held.delete(dir);
    handle.close(); // closing the descriptor releases the lock
  }
}

/** Temporary files only a killed save leaves behind, older than this, are removed at start. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Names of attn's own temporary files: `.<name>.tmp-<pid>-<random>` (state files and
 * checkpoints), and the names earlier versions used: `history.tmp-<pid>`,
 * `lessons.json.tmp-<pid>`, `tuning-<hash>.json.<pid>.tmp`.
 */
const TEMP_NAMES = [
  /^\..+\.tmp-\d+-[0-9a-z]+$/,
  /^(history|lessons\.json)\.tmp-\d+$/,
  /^tuning-[0-9a-f]{8}\.json\.\d+\.tmp$/,
];

/** True for the name of a temporary file attn's saves create. */
export function isStateTempName(name: string): boolean {
  return TEMP_NAMES.some((re) => re.test(name));
}

/**
 * Removes attn's temporary files older than maxAgeMs (regular files only, never through a link)
 * from `dir` and its direct subdirectories (where exports go): leftovers of a save that was
 * killed between writing and renaming. Returns the paths removed; failures are skipped.
 */
export function sweepStaleTemps(
  dir: string,
  now = Date.now(),
  maxAgeMs = STALE_TEMP_MS,
): string[] {
  const removed: string[] = [];
  const sweep = (at: string, depth: number) => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(at)];
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = `${at}/${entry.name}`;
      if (entry.isDirectory && !entry.isSymlink && depth === 0) sweep(path, 1);
      if (!entry.isFile || !isStateTempName(entry.name)) continue;
      try {
        const info = Deno.lstatSync(path);
        const mtime = info.mtime?.getTime();
        if (!info.isFile || mtime === undefined || now - mtime < maxAgeMs) continue;
        Deno.removeSync(path);
        removed.push(path);
      } catch {
        // gone already, or not ours to remove
      }
    }
  };
  sweep(dir, 0);
  return removed;
}
