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
import {
  type DecodedSafetensors,
  F32_BYTES,
  HEADER_PREFIX_BYTES,
  METADATA_KEY,
  type NamedTensor,
  type SafetensorsLimits,
  type StoredTensor,
} from "./safetensors_format.ts";
import { headerLength, parseHeader } from "./safetensors_header.ts";

export {
  type DecodedSafetensors,
  HEADER_PREFIX_BYTES,
  type NamedTensor,
  SafetensorsError,
  type SafetensorsHeader,
  type SafetensorsLimits,
  type StoredTensor,
  type TensorEntry,
} from "./safetensors_format.ts";
export { headerLength, headerShape, parseHeader } from "./safetensors_header.ts";

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
