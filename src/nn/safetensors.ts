/**
 * The safetensors file format (Hugging Face, https://github.com/huggingface/safetensors),
 * float32 only: an 8-byte little-endian u64 header length N, N bytes of UTF-8 JSON
 * (`{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}`,
 * padded with spaces so the data starts 8-byte aligned), then the tensors' bytes.
 *
 * The reader trusts nothing: every size is checked against the file before anything is
 * allocated, so a hostile or truncated file yields a one-line error, never an
 * out-of-memory or a silently wrong tensor.
 */

/** One tensor to write: row-major float32 values of `shape`. */
export interface NamedTensor {
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

/** A tensor read back from a file. */
export interface StoredTensor {
  shape: number[];
  data: Float32Array;
}

/** What `decodeSafetensors` returns: tensors by name (file order) and the string metadata. */
export interface DecodedSafetensors {
  tensors: Map<string, StoredTensor>;
  metadata: Record<string, string>;
}

const HEADER_PREFIX_BYTES = 8;
/** Headers above this are refused: ours are a few KB, and JSON.parse of a huge one is a DoS. */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;
const F32_BYTES = 4;
const METADATA_KEY = "__metadata__";
/** dtypes the format defines, so that an unsupported one is named as such. */
const KNOWN_DTYPES = new Set([
  "BOOL",
  "U8",
  "I8",
  "F8_E5M2",
  "F8_E4M3",
  "I16",
  "U16",
  "F16",
  "BF16",
  "I32",
  "U32",
  "F32",
  "F64",
  "I64",
  "U64",
]);

/** Error for a file that is not a valid float32 safetensors file. */
export class SafetensorsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SafetensorsError";
  }
}

/**
 * Serializes tensors and string metadata into safetensors bytes. Tensors are
 * stored in the given order; names must be unique and `data.length` must
 * equal the product of `shape`.
 */
export function encodeSafetensors(
  tensors: readonly NamedTensor[],
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== "string") {
        throw new Error(`metadata ${key} must be a string, got ${typeof value}`);
      }
    }
    header[METADATA_KEY] = metadata;
  }
  let offset = 0;
  for (const t of tensors) {
    if (t.name === METADATA_KEY) throw new Error(`a tensor cannot be named ${METADATA_KEY}`);
    if (Object.hasOwn(header, t.name)) throw new Error(`tensor ${t.name} is given twice`);
    if (t.shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
      throw new Error(`tensor ${t.name}: shape [${t.shape.join(", ")}] is not a list of sizes`);
    }
    const size = t.shape.reduce((p, d) => p * d, 1);
    if (size !== t.data.length) {
      throw new Error(
        `tensor ${t.name}: shape [${
          t.shape.join(", ")
        }] needs ${size} values, got ${t.data.length}`,
      );
    }
    const end = offset + size * F32_BYTES;
    header[t.name] = { dtype: "F32", shape: [...t.shape], data_offsets: [offset, end] };
    offset = end;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  // Pad with spaces (valid JSON whitespace) so the data begins at a multiple of 8, as the
  // reference writer does: a reader may then view the data in place.
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const spaced = new Uint8Array(padded).fill(0x20);
    spaced.set(json);
    json = spaced;
  }
  const out = new Uint8Array(HEADER_PREFIX_BYTES + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, HEADER_PREFIX_BYTES);
  let at = HEADER_PREFIX_BYTES + json.length;
  for (const t of tensors) {
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    if (littleEndian) out.set(bytes, at);
    else {
      const view = new DataView(out.buffer, at, t.data.byteLength);
      t.data.forEach((v, i) => view.setFloat32(i * F32_BYTES, v, true));
    }
    at += t.data.byteLength;
  }
  return out;
}

/** Whether this machine stores floats little-endian (every platform Deno runs on does). */
const littleEndian = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

interface TensorEntry {
  name: string;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Parses and validates safetensors bytes. Throws a SafetensorsError whose
 * one-line message names the problem (and the tensor) for every way a file
 * can be wrong; allocates only after the sizes are checked against the file.
 */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  // 1. The header length, checked before anything is read or allocated.
  if (bytes.length < HEADER_PREFIX_BYTES) {
    throw new SafetensorsError(
      `not a safetensors file: expected at least 8 bytes (the header length), got ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError(
      `safetensors header length ${headerLength} bytes is absurd (limit ${MAX_HEADER_BYTES} bytes)`,
    );
  }
  const n = Number(headerLength);
  if (n > bytes.length - HEADER_PREFIX_BYTES) {
    throw new SafetensorsError(
      `safetensors header length ${n} bytes runs beyond the file (${
        bytes.length - HEADER_PREFIX_BYTES
      } bytes after the length)`,
    );
  }

  // 2. The header: UTF-8, JSON, an object.
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(
      bytes.subarray(HEADER_PREFIX_BYTES, HEADER_PREFIX_BYTES + n),
    );
  } catch {
    throw new SafetensorsError("safetensors header is not valid UTF-8");
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(
      `safetensors header is not valid JSON (${e instanceof Error ? e.message : e})`,
    );
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    throw new SafetensorsError(
      `safetensors header must be a JSON object, got ${describeJson(header)}`,
    );
  }

  // 3. Metadata: string -> string.
  const metadata: Record<string, string> = {};
  const rawMetadata = (header as Record<string, unknown>)[METADATA_KEY];
  if (rawMetadata !== undefined && rawMetadata !== null) {
    if (typeof rawMetadata !== "object" || Array.isArray(rawMetadata)) {
      throw new SafetensorsError(
        `safetensors ${METADATA_KEY} must be an object of strings, got ${
          describeJson(rawMetadata)
        }`,
      );
    }
    for (const [key, value] of Object.entries(rawMetadata)) {
      if (typeof value !== "string") {
        throw new SafetensorsError(
          `safetensors metadata ${key} must be a string, got ${describeJson(value)}`,
        );
      }
      metadata[key] = value;
    }
  }

  // 4. Each tensor entry, against the size of the data section.
  const dataStart = HEADER_PREFIX_BYTES + n;
  const dataBytes = bytes.length - dataStart;
  const entries: TensorEntry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === METADATA_KEY) continue;
    entries.push(parseEntry(name, raw, dataBytes));
  }

  // 5. The tensors must tile the data section exactly: no overlap, no gap, nothing after.
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: TensorEntry | null = null;
  for (const e of byOffset) {
    if (e.begin < covered) {
      throw new SafetensorsError(
        `tensor ${e.name} (bytes ${e.begin}..${e.end}) overlaps tensor ${previous!.name} (bytes ${
          previous!.begin
        }..${previous!.end})`,
      );
    }
    if (e.begin > covered) {
      throw new SafetensorsError(
        `safetensors data has ${
          e.begin - covered
        } bytes at ${covered}..${e.begin} not covered by any tensor`,
      );
    }
    covered = e.end;
    if (e.end > e.begin) previous = e;
  }
  if (covered < dataBytes) {
    throw new SafetensorsError(
      `safetensors file has ${dataBytes - covered} trailing bytes not covered by any tensor`,
    );
  }

  // 6. Only now copy the values: the total is bounded by the file size.
  const tensors = new Map<string, StoredTensor>();
  for (const e of entries) {
    const data = new Float32Array((e.end - e.begin) / F32_BYTES);
    const from = dataStart + e.begin;
    if (littleEndian) {
      new Uint8Array(data.buffer).set(bytes.subarray(from, dataStart + e.end));
    } else {
      for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(from + i * F32_BYTES, true);
    }
    tensors.set(e.name, { shape: e.shape, data });
  }
  return { tensors, metadata };
}

function parseEntry(name: string, raw: unknown, dataBytes: number): TensorEntry {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new SafetensorsError(
      `tensor ${name}: expected an object {dtype, shape, data_offsets}, got ${describeJson(raw)}`,
    );
  }
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  for (const [field, value] of [["dtype", dtype], ["shape", shape], ["data_offsets", offsets]]) {
    if (value === undefined) throw new SafetensorsError(`tensor ${name} has no ${field}`);
  }
  if (typeof dtype !== "string") {
    throw new SafetensorsError(
      `tensor ${name}: dtype must be a string, got ${describeJson(dtype)}`,
    );
  }
  if (dtype !== "F32") {
    throw new SafetensorsError(
      `tensor ${name} has ${
        KNOWN_DTYPES.has(dtype) ? "unsupported" : "unknown"
      } dtype ${dtype}; attn reads only F32 (convert with tensor.float())`,
    );
  }
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new SafetensorsError(
      `tensor ${name}: shape must be a list of non-negative integers, got ${describeJson(shape)}`,
    );
  }
  if (
    !Array.isArray(offsets) || offsets.length !== 2 ||
    offsets.some((o) => !Number.isSafeInteger(o) || o < 0)
  ) {
    throw new SafetensorsError(
      `tensor ${name}: data_offsets must be two non-negative integers [begin, end], got ${
        describeJson(offsets)
      }`,
    );
  }
  const [begin, end] = offsets as number[];
  if (begin > end) {
    throw new SafetensorsError(
      `tensor ${name}: data_offsets [${begin}, ${end}] are reversed (begin after end)`,
    );
  }
  if (end > dataBytes) {
    throw new SafetensorsError(
      `tensor ${name}: data_offsets [${begin}, ${end}] lie outside the data (${dataBytes} bytes)`,
    );
  }
  // The element count can overflow for a hostile shape: stop multiplying once it is too big.
  let elements = 1;
  for (const d of shape as number[]) {
    elements *= d;
    if (elements > Number.MAX_SAFE_INTEGER / F32_BYTES) break;
  }
  if ((shape as number[]).includes(0)) elements = 0;
  if (elements * F32_BYTES !== end - begin) {
    const needs = elements > Number.MAX_SAFE_INTEGER / F32_BYTES
      ? "more than 2^53"
      : String(elements * F32_BYTES);
    throw new SafetensorsError(
      `tensor ${name}: shape [${
        shape.join(", ")
      }] needs ${needs} bytes, data_offsets [${begin}, ${end}] hold ${end - begin}`,
    );
  }
  return { name, shape: [...shape as number[]], begin, end };
}

/** A short description of a JSON value for error messages. */
function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array ${truncate(JSON.stringify(value))}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string ${truncate(JSON.stringify(value))}`;
  return `${typeof value} ${String(value)}`;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
