/**
 * The vocabulary of the safetensors format as attn reads it: the tensors written and read,
 * a header's entries, the limits a header must keep, its fixed constants, and the error of a
 * file that is not valid float32 safetensors.
 */
import { BilingualError, type CodedMessage } from "../../platform/i18n/bilingual_error.ts";

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
  /** Set only for a dtype other than F32, read with `otherDtypes` (safetensors_header.ts). */
  dtype?: string;
}

/** A parsed and validated header. */
export interface SafetensorsHeader {
  metadata: Record<string, string>;
  /** In header order. */
  tensors: TensorEntry[];
}

/** Bytes of the header-length prefix. */
export const HEADER_PREFIX_BYTES = 8;
/** Bytes of one float32 value. */
export const F32_BYTES = 4;
/** The header key of the string metadata (every other key names a tensor). */
export const METADATA_KEY = "__metadata__";
/** dtypes the format defines, so that an unsupported one is named as such. */
export const KNOWN_DTYPES = new Set([
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

/** Error for a file that is not a valid float32 safetensors file (both languages, coded). */
export class SafetensorsError extends BilingualError {
  constructor(message: string | Readonly<CodedMessage>) {
    super(message);
    this.name = "SafetensorsError";
  }
}
