/**
 * Size limits of a checkpoint attn loads. Beyond them a file is corrupt,
 * hostile or not made for attn, and it is refused before it costs time or
 * memory: the header length before the header is read, the header's JSON
 * structure before JSON.parse, the metadata before any tensor data.
 *
 * The header bound is derived from the largest model the config limits
 * allow, not guessed (a test rebuilds the numbers from the model code):
 *
 * - Tensors: the largest config is a Transformer with 48 encoder and 48
 *   decoder layers: 12 tensors per encoder layer (self-attention in/out
 *   projections with biases, two linears with biases, two LayerNorms), 18
 *   per decoder layer (one more attention and LayerNorm), 2 + 2 for the
 *   final LayerNorms, 5 more (two embeddings, learned positions, generator
 *   weight and bias): 48 x 12 + 48 x 18 + 4 + 5 = 1449. An RNN of 48 layers
 *   has at most 392.
 * - One tensor entry, `"name":{"dtype":"F32","shape":[d1,...,d4],"data_offsets":[b,e]},`
 *   with a name of at most 128 characters, 4 dimensions and numbers of at
 *   most 10 digits (the file is below 2^31 bytes), is at most 242 bytes:
 *   256 per entry.
 * - Metadata: two vocabularies, each a JSON array written as one string,
 *   so every `"` of it is written `\"`: at most 8 MiB each as written (4 MiB
 *   of vocabulary text: 64 characters per token at 65,536 tokens; attn's
 *   largest shipped vocabulary, ko-en's 796 tokens, takes 5.6 KB), and
 *   64 KiB for the rest (config, tokenizer, accuracy, ...).
 *
 * 1449 x 256 + 2 x 8 MiB + 64 KiB = 16.4 MiB. The largest shipped header
 * is 21 KB.
 */

/** Bytes in a mebibyte. */
const MiB = 1024 * 1024;

/** Tensors of the largest model the config limits allow (see the module comment). */
const MAX_TENSORS = 1449;
/** Header bytes of one tensor entry (see the module comment). */
const ENTRY_BYTES = 256;
/** A vocabulary as written in the header (escapes included). */
const VOCAB_WRITTEN_BYTES = 8 * MiB;
/** Everything else in the metadata. */
const OTHER_METADATA_BYTES = 64 * 1024;

/** Size limits of a loadable checkpoint: beyond them a file is corrupt or not for attn. */
export const checkpointLimits = {
  width: 4096, // d_model, embed_dim, hidden_size
  ffn: 16384, // dim_feedforward: 4 x the widest d_model
  heads: 256,
  layers: 48,
  /** Tokens of one vocabulary: GPT-2's BPE has 50,257; attn's tasks have at most 796. */
  vocab: 65_536,
  maxLen: 4096,
  /** Files above this are refused before reading (attn's models are a few MB). */
  fileBytes: 2 * 1024 * 1024 * 1024,
  /** Tensors in one file: the largest model the limits above allow. */
  tensors: MAX_TENSORS,
  /** Characters of a tensor name or metadata key (attn's longest name has 60). */
  nameLength: 128,
  /** Dimensions of a tensor (attn's have 1 or 2). */
  rank: 4,
  /** Keys in the metadata (attn writes 5 to 8). */
  metadataKeys: 64,
  /** Characters of one metadata value as written in the header: a vocabulary at most. */
  metadataValueLength: VOCAB_WRITTEN_BYTES,
  /** Bytes of the JSON header (16.4 MiB, derived in the module comment). */
  headerBytes: MAX_TENSORS * ENTRY_BYTES + 2 * VOCAB_WRITTEN_BYTES + OTHER_METADATA_BYTES,
} as const;
