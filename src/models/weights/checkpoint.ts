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
import type { AnyModelConfig } from "../config.ts";
import { writeFileAtomic } from "./atomic_write.ts";
import { configFromMetadata, configToMetadata } from "./checkpoint_config.ts";
import { CheckpointError } from "./checkpoint_error.ts";
import { checkpointLimits } from "./checkpoint_limits.ts";
import {
  checkTensorsFitConfig,
  checkVocabularyRows,
  validateTensors,
  WeightCheck,
} from "./checkpoint_tensors.ts";
import { validateVocab, vocabFromMetadata } from "./checkpoint_vocab.ts";
import { previewJson } from "./json_preview.ts";
import { bpeTokenizerFromMetadata } from "./checkpoint_bpe.ts";
import type { LoadedTensors } from "./param_store.ts";
import { encodeSafetensors, type NamedTensor, SafetensorsError } from "./safetensors.ts";
import { SafetensorsFile } from "./safetensors_file.ts";
import { ioReason } from "./atomic_write.ts";
import type { Tensor } from "../../engine/tensor.ts";

export { checkpointLimits };
export { writeFileAtomic } from "./atomic_write.ts";
export { configFromMetadata, configToMetadata } from "./checkpoint_config.ts";
export { CheckpointError } from "./checkpoint_error.ts";
export { LARGE_WEIGHT, validateTensors } from "./checkpoint_tensors.ts";
export { validateVocab, vocabFromMetadata } from "./checkpoint_vocab.ts";

/**
 * How text becomes tokens: one per Unicode code point, whitespace-separated words, or byte-pair
 * encoding over characters (a GPT; its merges in `bpe_merges`, checkpoint_bpe.ts).
 */
export type TokenizerKind = "char" | "word" | "bpe";

/** Version of the metadata layout this module writes (metadata `attn_version`). */
export const CHECKPOINT_VERSION = "1";

/** What a checkpoint holds besides the tensors. */
export interface CheckpointInfo {
  config: AnyModelConfig;
  srcVocab: readonly string[];
  tgtVocab: readonly string[];
  tokenizer: TokenizerKind;
  /** More string metadata to store (e.g. accuracy, train_seconds). */
  extra?: Record<string, string>;
}

/** A loaded checkpoint: validated config, vocabularies and tensors by state_dict name. */
export interface LoadedCheckpoint {
  config: AnyModelConfig;
  srcVocab: string[];
  tgtVocab: string[];
  tokenizer: TokenizerKind;
  tensors: LoadedTensors;
  /** All metadata strings, as stored. */
  metadata: Record<string, string>;
  /** Things to tell the user about the weights, one line each (e.g. huge values). */
  warnings: string[];
}

/** Metadata validated as a checkpoint: vocabularies, tokenizer, config. */
function describeCheckpoint(
  metadata: Record<string, string>,
): Pick<LoadedCheckpoint, "config" | "srcVocab" | "tgtVocab" | "tokenizer"> {
  const srcVocab = vocabFromMetadata("src_vocab", metadata.src_vocab);
  const tgtVocab = vocabFromMetadata("tgt_vocab", metadata.tgt_vocab);
  const tokenizer = metadata.tokenizer;
  if (tokenizer !== "char" && tokenizer !== "word" && tokenizer !== "bpe") {
    throw new CheckpointError(
      tokenizer === undefined
        ? "checkpoint metadata has no tokenizer"
        : `checkpoint tokenizer must be char, word or bpe, got ${previewJson(tokenizer)}`,
    );
  }
  const config = configFromMetadata(metadata.config, {
    srcVocab: srcVocab.length,
    tgtVocab: tgtVocab.length,
  });
  if (tokenizer === "bpe") {
    if (config.arch !== "gpt") {
      throw new CheckpointError(`checkpoint tokenizer bpe is for a GPT, got arch ${config.arch}`);
    }
    bpeTokenizerFromMetadata(metadata); // the merges fit the vocabulary, or a one-line refusal
  }
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
