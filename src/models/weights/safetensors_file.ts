/**
 * A safetensors file read piecewise from disk: the 8-byte length, then the
 * header (bounded and validated, safetensors.ts), then each tensor on
 * request, by seeking to it. The whole file is never in memory at once, so
 * a caller can refuse a file on its header before reading any tensor data,
 * and a multi-gigabyte file costs only the tensors actually read.
 *
 * Reads go in chunks of at most CHUNK_BYTES and check an AbortSignal
 * between chunks: Ctrl-C stops a load within one chunk's read.
 */
import type { HeaderOptions } from "./safetensors_header.ts";
import {
  copyLittleEndian,
  HEADER_PREFIX_BYTES,
  headerLength,
  parseHeader,
  type SafetensorsLimits,
  type TensorEntry,
} from "./safetensors.ts";
import { checkpointLimits } from "./checkpoint_limits.ts";
import { sayWeights as say } from "./checkpoint_error.ts";
import { BilingualError } from "../../platform/i18n/bilingual_error.ts";

/** Bytes per read: small enough that Ctrl-C is seen within milliseconds, large enough to stream. */
const CHUNK_BYTES = 4 * 1024 * 1024;
const F32_BYTES = 4;

/** An open safetensors file whose header has been read and validated. */
export class SafetensorsFile {
  /** The file's string metadata. */
  readonly metadata: Record<string, string>;
  /** The tensor entries, in header order. */
  readonly tensors: readonly TensorEntry[];
  readonly #file: Deno.FsFile;
  /** Byte offset of the data section in the file. */
  readonly #dataStart: number;
  #scratch: Uint8Array | null = null;

  private constructor(
    file: Deno.FsFile,
    dataStart: number,
    header: { metadata: Record<string, string>; tensors: TensorEntry[] },
  ) {
    this.#file = file;
    this.#dataStart = dataStart;
    this.metadata = header.metadata;
    this.tensors = header.tensors;
  }

  /**
   * Opens `path` and reads and validates its header only. Throws a
   * SafetensorsError for a bad file (the file is then closed) and Deno's
   * error when the file cannot be read. With `options.otherDtypes`, entries of another dtype
   * are listed (their `dtype` set) for the caller to refuse by name; they cannot be read.
   */
  static async open(
    path: string,
    limits: SafetensorsLimits = checkpointLimits,
    options: HeaderOptions = {},
  ): Promise<SafetensorsFile> {
    const file = await Deno.open(path, { read: true });
    try {
      const size = (await file.stat()).size;
      const prefix = await readAt(file, 0, Math.min(HEADER_PREFIX_BYTES, size));
      const n = headerLength(prefix, size, limits);
      const dataStart = HEADER_PREFIX_BYTES + n;
      const header = parseHeader(
        await readAt(file, HEADER_PREFIX_BYTES, n),
        size - dataStart,
        limits,
        options,
      );
      return new SafetensorsFile(file, dataStart, header);
    } catch (e) {
      file.close();
      throw e;
    }
  }

  /** The values of `entry` in a new array, read in chunks; throws `signal.reason` when aborted. */
  async read(entry: TensorEntry, signal?: AbortSignal): Promise<Float32Array> {
    const data = new Float32Array((entry.end - entry.begin) / F32_BYTES);
    await this.#chunks(entry, signal, (bytes, first) => copyLittleEndian(bytes, data, first));
    return data;
  }

  /**
   * Shows `visit` every value of `entry`, a chunk at a time in one reused
   * buffer (so looking at a tensor costs no memory of its size), with the
   * index of the chunk's first element. Throws `signal.reason` when aborted.
   */
  async scan(
    entry: TensorEntry,
    visit: (values: Float32Array, first: number) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const bytes = Math.min(CHUNK_BYTES, entry.end - entry.begin);
    if (!this.#scratch || this.#scratch.length < bytes) this.#scratch = new Uint8Array(bytes);
    const values = new Float32Array(this.#scratch.buffer, 0, bytes / F32_BYTES);
    await this.#chunks(entry, signal, (chunk, first) => {
      const view = values.subarray(0, chunk.length / F32_BYTES);
      copyLittleEndian(chunk, view, 0);
      visit(view, first);
    }, this.#scratch);
  }

  /** Closes the file (idempotent). */
  close(): void {
    try {
      this.#file.close();
    } catch {
      // already closed
    }
  }

  /** Reads entry's bytes chunk by chunk (into `buffer` when given) and hands each to `take`. */
  async #chunks(
    entry: TensorEntry,
    signal: AbortSignal | undefined,
    take: (bytes: Uint8Array, firstElement: number) => void,
    buffer?: Uint8Array,
  ): Promise<void> {
    if (entry.dtype !== undefined) throw new Error(`${entry.name} is ${entry.dtype}, not F32`);
    const total = entry.end - entry.begin;
    for (let done = 0; done < total;) {
      signal?.throwIfAborted();
      const bytes = Math.min(CHUNK_BYTES, total - done);
      const chunk = await readAt(
        this.#file,
        this.#dataStart + entry.begin + done,
        bytes,
        buffer?.subarray(0, bytes),
      );
      take(chunk, done / F32_BYTES);
      done += bytes;
    }
    signal?.throwIfAborted();
  }
}

/** Exactly `length` bytes at `offset` (into `into` when given); a short file is an error. */
async function readAt(
  file: Deno.FsFile,
  offset: number,
  length: number,
  into: Uint8Array = new Uint8Array(length),
): Promise<Uint8Array> {
  await file.seek(offset, Deno.SeekMode.Start);
  for (let at = 0; at < length;) {
    const n = await file.read(into.subarray(at, length));
    if (n === null || n === 0) {
      throw new BilingualError(say("weights.truncated", { at: offset + at, length, offset }));
    }
    at += n;
  }
  return into;
}
