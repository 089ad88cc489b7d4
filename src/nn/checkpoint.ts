/**
 * Checkpoints: a model's parameters, config and vocabularies in one
 * safetensors file (CONTRACT.md "Checkpoints"). The `__metadata__` holds
 * `config` (JSON, snake_case keys), `src_vocab` / `tgt_vocab` (JSON arrays,
 * index = id) and `tokenizer`. Loading validates everything a model needs
 * before any tensor reaches a backend; saving is atomic (temp file, fsync,
 * rename), so an interrupted save never damages the previous file.
 */
import type { ModelConfig, RnnConfig, TransformerConfig } from "./config.ts";
import { specialTokens } from "./model.ts";
import type { LoadedTensors } from "./param_store.ts";
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from "./safetensors.ts";
import type { Tensor } from "../tensor/tensor.ts";

/** How text becomes tokens: one per Unicode code point, or whitespace-separated words. */
export type TokenizerKind = "char" | "word";

/** Version of the metadata layout this module writes (metadata `attn_version`). */
export const CHECKPOINT_VERSION = "1";

/** Size limits of a loadable checkpoint: beyond them a file is corrupt or not for attn. */
export const checkpointLimits = {
  width: 4096, // d_model, embed_dim, hidden_size
  ffn: 16384, // dim_feedforward: 4 x the widest d_model
  heads: 256,
  layers: 48,
  vocab: 1_000_000,
  maxLen: 4096,
  /** Files above this are refused before reading (attn's models are a few MB). */
  fileBytes: 2 * 1024 * 1024 * 1024,
} as const;

/** What a checkpoint holds besides the tensors. */
export interface CheckpointInfo {
  config: ModelConfig;
  srcVocab: readonly string[];
  tgtVocab: readonly string[];
  tokenizer: TokenizerKind;
  /** More string metadata to store (e.g. accuracy, train_seconds). */
  extra?: Record<string, string>;
}

/** A loaded checkpoint: validated config, vocabularies and tensors by state_dict name. */
export interface LoadedCheckpoint {
  config: ModelConfig;
  srcVocab: string[];
  tgtVocab: string[];
  tokenizer: TokenizerKind;
  tensors: LoadedTensors;
  /** All metadata strings, as stored. */
  metadata: Record<string, string>;
}

/** Error for a checkpoint that cannot be loaded or saved; the message is one line. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckpointError";
  }
}

// --- config <-> metadata ------------------------------------------------------------------

/** The `config` metadata object (snake_case keys, CONTRACT.md) of a model config. */
export function configToMetadata(config: ModelConfig): Record<string, string | number> {
  if (config.arch === "transformer") {
    return {
      arch: config.arch,
      attention: config.attention,
      pe: config.pe,
      d_model: config.dModel,
      heads: config.heads,
      encoder_layers: config.encoderLayers,
      decoder_layers: config.decoderLayers,
      dim_feedforward: config.ffn,
      norm: config.norm,
      activation: config.activation,
      max_len: config.maxLen,
      task: config.task,
      dropout: config.dropout,
    };
  }
  return {
    arch: config.arch,
    attention: config.attention,
    embed_dim: config.embed,
    hidden_size: config.hidden,
    num_layers: config.layers,
    max_len: config.maxLen,
    task: config.task,
    dropout: config.dropout,
  };
}

/**
 * Parses and validates a `config` metadata string; vocabulary sizes come
 * from the vocabularies. Throws a one-line CheckpointError naming the field.
 */
export function configFromMetadata(
  text: string | undefined,
  vocabSizes: { srcVocab: number; tgtVocab: number },
): ModelConfig {
  if (text === undefined) throw new CheckpointError("checkpoint metadata has no config");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CheckpointError(`checkpoint config is not valid JSON: ${clip(text)}`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new CheckpointError(`checkpoint config must be a JSON object, got ${clip(text)}`);
  }
  const c = raw as Record<string, unknown>;
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T => {
    const v = c[key];
    if (v === undefined) throw new CheckpointError(`checkpoint config has no ${key}`);
    if (typeof v !== "string" || !allowed.includes(v as T)) {
      throw new CheckpointError(
        `checkpoint config ${key} must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`,
      );
    }
    return v as T;
  };
  const size = (key: string, limit: number, limitName = key): number => {
    const v = c[key];
    if (v === undefined) throw new CheckpointError(`checkpoint config has no ${key}`);
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
      throw new CheckpointError(
        `checkpoint config ${key} must be a positive integer, got ${JSON.stringify(v)}`,
      );
    }
    if (v > limit) {
      throw new CheckpointError(
        `checkpoint config ${key} = ${v} is beyond attn's limit of ${limit} (${limitName})`,
      );
    }
    return v;
  };
  const dropoutValue = c.dropout ?? 0;
  if (typeof dropoutValue !== "number" || !(dropoutValue >= 0 && dropoutValue < 1)) {
    throw new CheckpointError(
      `checkpoint config dropout must be a number in [0, 1), got ${JSON.stringify(c.dropout)}`,
    );
  }
  const task = c.task ?? "";
  if (typeof task !== "string") {
    throw new CheckpointError(
      `checkpoint config task must be a string, got ${JSON.stringify(task)}`,
    );
  }
  const common = {
    srcVocab: vocabSizes.srcVocab,
    tgtVocab: vocabSizes.tgtVocab,
    maxLen: size("max_len", checkpointLimits.maxLen),
    dropout: dropoutValue,
    task,
  };
  const arch = oneOf("arch", ["transformer", "gru", "lstm"] as const);
  if (arch === "transformer") {
    const dModel = size("d_model", checkpointLimits.width);
    const heads = size("heads", checkpointLimits.heads);
    if (dModel % heads !== 0) {
      throw new CheckpointError(
        `checkpoint config heads = ${heads} must divide d_model = ${dModel}`,
      );
    }
    const config: TransformerConfig = {
      arch,
      attention: oneOf("attention", ["scaled-dot"] as const),
      pe: oneOf("pe", ["sinusoidal", "learned", "rope", "none"] as const),
      dModel,
      heads,
      encoderLayers: size("encoder_layers", checkpointLimits.layers),
      decoderLayers: size("decoder_layers", checkpointLimits.layers),
      ffn: size("dim_feedforward", checkpointLimits.ffn),
      norm: oneOf("norm", ["pre", "post"] as const),
      activation: oneOf("activation", ["relu", "gelu"] as const),
      ...common,
    };
    if (config.pe === "rope" && (dModel / heads) % 2 !== 0) {
      throw new CheckpointError(
        `checkpoint config pe rope needs an even head width, got d_model / heads = ${
          dModel / heads
        }`,
      );
    }
    return config;
  }
  const config: RnnConfig = {
    arch,
    attention: oneOf("attention", ["none", "bahdanau", "luong-dot", "luong-general"] as const),
    embed: size("embed_dim", checkpointLimits.width),
    hidden: size("hidden_size", checkpointLimits.width),
    layers: size("num_layers", checkpointLimits.layers),
    ...common,
  };
  return config;
}

// --- vocabularies --------------------------------------------------------------------------

/** Parses and validates a `src_vocab` / `tgt_vocab` metadata string. */
export function vocabFromMetadata(key: string, text: string | undefined): string[] {
  if (text === undefined) throw new CheckpointError(`checkpoint metadata has no ${key}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CheckpointError(`checkpoint ${key} is not valid JSON: ${clip(text)}`);
  }
  validateVocab(key, raw);
  return raw;
}

/** Throws unless `vocab` is a list of distinct strings starting with the special tokens. */
export function validateVocab(key: string, vocab: unknown): asserts vocab is string[] {
  if (!Array.isArray(vocab)) {
    throw new CheckpointError(`checkpoint ${key} must be a JSON array of strings`);
  }
  if (vocab.length === 0) throw new CheckpointError(`checkpoint ${key} is empty`);
  if (vocab.length > checkpointLimits.vocab) {
    throw new CheckpointError(
      `checkpoint ${key} has ${vocab.length} tokens, beyond attn's limit of ${checkpointLimits.vocab}`,
    );
  }
  const seen = new Map<string, number>();
  for (let i = 0; i < vocab.length; i++) {
    const token = vocab[i];
    if (typeof token !== "string") {
      throw new CheckpointError(
        `checkpoint ${key} entry ${i} must be a string, got ${JSON.stringify(token)}`,
      );
    }
    if (token === "") throw new CheckpointError(`checkpoint ${key} entry ${i} is an empty string`);
    const first = seen.get(token);
    if (first !== undefined) {
      throw new CheckpointError(
        `checkpoint ${key} has ${JSON.stringify(token)} twice (ids ${first} and ${i})`,
      );
    }
    seen.set(token, i);
  }
  const specials = specialTokens.join(", ");
  if (specialTokens.some((s, i) => vocab[i] !== s)) {
    throw new CheckpointError(
      `checkpoint ${key} must start with ${specials}, got ${
        vocab.slice(0, specialTokens.length).map((t) => JSON.stringify(t)).join(", ")
      }`,
    );
  }
}

// --- tensors ---------------------------------------------------------------------------------

/**
 * Checks what can be checked without building the model: vocabulary sizes
 * against the embedding and generator shapes, and finite weights. Missing or
 * unexpected tensors and other shapes are reported by ParamStore when the
 * model is built (src/nn/param_store.ts).
 */
export function validateTensors(
  tensors: LoadedTensors,
  vocab: { srcVocab: readonly string[]; tgtVocab: readonly string[] },
): void {
  const rows: [string, string, number][] = [
    ["src_embed.weight", "src_vocab", vocab.srcVocab.length],
    ["tgt_embed.weight", "tgt_vocab", vocab.tgtVocab.length],
    ["generator.weight", "tgt_vocab", vocab.tgtVocab.length],
    ["generator.bias", "tgt_vocab", vocab.tgtVocab.length],
  ];
  for (const [name, key, size] of rows) {
    const t = tensors.get(name);
    if (!t) throw new CheckpointError(`checkpoint is missing tensor ${name}`);
    if (t.shape[0] !== size) {
      throw new CheckpointError(
        `checkpoint ${key} has ${size} tokens but ${name} has ${t.shape[0]} rows [${
          t.shape.join(", ")
        }]`,
      );
    }
  }
  for (const [name, t] of tensors) {
    const data = t.data;
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw new CheckpointError(
          `checkpoint tensor ${name} holds ${data[i]} at index ${i}: weights must be finite`,
        );
      }
    }
  }
}

/**
 * Validates decoded safetensors contents as a checkpoint: metadata,
 * vocabularies, config, vocabulary sizes against shapes, finite weights.
 */
export function checkpointFromSafetensors(
  decoded: { tensors: LoadedTensors; metadata: Record<string, string> },
): LoadedCheckpoint {
  const { metadata, tensors } = decoded;
  const srcVocab = vocabFromMetadata("src_vocab", metadata.src_vocab);
  const tgtVocab = vocabFromMetadata("tgt_vocab", metadata.tgt_vocab);
  const tokenizer = metadata.tokenizer;
  if (tokenizer !== "char" && tokenizer !== "word") {
    throw new CheckpointError(
      tokenizer === undefined
        ? "checkpoint metadata has no tokenizer"
        : `checkpoint tokenizer must be char or word, got ${JSON.stringify(tokenizer)}`,
    );
  }
  const config = configFromMetadata(metadata.config, {
    srcVocab: srcVocab.length,
    tgtVocab: tgtVocab.length,
  });
  validateTensors(tensors, { srcVocab, tgtVocab });
  return { config, srcVocab, tgtVocab, tokenizer, tensors, metadata };
}

/**
 * Reads and validates a checkpoint file. Every problem is a one-line
 * CheckpointError naming the file; shapes the config implies are checked
 * when the model is built from `tensors` (ParamStore).
 */
export async function loadCheckpoint(path: string): Promise<LoadedCheckpoint> {
  let bytes: Uint8Array;
  try {
    const info = await Deno.stat(path);
    if (info.isDirectory) throw new CheckpointError(`${path} is a directory, not a checkpoint`);
    if (info.size > checkpointLimits.fileBytes) {
      throw new CheckpointError(
        `${path} is ${info.size} bytes, beyond attn's checkpoint limit of ${checkpointLimits.fileBytes}`,
      );
    }
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    throw new CheckpointError(`cannot read checkpoint ${path}: ${ioReason(e)}`);
  }
  try {
    return checkpointFromSafetensors(decodeSafetensors(bytes));
  } catch (e) {
    throw new CheckpointError(`${path}: ${e instanceof Error ? e.message : e}`);
  }
}

// --- saving ----------------------------------------------------------------------------------

/** The metadata strings of a checkpoint. */
export function checkpointMetadata(info: CheckpointInfo): Record<string, string> {
  return {
    ...info.extra,
    attn_version: CHECKPOINT_VERSION,
    config: JSON.stringify(configToMetadata(info.config)),
    src_vocab: JSON.stringify(info.srcVocab),
    tgt_vocab: JSON.stringify(info.tgtVocab),
    tokenizer: info.tokenizer,
  };
}

/**
 * Saves a model's parameters with its config and vocabularies, atomically.
 * The parameters are read back from the backend together (one GPU round trip).
 */
export async function saveCheckpoint(
  path: string,
  checkpoint: CheckpointInfo & { params: ReadonlyMap<string, Tensor> },
): Promise<void> {
  const names = [...checkpoint.params.keys()];
  const values = await Promise.all(names.map((n) => checkpoint.params.get(n)!.toArray()));
  const tensors = names.map((name, i) => ({
    name,
    shape: checkpoint.params.get(name)!.shape,
    data: values[i],
  }));
  await writeCheckpointFile(path, checkpoint, tensors);
}

/** Writes tensors already on the host as a checkpoint, atomically. */
export async function writeCheckpointFile(
  path: string,
  info: CheckpointInfo,
  tensors: readonly NamedTensor[],
): Promise<void> {
  validateVocab("src_vocab", info.srcVocab);
  validateVocab("tgt_vocab", info.tgtVocab);
  const bytes = encodeSafetensors(tensors, checkpointMetadata(info));
  await writeFileAtomic(path, bytes);
}

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
    throw new CheckpointError(`expected a file path to save to, got ${path}`);
  }
  try {
    const dirInfo = await Deno.stat(dir);
    if (!dirInfo.isDirectory) {
      throw new CheckpointError(`cannot save ${path}: ${dir} is not a directory`);
    }
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    if (e instanceof Deno.errors.NotFound) {
      throw new CheckpointError(`cannot save ${path}: directory ${dir} does not exist`);
    }
    throw new CheckpointError(`cannot save ${path}: ${ioReason(e)}`);
  }
  try {
    if ((await Deno.stat(path)).isDirectory) {
      throw new CheckpointError(`cannot save to ${path}: it is a directory`);
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
    throw new CheckpointError(`cannot save ${path}: ${ioReason(e, dir)}`);
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
function ioReason(e: unknown, dir?: string): string {
  const code = (e as { code?: string })?.code;
  if (e instanceof Deno.errors.PermissionDenied || code === "EACCES" || code === "EPERM") {
    return dir ? `directory ${dir} is not writable (permission denied)` : "permission denied";
  }
  if (e instanceof Deno.errors.NotCapable) {
    return "attn was not given file access there (Deno --allow-read/--allow-write)";
  }
  if (code === "ENOSPC") return "the disk is full (no space left on device)";
  if (code === "EROFS") return "the file system is read-only";
  if (code === "EDQUOT") return "the disk quota is exhausted";
  if (e instanceof Deno.errors.NotFound) return "no such file or directory";
  if (e instanceof Deno.errors.IsADirectory) return "it is a directory";
  const message = e instanceof Error ? e.message : String(e);
  return message.split("\n")[0];
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
