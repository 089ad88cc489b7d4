/**
 * Reading a safetensors header without trusting it: the length prefix against the file, the
 * JSON's structure before it is parsed, string metadata, and tensor entries (F32, bounded
 * rank, offsets inside the data) that tile the data section exactly.
 */
import { checkpointLimits } from "./checkpoint_limits.ts";
import { clipText, describeJsonIn, previewJson } from "./json_preview.ts";
import { type JsonShapeLimits, jsonShapeProblemIn } from "./json_scan.ts";
import { sayWeights as say } from "./checkpoint_error.ts";
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
    throw new SafetensorsError(say("weights.header.short", { size: fileBytes }));
  }
  const length = new DataView(prefix.buffer, prefix.byteOffset, HEADER_PREFIX_BYTES)
    .getBigUint64(0, true);
  if (length > BigInt(limits.headerBytes)) {
    throw new SafetensorsError(
      say("weights.header.tooLong", { length: String(length), limit: limits.headerBytes }),
    );
  }
  const n = Number(length);
  if (n > fileBytes - HEADER_PREFIX_BYTES) {
    const left = fileBytes - HEADER_PREFIX_BYTES;
    throw new SafetensorsError(say("weights.header.beyondFile", { length: n, left }));
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
  options: HeaderOptions = {},
): SafetensorsHeader {
  const header = headerObject(bytes, limits);
  const metadata = headerMetadata(header[METADATA_KEY], limits);
  const tensors = headerTensors(header, dataBytes, limits, options);
  checkTiling(tensors, dataBytes);
  return { metadata, tensors };
}

/** The header as a JSON object: UTF-8, a bounded structure, JSON, an object. */
function headerObject(bytes: Uint8Array, limits: SafetensorsLimits): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SafetensorsError(say("weights.header.notUtf8"));
  }
  const problem = jsonShapeProblemIn(text, headerShape(limits));
  if (problem) {
    throw new SafetensorsError(say("weights.header.shape", {
      problem,
      layout: "{name: {dtype, shape, data_offsets}}",
      tensors: limits.tensors,
    }));
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new SafetensorsError(say("weights.header.notJson", { reason }));
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    throw new SafetensorsError(say("weights.header.notObject", { got: describeJsonIn(header) }));
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
      const got = describeJsonIn(rawMetadata);
      throw new SafetensorsError(say("weights.metadata.notObject", { got }));
    }
    const keys = Object.keys(rawMetadata);
    if (keys.length > limits.metadataKeys) {
      const count = keys.length;
      throw new SafetensorsError(
        say("weights.metadata.tooMany", { count, limit: limits.metadataKeys }),
      );
    }
    for (const key of keys) {
      const value = (rawMetadata as Record<string, unknown>)[key];
      if (typeof value !== "string") {
        const got = describeJsonIn(value);
        throw new SafetensorsError(say("weights.metadata.notString", { key, got }));
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
  options: HeaderOptions,
): TensorEntry[] {
  const names = Object.keys(header).filter((name) => name !== METADATA_KEY);
  if (names.length > limits.tensors) {
    const count = names.length;
    throw new SafetensorsError(say("weights.tensors.tooMany", { count, limit: limits.tensors }));
  }
  return names.map((name) => parseEntry(name, header[name], dataBytes, limits, options));
}

/** The tensors must tile the data section exactly: no overlap, no gap, nothing after. */
function checkTiling(tensors: readonly TensorEntry[], dataBytes: number): void {
  const byOffset = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: TensorEntry | null = null;
  for (const e of byOffset) {
    if (e.begin < covered) {
      const other = previous!;
      throw new SafetensorsError(say("weights.tiling.overlap", {
        name: e.name,
        begin: e.begin,
        end: e.end,
        other: other.name,
        otherBegin: other.begin,
        otherEnd: other.end,
      }));
    }
    if (e.begin > covered) {
      const bytes = e.begin - covered;
      throw new SafetensorsError(
        say("weights.tiling.gap", { bytes, begin: covered, end: e.begin }),
      );
    }
    covered = e.end;
    if (e.end > e.begin) previous = e;
  }
  if (covered < dataBytes) {
    throw new SafetensorsError(say("weights.tiling.trailing", { bytes: dataBytes - covered }));
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
/**
 * How a header is read. `otherDtypes`: accept any dtype the format defines, sized by its width,
 * and name it in the entry (`import` lists every tensor of a wrong dtype at once instead of
 * stopping at the first; such an entry must not be read as float32).
 */
export interface HeaderOptions {
  otherDtypes?: boolean;
}

/** Bytes per element of the dtypes the format defines. */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

/**
 * Bytes per element of an entry's dtype: F32, or with `otherDtypes` any dtype the format defines;
 * anything else is refused naming the tensor.
 */
function dtypeWidth(name: string, dtype: unknown, options: HeaderOptions): number {
  if (typeof dtype !== "string") {
    const got = describeJsonIn(dtype);
    throw new SafetensorsError(say("weights.entry.dtypeNotString", { name, got }));
  }
  if (dtype === "F32") return F32_BYTES;
  if (options.otherDtypes === true && KNOWN_DTYPES.has(dtype)) return DTYPE_BYTES[dtype];
  const kind = say(
    KNOWN_DTYPES.has(dtype) ? "weights.entry.dtypeUnsupported" : "weights.entry.dtypeUnknown",
  );
  throw new SafetensorsError(say("weights.entry.dtype", { name, kind, dtype: clipText(dtype) }));
}

/** One tensor entry of the header, checked: F32, a bounded shape, offsets inside the data. */
function parseEntry(
  name: string,
  raw: unknown,
  dataBytes: number,
  limits: SafetensorsLimits,
  options: HeaderOptions,
): TensorEntry {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new SafetensorsError(say("weights.entry.notObject", {
      name,
      fields: "{dtype, shape, data_offsets}",
      got: describeJsonIn(raw),
    }));
  }
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  for (const [field, value] of [["dtype", dtype], ["shape", shape], ["data_offsets", offsets]]) {
    if (value === undefined) {
      throw new SafetensorsError(say("weights.entry.missing", { name, field: field as string }));
    }
  }
  const width = dtypeWidth(name, dtype, options);
  const other = dtype !== "F32";
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new SafetensorsError(say("weights.entry.shape", { name, got: describeJsonIn(shape) }));
  }
  if (shape.length > limits.rank) {
    throw new SafetensorsError(say("weights.entry.rank", {
      name,
      shape: previewJson(shape),
      rank: shape.length,
      limit: limits.rank,
    }));
  }
  if (
    !Array.isArray(offsets) || offsets.length !== 2 ||
    offsets.some((o) => !Number.isSafeInteger(o) || o < 0)
  ) {
    const got = describeJsonIn(offsets);
    throw new SafetensorsError(say("weights.entry.offsets", { name, got }));
  }
  const [begin, end] = offsets as number[];
  if (begin > end) {
    throw new SafetensorsError(say("weights.entry.reversed", { name, begin, end }));
  }
  if (end > dataBytes) {
    throw new SafetensorsError(
      say("weights.entry.outside", { name, begin, end, bytes: dataBytes }),
    );
  }
  // The element count can overflow for a hostile shape: stop multiplying once it is too big.
  let elements = 1;
  for (const d of shape as number[]) {
    elements *= d;
    if (elements > Number.MAX_SAFE_INTEGER / width) break;
  }
  if ((shape as number[]).includes(0)) elements = 0;
  if (elements * width !== end - begin) {
    const needs = elements > Number.MAX_SAFE_INTEGER / width
      ? say("weights.entry.huge")
      : String(elements * width);
    throw new SafetensorsError(say("weights.entry.size", {
      name,
      shape: shape.join(", "),
      needs,
      begin,
      end,
      held: end - begin,
    }));
  }
  const entry: TensorEntry = { name, shape: [...shape as number[]], begin, end };
  return other ? { ...entry, dtype: dtype as string } : entry;
}
