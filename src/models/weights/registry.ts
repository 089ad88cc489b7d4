/**
 * The models attn can run: the checkpoints shipped in weights/ (a model's
 * name is its file stem: weights/reverse-gru.safetensors is "reverse-gru")
 * and any .safetensors file given by path. `--model` accepts either.
 * Loaded models are cached per backend and file version, so at the attn>
 * prompt a second `run` with the same model does not read the file again.
 */
import type { Backend } from "../../engine/backend/contract.ts";
import type { AnyModelConfig, GptConfig, ModelConfig } from "../config.ts";
import { loadCheckpoint, type LoadedCheckpoint, type TokenizerKind } from "./checkpoint.ts";
import { makeModel } from "../make_model.ts";
import type { Seq2Seq } from "../model.ts";
import { ParamStore } from "./param_store.ts";
import { Vocab } from "../../data/vocab.ts";
import { Tokenizer } from "../../data/tokenizer.ts";
import { expandHome } from "../../platform/home_path.ts";
import { BilingualError, messageOf, prefixed } from "../../platform/i18n/bilingual_error.ts";
import type { Bilingual } from "../../platform/i18n/messages.ts";
import { sayWeights as say } from "./checkpoint_error.ts";
import type { Gpt } from "../gpt.ts";
import type { BpeTokenizer } from "../../data/tokenizers/bpe.ts";
import { bpeTokenizerFromMetadata } from "./checkpoint_bpe.ts";

const EXTENSION = ".safetensors";

/** One row of `models --json` (docs/CONTRACT.md), plus where it lives and a few sizes. */
export interface ModelEntry {
  name: string;
  arch: AnyModelConfig["arch"];
  attention: AnyModelConfig["attention"];
  task: string;
  /** Number of trained numbers (all tensors' elements). */
  params: number;
  /**
   * Exact match on the task's held-out set, from the checkpoint's metadata (a GPT: its prompted
   * translation, `<bos> ko <sep>`); null when absent.
   */
  accuracy: number | null;
  /** A GPT's perplexity on held-out text (metadata `perplexity`); null when absent or not a GPT. */
  perplexity: number | null;
  /** Positional encoding (Transformers), null for RNNs. */
  pe: string | null;
  tokenizer: TokenizerKind;
  maxLen: number;
  path: string;
}

/** A model ready to run, with its vocabularies and tokenizers. */
export interface LoadedModel {
  /** The name `run` reports: the registry name, or the path as given. */
  name: string;
  path: string;
  config: ModelConfig;
  model: Seq2Seq;
  /** Tokenizes source text with the source vocabulary. */
  source: Tokenizer;
  /** Spells output ids with the target vocabulary. */
  target: Tokenizer;
  /** The validated file contents (host copies), e.g. for `export`. */
  checkpoint: LoadedCheckpoint;
}

/** A decoder-only GPT ready to generate, with its BPE tokenizer (one vocabulary in and out). */
export interface LoadedGpt {
  name: string;
  path: string;
  config: GptConfig;
  model: Gpt;
  tokenizer: BpeTokenizer;
  checkpoint: LoadedCheckpoint;
}

/** Either kind of loaded model; `config.arch` tells them apart. */
export type AnyLoadedModel = LoadedModel | LoadedGpt;

/** True for a loaded GPT. */
export function isLoadedGpt(loaded: AnyLoadedModel): loaded is LoadedGpt {
  return loaded.config.arch === "gpt";
}

/** `--model` named neither a shipped model nor an existing file. */
export class ModelNotFoundError extends BilingualError {
  override name = "ModelNotFoundError";
}

/** The weights/ directory of this checkout. */
export function defaultWeightsDir(): string {
  return decodeURIComponent(new URL("../../../weights/", import.meta.url).pathname);
}

/** True when `spec` reads as a file path rather than a model name. */
export function isModelPath(spec: string): boolean {
  return spec.endsWith(EXTENSION) || spec.includes("/") || spec.includes("\\");
}

/**
 * The shipped models, by name, and a line for each file that could not be
 * read (a corrupt file does not hide the others). An absent weights/ is no
 * models at all.
 */
export async function listModels(
  options: { dir?: string } = {},
): Promise<{ models: ModelEntry[]; problems: Bilingual[] }> {
  const dir = options.dir ?? defaultWeightsDir();
  const files = await checkpointFiles(dir);
  const models: ModelEntry[] = [];
  const problems: Bilingual[] = [];
  for (const file of files) {
    const path = joinPath(dir, file);
    try {
      models.push(describe(file.slice(0, -EXTENSION.length), path, await loadCheckpoint(path)));
    } catch (e) {
      problems.push(messageOf(e));
    }
  }
  return { models, problems };
}

/** Names of the shipped models (file stems), sorted. */
export async function modelNames(options: { dir?: string } = {}): Promise<string[]> {
  const files = await checkpointFiles(options.dir ?? defaultWeightsDir());
  return files.map((f) => f.slice(0, -EXTENSION.length));
}

/** The file a `--model` value names, and the name to report. */
export async function resolveModel(
  spec: string,
  options: { dir?: string } = {},
): Promise<{ name: string; path: string }> {
  if (spec.trim() === "") throw new ModelNotFoundError(say("weights.model.empty"));
  spec = expandHome(spec);
  if (isModelPath(spec)) {
    if (!(await isFile(spec))) {
      throw new ModelNotFoundError(say("weights.model.noFile", { path: spec }));
    }
    return { name: spec, path: spec };
  }
  const dir = options.dir ?? defaultWeightsDir();
  const path = joinPath(dir, spec + EXTENSION);
  if (await isFile(path)) return { name: spec, path };
  const names = await modelNames({ dir });
  const expected = names.length
    ? say("weights.model.oneOf", { names: names.join(", ") })
    : say("weights.model.noneYet");
  throw new ModelNotFoundError(say("weights.model.unknown", { spec, expected, ext: EXTENSION }));
}

/** Per backend: loaded models by path, with the file version they came from. */
const cache = new WeakMap<
  Backend,
  Map<string, { version: string; model: Promise<AnyLoadedModel> }>
>();

/** How `loadModel` loads. */
export interface LoadModelOptions {
  /** The weights directory for model names (default: this checkout's weights/). */
  dir?: string;
  /** Stops a load in progress (Ctrl-C); the load then throws `signal.reason`. */
  signal?: AbortSignal;
  /** Called with each warning about the weights (e.g. huge values), when the file is read. */
  onWarning?: (warning: Bilingual) => void;
}

/**
 * Loads (or takes from the cache) the Seq2Seq model `spec` names onto `backend` (see
 * {@link loadAnyModel}); a GPT is refused in one line.
 */
export async function loadModel(
  spec: string,
  backend: Backend,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  const loaded = await loadAnyModel(spec, backend, options);
  if (isLoadedGpt(loaded)) {
    throw new BilingualError(say("weights.model.gpt", { path: loaded.path }));
  }
  return loaded;
}

/**
 * Loads (or takes from the cache) the model `spec` names onto `backend`, Seq2Seq or GPT:
 * checkpoint (validated whole before anything is uploaded, checkpoint.ts)
 * -> config and tensors -> makeModel through a ParamStore. Warnings reach
 * `onWarning` once, when the file is read, not again for a cached model.
 */
export async function loadAnyModel(
  spec: string,
  backend: Backend,
  options: LoadModelOptions = {},
): Promise<AnyLoadedModel> {
  const { name, path } = await resolveModel(spec, options);
  const stat = await Deno.stat(path);
  const version = `${stat.mtime?.getTime() ?? 0}/${stat.size}`;
  const key = await Deno.realPath(path);
  let models = cache.get(backend);
  if (!models) cache.set(backend, models = new Map());
  const cached = models.get(key);
  if (cached && cached.version === version) {
    const model = await cached.model;
    return { ...model, name };
  }
  if (cached) cached.model.then(disposeModel, () => {}); // the file changed: drop the old one
  const loading = buildModel(name, path, backend, options);
  models.set(key, { version, model: loading });
  loading.catch(() => models.delete(key));
  return await loading;
}

async function buildModel(
  name: string,
  path: string,
  backend: Backend,
  options: LoadModelOptions,
): Promise<AnyLoadedModel> {
  const checkpoint = await loadCheckpoint(path, { signal: options.signal });
  const warnings = checkpoint.warningMessages ??
    checkpoint.warnings.map((w) => ({ en: w, ko: w }));
  for (const warning of warnings) options.onWarning?.(prefixed(path, warning));
  const config = checkpoint.config;
  const store = new ParamStore(backend, { loaded: checkpoint.tensors });
  let model: Seq2Seq | Gpt;
  try {
    model = makeModel(config, store);
  } catch (e) {
    // E.g. a tensor beyond the device's largest buffer, after others were uploaded: free
    // them, and submit the recorded uploads so that their staging buffers are freed too
    // (on webgpu they wait for a submit that this failed load would never make).
    for (const t of store.params.values()) t.dispose();
    backend.flush();
    throw new BilingualError(prefixed(path, messageOf(e)));
  }
  if (config.arch === "gpt") {
    const tokenizer = bpeTokenizerFromMetadata(checkpoint.metadata); // validated by the load
    return { name, path, config, model: model as Gpt, tokenizer, checkpoint };
  }
  const kind = checkpoint.tokenizer as "char" | "word"; // "bpe" is a GPT's only (checkpoint.ts)
  return {
    name,
    path,
    config,
    model: model as Seq2Seq,
    source: new Tokenizer(kind, new Vocab(checkpoint.srcVocab)),
    target: new Tokenizer(kind, new Vocab(checkpoint.tgtVocab)),
    checkpoint,
  };
}

function disposeModel(loaded: AnyLoadedModel): void {
  for (const t of loaded.model.params.values()) t.dispose();
  (loaded.model as { dispose?: () => void }).dispose?.();
}

/** The registry row of a loaded checkpoint (also what `use FILE` reports). */
export function describe(name: string, path: string, checkpoint: LoadedCheckpoint): ModelEntry {
  const { config, metadata } = checkpoint;
  let params = 0;
  for (const t of checkpoint.tensors.values()) params += t.data.length;
  const accuracy = metadata.accuracy === undefined ? NaN : Number(metadata.accuracy);
  const perplexity = metadata.perplexity === undefined ? NaN : Number(metadata.perplexity);
  return {
    name,
    arch: config.arch,
    attention: config.attention,
    task: config.task,
    params,
    accuracy: Number.isFinite(accuracy) ? accuracy : null,
    perplexity: config.arch === "gpt" && Number.isFinite(perplexity) ? perplexity : null,
    pe: config.arch === "transformer" || config.arch === "gpt" ? config.pe : null,
    tokenizer: checkpoint.tokenizer,
    maxLen: config.maxLen,
    path,
  };
}

async function checkpointFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if ((entry.isFile || entry.isSymlink) && entry.name.endsWith(EXTENSION)) {
        files.push(entry.name);
      }
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  return files.sort();
}

/** False when nothing is there; a file we may not read is an error that says so. */
async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      const reason = e.message.split("\n")[0];
      throw new BilingualError(say("weights.model.notPermitted", { path, reason }));
    }
    throw e;
  }
}

function joinPath(dir: string, file: string): string {
  return dir.endsWith("/") ? dir + file : `${dir}/${file}`;
}
