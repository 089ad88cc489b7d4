/**
 * Reading a safetensors header without trusting it: the length prefix against the file, the
 * JSON's structure before it is parsed, string metadata, and tensor entries (F32, bounded
 * rank, offsets inside the data) that tile the data section exactly.
 */
import { checkpointLimits } from "./checkpoint_limits.ts";
import { clipText, describeJson, previewJson } from "./json_preview.ts";
import { type JsonShapeLimits, jsonShapeProblem } from "./json_scan.ts";
import {
  F32_BYTES,
  HEADER_PREFIX_BYTES,
  KNOWN_DTYPES,
  METADATA_KEY,
  SafetensorsError,
  type SafetensorsHeader,
  type SafetensorsLimits,
  type TensorEntry,
} from "./safetensors_format.ts";

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
  const header = headerObject(bytes, limits);
  const metadata = headerMetadata(header[METADATA_KEY], limits);
  const tensors = headerTensors(header, dataBytes, limits);
  checkTiling(tensors, dataBytes);
  return { metadata, tensors };
}

/** The header as a JSON object: UTF-8, a bounded structure, JSON, an object. */
function headerObject(bytes: Uint8Array, limits: SafetensorsLimits): Record<string, unknown> {
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
  return header as Record<string, unknown>;
}

/** The `__metadata__` entry: string keys to string values (absent or null is none). */
function headerMetadata(
  rawMetadata: unknown,
  limits: SafetensorsLimits,
): Record<string, string> {
  const metadata: Record<string, string> = {};
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
  return metadata;
}

/** Each tensor entry, in header order, checked against the size of the data section. */
function headerTensors(
  header: Record<string, unknown>,
  dataBytes: number,
  limits: SafetensorsLimits,
): TensorEntry[] {
  const names = Object.keys(header).filter((name) => name !== METADATA_KEY);
  if (names.length > limits.tensors) {
    throw new SafetensorsError(
      `safetensors header has ${names.length} tensors, beyond attn's limit of ${limits.tensors} (its largest model)`,
    );
  }
  return names.map((name) => parseEntry(name, header[name], dataBytes, limits));
}

/** The tensors must tile the data section exactly: no overlap, no gap, nothing after. */
function checkTiling(tensors: readonly TensorEntry[], dataBytes: number): void {
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
/** One tensor entry of the header, checked: F32, a bounded shape, offsets inside the data. */
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
