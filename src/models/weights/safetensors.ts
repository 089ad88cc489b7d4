/**
 * The safetensors file format (Hugging Face, https://github.com/huggingface/safetensors),
 * float32 only: an 8-byte little-endian u64 header length N, N bytes of UTF-8 JSON
 * (`{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}`,
 * padded with spaces so the data starts 8-byte aligned), then the tensors' bytes.
 *
 * The reader trusts nothing: every size is checked against the file before anything is
 * allocated, and the header's JSON structure before it is parsed, so a hostile or
 * truncated file yields a one-line error, never an out-of-memory, a crash or a silently
 * wrong tensor.
 */
import { checkpointLimits } from "./checkpoint_limits.ts";
import { clipText, describeJson, previewJson } from "./json_preview.ts";
import { type JsonShapeLimits, jsonShapeProblem } from "./json_scan.ts";

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

/**
 * How much a header may hold. attn reads only its own checkpoints' shape
 * of file, so the defaults are checkpointLimits (checkpoint_limits.ts says
 * how they are derived).
 */
export interface SafetensorsLimits {
  /** Bytes of the JSON header. */
  headerBytes: number;
  /** Tensor entries. */
  tensors: number;
  /** Characters of a tensor name or metadata key. */
  nameLength: number;
  /** Dimensions of a tensor's shape. */
  rank: number;
  /** Metadata entries. */
  metadataKeys: number;
  /** Characters of one metadata value as written (escapes included). */
  metadataValueLength: number;
}

/** One tensor of a header: where its bytes are in the data section. */
export interface TensorEntry {
  name: string;
  shape: number[];
  /** Byte offsets into the data section (after the header). */
  begin: number;
  end: number;
}

/** A parsed and validated header. */
export interface SafetensorsHeader {
  metadata: Record<string, string>;
  /** In header order. */
  tensors: TensorEntry[];
}

/** Bytes of the header-length prefix. */
export const HEADER_PREFIX_BYTES = 8;
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
export const littleEndian = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

/**
 * The header length in the 8-byte prefix, checked against the limit and
 * against the `fileBytes` of the whole file before any of the header is read.
 */
export function headerLength(
  prefix: Uint8Array,
  fileBytes: number,
  limits: SafetensorsLimits = checkpointLimits,
): number {
  if (fileBytes < HEADER_PREFIX_BYTES || prefix.length < HEADER_PREFIX_BYTES) {
    throw new SafetensorsError(
      `not a safetensors file: expected at least 8 bytes (the header length), got ${fileBytes}`,
    );
  }
  const length = new DataView(prefix.buffer, prefix.byteOffset, HEADER_PREFIX_BYTES)
    .getBigUint64(0, true);
  if (length > BigInt(limits.headerBytes)) {
    throw new SafetensorsError(
      `safetensors header length ${length} bytes is beyond attn's limit of ${limits.headerBytes} bytes (what its largest model needs)`,
    );
  }
  const n = Number(length);
  if (n > fileBytes - HEADER_PREFIX_BYTES) {
    throw new SafetensorsError(
      `safetensors header length ${n} bytes runs beyond the file (${
        fileBytes - HEADER_PREFIX_BYTES
      } bytes after the length)`,
    );
  }
  return n;
}

/**
 * Parses and validates header bytes against a data section of `dataBytes`:
 * UTF-8, a bounded JSON structure (checked before JSON.parse, see
 * json_scan.ts), string metadata, and tensor entries that tile the data
 * exactly. Reads no tensor data.
 */
export function parseHeader(
  bytes: Uint8Array,
  dataBytes: number,
  limits: SafetensorsLimits = checkpointLimits,
): SafetensorsHeader {
  // 1. UTF-8, a bounded structure, JSON, an object.
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SafetensorsError("safetensors header is not valid UTF-8");
  }
  const problem = jsonShapeProblem(text, headerShape(limits));
  if (problem) {
    throw new SafetensorsError(
      `safetensors header ${problem}; expected {name: {dtype, shape, data_offsets}} for at most ${limits.tensors} tensors`,
    );
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

  // 2. Metadata: string -> string.
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
    const keys = Object.keys(rawMetadata);
    if (keys.length > limits.metadataKeys) {
      throw new SafetensorsError(
        `safetensors ${METADATA_KEY} has ${keys.length} entries, beyond attn's limit of ${limits.metadataKeys}`,
      );
    }
    for (const key of keys) {
      const value = (rawMetadata as Record<string, unknown>)[key];
      if (typeof value !== "string") {
        throw new SafetensorsError(
          `safetensors metadata ${key} must be a string, got ${describeJson(value)}`,
        );
      }
      metadata[key] = value;
    }
  }

  // 3. Each tensor entry, against the size of the data section.
  const names = Object.keys(header).filter((name) => name !== METADATA_KEY);
  if (names.length > limits.tensors) {
    throw new SafetensorsError(
      `safetensors header has ${names.length} tensors, beyond attn's limit of ${limits.tensors} (its largest model)`,
    );
  }
  const tensors = names.map((name) =>
    parseEntry(name, (header as Record<string, unknown>)[name], dataBytes, limits)
  );

  // 4. The tensors must tile the data section exactly: no overlap, no gap, nothing after.
  const byOffset = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
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
  return { metadata, tensors };
}

/**
 * The JSON structure a header may have: `{name: {dtype, shape: [...],
 * data_offsets: [b, e]}, "__metadata__": {key: value}}` is 3 levels deep;
 * an entry holds at most 6 + rank values, the metadata 1 + its keys.
 */
export function headerShape(limits: SafetensorsLimits = checkpointLimits): JsonShapeLimits {
  return {
    maxDepth: 3,
    maxValues: 1 + limits.tensors * (6 + limits.rank) + 1 + limits.metadataKeys,
    maxKeyLength: limits.nameLength,
    maxStringLength: Math.max(limits.metadataValueLength, "F32".length),
  };
}

/**
 * Parses and validates safetensors bytes held in memory (a whole file).
 * Throws a SafetensorsError whose one-line message names the problem (and
 * the tensor); copies the values only after every check passed. Files on
 * disk are read piecewise by SafetensorsFile instead (safetensors_file.ts).
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  limits: SafetensorsLimits = checkpointLimits,
): DecodedSafetensors {
  const n = headerLength(bytes.subarray(0, HEADER_PREFIX_BYTES), bytes.length, limits);
  const dataStart = HEADER_PREFIX_BYTES + n;
  const header = parseHeader(
    bytes.subarray(HEADER_PREFIX_BYTES, dataStart),
    bytes.length - dataStart,
    limits,
  );
  const tensors = new Map<string, StoredTensor>();
  for (const e of header.tensors) {
    const data = new Float32Array((e.end - e.begin) / F32_BYTES);
    copyLittleEndian(bytes.subarray(dataStart + e.begin, dataStart + e.end), data, 0);
    tensors.set(e.name, { shape: e.shape, data });
  }
  return { tensors, metadata: header.metadata };
}

/** Copies little-endian float32 bytes into `into` from element `at` on. */
export function copyLittleEndian(bytes: Uint8Array, into: Float32Array, at: number): void {
  if (littleEndian) {
    new Uint8Array(into.buffer, into.byteOffset + at * F32_BYTES, bytes.length).set(bytes);
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < bytes.length / F32_BYTES; i++) {
    into[at + i] = view.getFloat32(i * F32_BYTES, true);
  }
}

function parseEntry(
  name: string,
  raw: unknown,
  dataBytes: number,
  limits: SafetensorsLimits,
): TensorEntry {
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
      `tensor ${name} has ${KNOWN_DTYPES.has(dtype) ? "unsupported" : "unknown"} dtype ${
        clipText(dtype)
      }; attn reads only F32 (convert with tensor.float())`,
    );
  }
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new SafetensorsError(
      `tensor ${name}: shape must be a list of non-negative integers, got ${describeJson(shape)}`,
    );
  }
  if (shape.length > limits.rank) {
    throw new SafetensorsError(
      `tensor ${name}: shape ${
        previewJson(shape)
      } has ${shape.length} dimensions, attn's tensors have at most ${limits.rank}`,
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
