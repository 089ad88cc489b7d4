/**
 * `generate <prompt>`: a GPT continues a prompt token by token (src/models/decode/generate.ts),
 * greedy at temperature 0, else drawn with a seed after the top-k and top-p filters; the result
 * holds each step's chosen token, its probability in the distribution it was drawn from, the top
 * candidates, and the self-attention of every layer and head over the prompt and the output
 * (one more forward pass over the whole sequence, as `run`'s trace stage).
 *
 * A prompt written in Korean alone becomes the translation prompt the GPT was trained on,
 * `<bos> Korean <sep>` (src/data/lm_corpus.ts), unless `continueText` asks to continue it.
 */
import type { AppContext } from "./context.ts";
import { UsageError } from "./errors.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import { generateTextMessages } from "./generate_text_messages.ts";
import { checkText, openAnyModel } from "./open_model.ts";
import { unknownWordsWarning } from "./unknown_words.ts";
import { checkPathLength } from "./path_limit.ts";
import { expandHome } from "../platform/home_path.ts";
import { BOS, EOS } from "../data/vocab.ts";
import { translationPromptIds } from "../data/lm_corpus.ts";
import type { Timing } from "../engine/backend/contract.ts";
import { generate } from "../models/decode/generate.ts";
import type { RunAttention, RunHidden } from "../models/run_result.ts";
import {
  isLoadedGpt,
  isModelPath,
  type LoadedGpt,
  type LoadModelOptions,
  modelNames,
  resolveModel,
} from "../models/weights/registry.ts";
import { gptTrace } from "./gpt_attention.ts";
import { sentenceWork } from "./sentence_work.ts";
import { checkpointArch } from "../models/weights/model_arch.ts";
import type { BackendReason } from "../engine/open_backend.ts";

const say = messagesOf(generateTextMessages);

/** What to generate and how to choose. */
export interface GenerateRequest {
  prompt: string;
  /** A GPT's name or path; undefined: the model in use. */
  model?: string;
  /** 0 (the default): greedy. */
  temperature?: number;
  /** Keep the k most probable tokens (undefined: all). */
  topK?: number;
  /** Keep the smallest most-probable set with mass >= p (undefined: 1, all). */
  topP?: number;
  /** Seed of the draws (default 0). */
  seed?: number;
  /** Tokens to add at most (default 32, capped by the model's max_len). */
  maxNew?: number;
  /** Recompute the whole prefix every step instead of the KV cache. */
  noCache?: boolean;
  /** Continue a Korean prompt instead of translating it. */
  continueText?: boolean;
  /** Also read back every layer's hidden states in the trace pass (`run`'s `hidden`). */
  hidden?: boolean;
  /**
   * True: the default backend is chosen for this model's size (the cpu for a small GPT,
   * open_backend.ts `isSmallWork`), as `generate` asks: a token at a time is one GPU round trip
   * per token, which the cpu does not pay. Callers that keep working on the model leave it unset.
   */
  sizedBackend?: boolean;
}

/** A token with its probability. */
export interface TokenP {
  token: string;
  id: number;
  p: number;
}

/** One generated token and how it was chosen (docs/CONTRACT.md, `generate --json`). */
export interface GenerateStepResult extends TokenP {
  /** Entropy (nats) of the distribution drawn from (after T, top-k, top-p). */
  entropy: number;
  /** The top candidates of that distribution, best first (`p` renormalised). */
  top: TokenP[];
  /** The top candidates of softmax(logits), before temperature and the filters. */
  before: TokenP[];
  /** Entropy (nats) of softmax(logits). */
  rawEntropy: number;
}

/** What `generate` shows (`--json` prints it as is). */
export interface GenerateResult {
  model: string;
  backend: "webgpu" | "cpu";
  /** Why that backend (open_backend.ts `BackendReason`): asked, default, small-work, no-adapter. */
  backendReason: BackendReason;
  /** "translate": the Korean prompt was written as `<bos> ko <sep>`; "continue": `<bos> text`. */
  mode: "translate" | "continue";
  prompt: { text: string; tokens: string[]; ids: number[] };
  output: { tokens: string[]; ids: number[]; text: string };
  sampling: { temperature: number; topK: number | null; topP: number; seed: number };
  maxNew: number;
  cache: boolean;
  /** Device bytes of the KV cache (0 with --no-cache). */
  cacheBytes: number;
  /** True when the model wrote <eos> (kept in output.tokens). */
  stopped: boolean;
  steps: GenerateStepResult[];
  /** Self-attention (kind "decoder") of every layer and head over prompt + output tokens. */
  attention: RunAttention[];
  /** Every layer's output over prompt + output tokens, when the request asked for `hidden`. */
  hidden?: RunHidden[];
  timings: Timing[];
  warnings: string[];
}

/** Tokens generate adds by default. */
export const DEFAULT_MAX_NEW = 32;

/** True for text with Hangul and no Latin letter: a sentence to translate. */
export function isKoreanOnly(text: string): boolean {
  return /[\uac00-\ud7a3\u3131-\u318e]/.test(text) && !/[A-Za-z]/.test(text);
}

/** Checks the sampling options before anything is loaded (usage errors, one line). */
export function checkSampling(request: GenerateRequest): void {
  const { temperature = 0, topK, topP = 1, seed = 0 } = request;
  if (!(Number.isFinite(temperature) && temperature >= 0)) {
    throw new UsageError(say("generate.temperature", { got: String(temperature) }));
  }
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) {
    throw new UsageError(say("generate.topK", { got: String(topK) }));
  }
  if (!(topP > 0 && topP <= 1)) throw new UsageError(say("generate.topP", { got: String(topP) }));
  if (!(Number.isSafeInteger(seed) && seed >= 0)) {
    throw new UsageError(say("generate.seed", { got: String(seed) }));
  }
}

/** Generates from `request.prompt` with a GPT (the request's, else the model in use). */
export async function generateText(
  app: AppContext,
  request: GenerateRequest,
): Promise<GenerateResult> {
  checkText(request.prompt);
  checkSampling(request);
  const spec = await gptSpec(app, request.model);
  const opened = await app.backend(
    request.sizedBackend ? await sentenceWork(expandHome(spec), app) : undefined,
  );
  const onOpened: AppContext = { ...app, backend: () => Promise.resolve(opened) };
  const loaded = await openGpt(onOpened, spec);
  const { backend } = opened;
  const warnings: string[] = [];
  const prompt = encodePrompt(loaded, request, app, warnings);
  const maxLen = loaded.config.maxLen;
  const room = maxLen - prompt.ids.length;
  const maxNew = request.maxNew ?? Math.min(DEFAULT_MAX_NEW, room);
  if (!(Number.isInteger(maxNew) && maxNew >= 1 && maxNew <= room)) {
    throw new UsageError(say("generate.maxNew", { max: room, got: String(maxNew) }));
  }
  const sampling = {
    temperature: request.temperature ?? 0,
    topK: request.topK ?? null,
    topP: request.topP ?? 1,
    seed: request.seed ?? 0,
  };
  const started = performance.now();
  const generated = await generate(loaded.model, prompt.ids, {
    maxNew,
    sampling: { ...sampling, topK: sampling.topK ?? 0 },
    seed: sampling.seed,
    noCache: request.noCache,
    stopIds: [EOS],
  });
  const timings: Timing[] = [{ name: "generate", wallMs: performance.now() - started }];
  const all = [...prompt.ids, ...generated.ids];
  const tokens = loaded.tokenizer.tokensOf(all);
  const traced = performance.now();
  const pass = await gptTrace(loaded.model, all, tokens, { hidden: request.hidden ?? false });
  timings.push({ name: "trace", wallMs: performance.now() - traced });
  const tokenOf = (c: { id: number }) => loaded.tokenizer.tokensOf([c.id])[0];
  const label = (c: { id: number; p: number }) => ({ token: tokenOf(c), id: c.id, p: c.p });
  return {
    model: loaded.name,
    backend: backend.name,
    backendReason: opened.reason,
    mode: prompt.mode,
    prompt: {
      text: request.prompt,
      tokens: loaded.tokenizer.tokensOf(prompt.ids),
      ids: prompt.ids,
    },
    output: {
      tokens: loaded.tokenizer.tokensOf(generated.ids),
      ids: generated.ids,
      text: loaded.tokenizer.decode(generated.ids),
    },
    sampling,
    maxNew,
    cache: !request.noCache,
    cacheBytes: generated.cacheBytes,
    stopped: generated.stopped,
    steps: generated.steps.map((s) => ({
      token: tokenOf(s),
      id: s.id,
      p: s.p,
      entropy: s.entropy,
      top: s.after.map(label),
      before: s.before.map(label),
      rawEntropy: s.rawEntropy,
    })),
    attention: pass.attention,
    ...(request.hidden ? { hidden: pass.hidden } : {}),
    timings,
    warnings,
  };
}

/**
 * The GPT `spec` names; without one, the model in use when it is a GPT, else the first shipped
 * GPT (by name). Any other model is a usage error.
 */
export async function openGpt(app: AppContext, spec: string | undefined): Promise<LoadedGpt> {
  const chosen = await gptSpec(app, spec);
  checkPathLength("--model", chosen);
  const { backend } = await app.backend();
  const options: LoadModelOptions = {
    dir: app.weightsDir,
    signal: app.signal,
    onWarning: (w) => app.warn(w),
  };
  // openAnyModel turns "not found" into a usage error and file problems into runtime ones.
  const loaded = await openAnyModel(expandHome(chosen), backend, options);
  if (!isLoadedGpt(loaded)) {
    throw new UsageError(say("generate.notGpt", { model: loaded.name, arch: loaded.config.arch }));
  }
  return loaded;
}

/** The GPT `spec` names, else the default one ({@link defaultGpt}). */
async function gptSpec(app: AppContext, spec: string | undefined): Promise<string> {
  return spec ?? await defaultGpt(app);
}

/**
 * The model in use if it is a GPT, else the first shipped GPT (by name); none: a usage error.
 * Architectures are read from the checkpoints' headers: nothing is loaded to choose.
 */
async function defaultGpt(app: AppContext): Promise<string> {
  const current = await app.defaultModel();
  if (current !== null && isModelPath(current)) return current; // a file in use: checked on load
  const isGpt = async (name: string) => {
    const found = await resolveModel(name, { dir: app.weightsDir }).catch(() => null);
    return found !== null && await checkpointArch(found.path) === "gpt";
  };
  if (current !== null && await isGpt(current)) return current;
  for (const name of await modelNames({ dir: app.weightsDir })) {
    if (await isGpt(name)) return name;
  }
  throw new UsageError(say("generate.noGpt"));
}

/** The prompt's ids: `<bos> ko <sep>` for Korean alone (unless continuing), else `<bos> text`. */
function encodePrompt(
  loaded: LoadedGpt,
  request: GenerateRequest,
  app: AppContext,
  warnings: string[],
): { ids: number[]; mode: "translate" | "continue" } {
  const { tokenizer, config } = loaded;
  const text = request.prompt;
  const mode = isKoreanOnly(text) && !request.continueText ? "translate" : "continue";
  const ids = mode === "translate"
    ? translationPromptIds(tokenizer, text)
    : [BOS, ...tokenizer.encode(text).ids];
  if (ids.length > config.maxLen - 1) {
    throw new UsageError(
      say("generate.tooLong", { got: ids.length, max: config.maxLen - 1, maxLen: config.maxLen }),
    );
  }
  const unknown = tokenizer.encode(text).unknown;
  if (unknown.length > 0) {
    const warning = unknownWordsWarning(unknown, {
      name: loaded.name,
      task: config.task,
      tokenizer: "char",
    });
    warnings.push(warning.en);
    app.warn(warning);
  }
  return { ids, mode };
}
