/**
 * Checkpoints: a model's parameters, config and vocabularies in one
 * safetensors file (docs/CONTRACT.md "Checkpoints"). The `__metadata__` holds
 * `config` (JSON, snake_case keys), `src_vocab` / `tgt_vocab` (JSON arrays,
 * index = id) and `tokenizer`. Loading validates everything a model needs
 * before any tensor reaches a backend; saving is atomic (temp file, fsync,
 * rename), so an interrupted save never damages the previous file.
 *
 * Loading a file goes from cheap to costly and stops at the first problem:
 * the header (bounded, checkpoint_limits.ts), then the metadata (config,
 * vocabularies), then every tensor's name and shape against the model the
 * config describes, then the values, then the copy. A hostile file is
 * refused in milliseconds whatever its size, and Ctrl-C stops a long load.
 */
import type { ModelConfig, RnnConfig, TransformerConfig } from "../config.ts";
import { checkpointLimits } from "./checkpoint_limits.ts";
import { previewJson } from "./json_preview.ts";
import { type JsonShapeLimits, jsonShapeProblem } from "./json_scan.ts";
import { specialTokens } from "../../data/vocab.ts";
import { parameterShapes } from "./param_shapes.ts";
import type { LoadedTensors } from "./param_store.ts";
import { encodeSafetensors, type NamedTensor, SafetensorsError } from "./safetensors.ts";
import { SafetensorsFile } from "./safetensors_file.ts";
import type { Tensor } from "../../engine/tensor.ts";
import { shapeText } from "../../engine/tensor.ts";

export { checkpointLimits };

/** How text becomes tokens: one per Unicode code point, or whitespace-separated words. */
export type TokenizerKind = "char" | "word";

/** Version of the metadata layout this module writes (metadata `attn_version`). */
export const CHECKPOINT_VERSION = "1";

/**
 * Weights above this magnitude get a warning at load. Attention scores and
 * LayerNorm's variance multiply activations by themselves and sum up to
 * 16,384 such products (the widest row, dim_feedforward): with values up
 * to 1e16 that stays below 1.7e36, inside float32's 3.4e38; beyond it the
 * products overflow to Infinity and the outputs turn to NaN. Trained attn
 * weights stay below 100.
 */
export const LARGE_WEIGHT = 1e16;

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
  /** Things to tell the user about the weights, one line each (e.g. huge values). */
  warnings: string[];
}

/** Error for a checkpoint that cannot be loaded or saved; the message is one line. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckpointError";
  }
}

// --- config <-> metadata ------------------------------------------------------------------

/** The `config` metadata object (snake_case keys, docs/CONTRACT.md) of a model config. */
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
  const problem = jsonShapeProblem(text, CONFIG_SHAPE);
  if (problem) {
    throw new CheckpointError(`checkpoint config ${problem}; expected a flat JSON object`);
  }
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
        `checkpoint config ${key} must be one of ${allowed.join(", ")}, got ${previewJson(v)}`,
      );
    }
    return v as T;
  };
  const size = (key: string, limit: number, limitName = key): number => {
    const v = c[key];
    if (v === undefined) throw new CheckpointError(`checkpoint config has no ${key}`);
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
      throw new CheckpointError(
        `checkpoint config ${key} must be a positive integer, got ${previewJson(v)}`,
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
      `checkpoint config dropout must be a number in [0, 1), got ${previewJson(c.dropout)}`,
    );
  }
  const task = c.task ?? "";
  if (typeof task !== "string") {
    throw new CheckpointError(
      `checkpoint config task must be a string, got ${previewJson(task)}`,
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
  const problem = jsonShapeProblem(text, VOCAB_SHAPE);
  if (problem) {
    throw new CheckpointError(
      `checkpoint ${key} ${problem}; expected a JSON array of at most ${checkpointLimits.vocab} strings`,
    );
  }
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
        `checkpoint ${key} entry ${i} must be a string, got ${previewJson(token)}`,
      );
    }
    if (token === "") throw new CheckpointError(`checkpoint ${key} entry ${i} is an empty string`);
    const first = seen.get(token);
    if (first !== undefined) {
      throw new CheckpointError(
        `checkpoint ${key} has ${previewJson(token)} twice (ids ${first} and ${i})`,
      );
    }
    seen.set(token, i);
  }
  const specials = specialTokens.join(", ");
  if (specialTokens.some((s, i) => vocab[i] !== s)) {
    throw new CheckpointError(
      `checkpoint ${key} must start with ${specials}, got ${
        vocab.slice(0, specialTokens.length).map((t) => previewJson(t)).join(", ")
      }`,
    );
  }
}

// --- tensors ---------------------------------------------------------------------------------

/** The vocabulary rows each tensor must have: embeddings and generator against the vocabularies. */
function vocabularyRows(
  vocab: { srcVocab: readonly string[]; tgtVocab: readonly string[] },
): [string, string, number][] {
  return [
    ["src_embed.weight", "src_vocab", vocab.srcVocab.length],
    ["tgt_embed.weight", "tgt_vocab", vocab.tgtVocab.length],
    ["generator.weight", "tgt_vocab", vocab.tgtVocab.length],
    ["generator.bias", "tgt_vocab", vocab.tgtVocab.length],
  ];
}

/** Throws unless the embeddings and the generator have one row per vocabulary token. */
function checkVocabularyRows(
  shapes: ReadonlyMap<string, readonly number[]>,
  vocab: { srcVocab: readonly string[]; tgtVocab: readonly string[] },
): void {
  for (const [name, key, size] of vocabularyRows(vocab)) {
    const shape = shapes.get(name);
    if (!shape) throw new CheckpointError(`checkpoint is missing tensor ${name}`);
    if (shape[0] !== size) {
      throw new CheckpointError(
        `checkpoint ${key} has ${size} tokens but ${name} has ${shape[0]} rows [${
          shape.join(", ")
        }]`,
      );
    }
  }
}

/**
 * Throws unless the file holds exactly the tensors `config`'s model asks
 * for, with their shapes: the same messages ParamStore gives when a model
 * is built, found here before any value is read.
 */
function checkTensorsFitConfig(
  shapes: ReadonlyMap<string, readonly number[]>,
  config: ModelConfig,
): void {
  let expected: Map<string, number[]>;
  try {
    expected = parameterShapes(config);
  } catch (e) {
    throw new CheckpointError(
      `checkpoint config describes no model attn can build: ${e instanceof Error ? e.message : e}`,
    );
  }
  for (const [name, shape] of expected) {
    const found = shapes.get(name);
    if (!found) {
      throw new CheckpointError(`checkpoint is missing tensor ${name} ${shapeText(shape)}`);
    }
    if (found.length !== shape.length || found.some((d, i) => d !== shape[i])) {
      throw new CheckpointError(
        `checkpoint tensor ${name} has shape ${shapeText(found)}, the config needs ${
          shapeText(shape)
        }`,
      );
    }
  }
  const unexpected = [...shapes.keys()].filter((name) => !expected.has(name));
  if (unexpected.length > 0) {
    throw new CheckpointError(
      `checkpoint has unexpected tensor${unexpected.length > 1 ? "s" : ""} ${
        unexpected.slice(0, 3).join(", ")
      }${unexpected.length > 3 ? ` and ${unexpected.length - 3} more` : ""}`,
    );
  }
}

/** Follows the values of a checkpoint's tensors: refuses non-finite ones, notes huge ones. */
class WeightCheck {
  /** Tensors whose largest magnitude is above LARGE_WEIGHT, with that magnitude. */
  readonly large: { name: string; magnitude: number }[] = [];

  /** Looks at `values`, elements first.. of tensor `name`; throws on NaN or an infinity. */
  visit(name: string, values: Float32Array, first: number): void {
    const largest = largestMagnitude(values);
    if (Number.isNaN(largest)) {
      const i = values.findIndex((v) => !Number.isFinite(v));
      throw new CheckpointError(
        `checkpoint tensor ${name} holds ${values[i]} at index ${
          first + i
        }: weights must be finite`,
      );
    }
    if (largest > LARGE_WEIGHT) {
      const last = this.large.at(-1);
      if (last?.name === name) last.magnitude = Math.max(last.magnitude, largest);
      else this.large.push({ name, magnitude: largest });
    }
  }

  /** One warning line for the huge weights seen, or none. */
  warnings(): string[] {
    if (this.large.length === 0) return [];
    const worst = this.large.reduce((a, b) => (b.magnitude > a.magnitude ? b : a));
    const others = this.large.length - 1;
    const bound = LARGE_WEIGHT.toExponential(0).replace("+", "");
    return [
      `tensor ${worst.name} holds weights up to ${worst.magnitude.toExponential(2)} in magnitude${
        others > 0 ? ` (${others} more tensor${others > 1 ? "s" : ""} above ${bound})` : ""
      }; float32 products of values above ${bound} can overflow to Infinity, so outputs may be NaN`,
    ];
  }
}

/**
 * The largest |v| in `values`, or NaN when one of them is NaN or infinite.
 * One comparison per value (a load scans every weight of the file).
 */
function largestMagnitude(values: Float32Array): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const magnitude = v < 0 ? -v : v;
    if (!(magnitude <= largest)) { // a new largest, or NaN
      if (!(magnitude < Infinity)) return NaN;
      largest = magnitude;
    }
  }
  return largest;
}

/**
 * Checks what can be checked without building the model: vocabulary sizes
 * against the embedding and generator shapes, and finite weights. Returns
 * warnings (huge weights). Missing or unexpected tensors and other shapes
 * are reported by ParamStore when the model is built (src/models/weights/param_store.ts);
 * loadCheckpoint checks them all before reading a file's values.
 */
export function validateTensors(
  tensors: LoadedTensors,
  vocab: { srcVocab: readonly string[]; tgtVocab: readonly string[] },
): string[] {
  const shapes = new Map([...tensors].map(([name, t]) => [name, t.shape]));
  checkVocabularyRows(shapes, vocab);
  const check = new WeightCheck();
  for (const [name, t] of tensors) check.visit(name, t.data, 0);
  return check.warnings();
}

/** Metadata validated as a checkpoint: vocabularies, tokenizer, config. */
function describeCheckpoint(
  metadata: Record<string, string>,
): Pick<LoadedCheckpoint, "config" | "srcVocab" | "tgtVocab" | "tokenizer"> {
  const srcVocab = vocabFromMetadata("src_vocab", metadata.src_vocab);
  const tgtVocab = vocabFromMetadata("tgt_vocab", metadata.tgt_vocab);
  const tokenizer = metadata.tokenizer;
  if (tokenizer !== "char" && tokenizer !== "word") {
    throw new CheckpointError(
      tokenizer === undefined
        ? "checkpoint metadata has no tokenizer"
        : `checkpoint tokenizer must be char or word, got ${previewJson(tokenizer)}`,
    );
  }
  const config = configFromMetadata(metadata.config, {
    srcVocab: srcVocab.length,
    tgtVocab: tgtVocab.length,
  });
  return { config, srcVocab, tgtVocab, tokenizer };
}

/**
 * Validates decoded safetensors contents as a checkpoint: metadata,
 * vocabularies, config, vocabulary sizes against shapes, finite weights.
 */
export function checkpointFromSafetensors(
  decoded: { tensors: LoadedTensors; metadata: Record<string, string> },
): LoadedCheckpoint {
  const { metadata, tensors } = decoded;
  const described = describeCheckpoint(metadata);
  const warnings = validateTensors(tensors, described);
  return { ...described, tensors, metadata, warnings };
}

/**
 * Reads and validates a checkpoint file, cheapest checks first (see the
 * module comment): nothing of the tensor data is read until the header,
 * the metadata and every tensor's name and shape passed; the values are
 * then checked in a streaming pass (constant memory) before they are
 * copied. Every problem is a one-line CheckpointError naming the file.
 * When `signal` aborts, the load stops within one chunk and throws
 * `signal.reason`.
 */
export async function loadCheckpoint(
  path: string,
  options: { signal?: AbortSignal } = {},
): Promise<LoadedCheckpoint> {
  const { signal } = options;
  let file: SafetensorsFile;
  try {
    const info = await Deno.stat(path);
    if (info.isDirectory) throw new CheckpointError(`${path} is a directory, not a checkpoint`);
    if (info.size > checkpointLimits.fileBytes) {
      throw new CheckpointError(
        `${path} is ${info.size} bytes, beyond attn's checkpoint limit of ${checkpointLimits.fileBytes}`,
      );
    }
    file = await SafetensorsFile.open(path);
  } catch (e) {
    throw loadError(path, e);
  }
  try {
    // 1. Metadata, then names and shapes: no tensor data read yet.
    const described = describeCheckpoint(file.metadata);
    const shapes = new Map(file.tensors.map((t) => [t.name, t.shape]));
    checkVocabularyRows(shapes, described);
    checkTensorsFitConfig(shapes, described.config);

    // 2. The values, a chunk at a time in one buffer: a bad value costs no memory.
    const byOffset = [...file.tensors].sort((a, b) => a.begin - b.begin);
    const check = new WeightCheck();
    for (const entry of byOffset) {
      await file.scan(entry, (values, first) => check.visit(entry.name, values, first), signal);
    }

    // 3. The copy, tensor by tensor, in file order.
    const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
    for (const entry of file.tensors) {
      tensors.set(entry.name, { shape: entry.shape, data: await file.read(entry, signal) });
    }
    return {
      ...described,
      tensors,
      metadata: file.metadata,
      warnings: check.warnings(),
    };
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw loadError(path, e);
  } finally {
    file.close();
  }
}

/** A load failure as one CheckpointError line naming the file. */
function loadError(path: string, e: unknown): CheckpointError {
  if (e instanceof CheckpointError) {
    return e.message.startsWith(path) ? e : new CheckpointError(`${path}: ${e.message}`);
  }
  if (e instanceof SafetensorsError) return new CheckpointError(`${path}: ${e.message}`);
  return new CheckpointError(`cannot read checkpoint ${path}: ${ioReason(e)}`);
}

/** What a vocabulary's JSON may hold: one flat array of token strings. */
const VOCAB_SHAPE: JsonShapeLimits = {
  maxDepth: 1,
  maxValues: 1 + checkpointLimits.vocab,
  maxKeyLength: checkpointLimits.nameLength, // not in an array, but JSON.parse says it better
  maxStringLength: checkpointLimits.metadataValueLength,
};

/** What a config's JSON may hold: one flat object of a few dozen fields. */
const CONFIG_SHAPE: JsonShapeLimits = {
  maxDepth: 1,
  maxValues: 1 + 64,
  maxKeyLength: checkpointLimits.nameLength,
  maxStringLength: checkpointLimits.nameLength,
};

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
