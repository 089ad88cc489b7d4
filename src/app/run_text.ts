/**
 * Running a sentence through a model: the use case behind `run`, `step` and `compare`.
 * Text -> the model's tokens -> greedy decoding on the device (or beam search) -> a
 * {@link RunResult} with the output, every attention matrix and the hidden states, which the
 * views of `run`, `attn`, `hidden` and `step` read without running the model again.
 */
import { openRequestedModel } from "./open_requested_model.ts";
import type { AppContext } from "./context.ts";
import { InterruptedError, stoppedPhrase, stopSignalOf, UsageError } from "./errors.ts";
import { appMessages } from "./app_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import { unknownWordsWarning } from "./unknown_words.ts";
import { isLoadedGpt, type LoadedGpt, type LoadedModel } from "../models/weights/registry.ts";
import {
  DecodeInterruptedError,
  defaultMaxSteps,
  greedyDecode,
  makeSourceBatch,
  traceOutputs,
} from "../models/decode/greedy.ts";
import type { ModelConfig } from "../models/config.ts";
import { tasks } from "../data/task.ts";
import { beamSearch } from "../models/decode/beam.ts";
import {
  buildRunResult,
  type RowTrace,
  type RunDecoding,
  type RunResult,
} from "../models/run_result.ts";
import type { Timing } from "../engine/backend/contract.ts";
import { runGpt } from "./run_gpt.ts";
import { checkText } from "./open_model.ts";
import type { BackendReason, OpenedBackend } from "../engine/open_backend.ts";

const say = messagesOf(appMessages);

// Opening a model and checking text live in open_model.ts (generate uses them too); re-exported
// here for the callers that know them from this file.
export { checkText, openAnyModel, openModel } from "./open_model.ts";

/** What to run. */
export interface RunTextRequest {
  /** The sentence (checked with {@link checkText} by the caller, which names its own example). */
  text: string;
  /** A model name from `models` or a .safetensors path; undefined: the model in use. */
  model?: string;
  /** Beam search of this width instead of greedy decoding. */
  beam?: number;
  /**
   * The decoding steps allowed, given the model's max_len (known only once the model is
   * loaded: the CLI checks --max-steps against it here). Undefined: the task's longest answer,
   * else the decoder's general default.
   */
  maxSteps?: (maxLen: number) => number;
  /**
   * True: the default backend is chosen for this sentence's size (the cpu for a small model,
   * open_backend.ts `isSmallWork`), as `run` asks. Callers that run more on the same backend
   * (compare's warm-up, saliency's gradients) leave it unset and get the session's backend.
   */
  sizedBackend?: boolean;
}

/**
 * Runs `request.text` through a model (the request's, else the one in use). Greedy on the
 * device unless a beam is given. The caller keeps the result as the session's last run.
 */
export async function runText(app: AppContext, request: RunTextRequest): Promise<RunResult> {
  const { beam, text } = request;
  const warnings: string[] = []; // English in --json, like every JSON field
  const { loaded: any, opened } = await openRequestedModel(app, request.model, warnings, {
    sized: request.sizedBackend,
  });
  const { backend } = opened; // the one the model was opened on
  if (isLoadedGpt(any)) return await runGptText(app, opened, any, request);
  const loaded = any;
  const maxLen = loaded.config.maxLen;
  const maxSteps = request.maxSteps?.(maxLen);

  // 1. Text -> tokens -> source ids (tokens + <eos>), punctuation written as the task's data does.
  const encoded = encodeInput(loaded, text, app, warnings);

  // 2. Decode and trace.
  const steps = maxSteps ?? taskStepLimit(loaded.config, encoded.tokens.length);
  const batch = makeSourceBatch(backend, [loaded.source.sourceIds(encoded)]);
  let decoded: {
    ids: number[];
    trace: RowTrace | null;
    timings: Timing[];
    decoding: RunDecoding;
  };
  try {
    decoded = beam === undefined
      ? await decodeGreedy(loaded, batch, { maxSteps: steps, app })
      : await decodeBeam(loaded, batch, {
        beam,
        maxSteps: steps,
        signal: app.signal,
        isolateStages: true, // each stage's wall time its own (stage_timer.ts)
      });
  } catch (e) {
    if (!(e instanceof DecodeInterruptedError)) throw e;
    const signal = stopSignalOf(app.signal);
    throw new InterruptedError(
      say("runText.stopped", { stopped: stoppedPhrase(signal), done: e.done, total: e.total }),
      { signal },
    );
  } finally {
    batch.src.dispose();
  }
  if (app.signal.aborted) throw new InterruptedError();

  // 3. The result object: labels, per-head matrices, hidden states.
  return withBackendReason(
    buildRunResult({
      model: loaded.name,
      backend: backend.name,
      sourceTokens: encoded.tokens,
      sourceIds: encoded.ids,
      emittedTokens: loaded.target.tokensOf(decoded.ids),
      separator: loaded.source.kind === "char" ? "" : " ",
      trace: decoded.trace,
      timings: decoded.timings,
      decoding: decoded.decoding,
      warnings,
    }),
    opened.reason,
  );
}

/** A decoder-only GPT: the sentence as a translation prompt (run_gpt.ts); no beam search. */
async function runGptText(
  app: AppContext,
  opened: OpenedBackend,
  loaded: LoadedGpt,
  request: RunTextRequest,
): Promise<RunResult> {
  if (request.beam !== undefined) throw new UsageError(say("runText.gptBeam"));
  checkText(request.text);
  // generate opens its backend itself: the one chosen here, where the model was loaded.
  const onOpened: AppContext = { ...app, lang: app.lang, backend: () => Promise.resolve(opened) };
  const steps = request.maxSteps?.(loaded.config.maxLen);
  return withBackendReason(await runGpt(onOpened, loaded, request.text, steps), opened.reason);
}

/** `result` saying why it ran on its backend, the field right after `backend`. */
function withBackendReason(result: RunResult, backendReason: BackendReason): RunResult {
  const { model, backend, ...rest } = result;
  return { model, backend, backendReason, ...rest };
}

/**
 * The source tokens of `text` for `loaded`'s vocabulary, written first the way the model's task
 * writes its sentences; refuses empty and over-long input, and warns (into `warnings` too) about
 * tokens the model reads as <unk>.
 */
export function encodeInput(
  loaded: LoadedModel,
  text: string,
  app: AppContext,
  warnings: string[],
) {
  const maxLen = loaded.config.maxLen;
  const tidy = tasks.get(loaded.config.task)?.tidyInput;
  const encoded = loaded.source.encode(tidy ? tidy(text) : text);
  if (encoded.tokens.length === 0) throw new UsageError(say("runText.onlySpaces"));
  if (encoded.tokens.length > maxLen - 1) {
    throw new UsageError(say("runText.tooLong", { max: maxLen - 1, got: encoded.tokens.length }));
  }
  if (encoded.unknown.length > 0) {
    const model = { name: loaded.name, task: loaded.config.task, tokenizer: loaded.source.kind };
    const warning = unknownWordsWarning(encoded.unknown, model);
    warnings.push(warning.en); // the result (--json) keeps the English; the line is the session's
    app.warn(warning);
  }
  return encoded;
}

/** A decode still running after this long says so once, and that Ctrl-C stops it. */
const SLOW_DECODE_MS = 1000;

async function decodeGreedy(
  loaded: LoadedModel,
  batch: ReturnType<typeof makeSourceBatch>,
  options: { maxSteps: number | undefined; app: AppContext },
) {
  const { app, maxSteps } = options;
  const started = performance.now();
  let told = false;
  const { rows, timings } = await greedyDecode(loaded.model, batch, {
    maxSteps,
    signal: app.signal,
    isolateStages: true, // each stage's wall time its own (stage_timer.ts)
    onProgress(done, total) {
      if (told || performance.now() - started < SLOW_DECODE_MS) return;
      told = true;
      app.notice(
        `decoding ${total} steps (max_len ${loaded.config.maxLen}) takes a while: ${done} done; Ctrl-C stops it`,
      );
    },
  });
  const row = rows[0];
  const decoding: RunDecoding = {
    method: "greedy",
    steps: row.ids.length,
    maxSteps: row.maxSteps,
    finished: row.finished,
  };
  return { ids: row.ids, trace: row.trace, timings, decoding };
}

async function decodeBeam(
  loaded: LoadedModel,
  batch: ReturnType<typeof makeSourceBatch>,
  options: { beam: number; maxSteps?: number; signal: AbortSignal; isolateStages: boolean },
) {
  const search = await beamSearch(loaded.model, batch, options);
  if (options.signal.aborted) throw new InterruptedError();
  const traced = await traceOutputs(loaded.model, batch, [search.best.ids]);
  const decoding: RunDecoding = {
    method: "beam",
    beam: options.beam,
    steps: search.best.ids.length,
    maxSteps: search.maxSteps,
    finished: search.best.finished,
    score: search.best.score,
  };
  return {
    ids: search.best.ids,
    trace: traced.rows[0],
    timings: [...search.timings, ...traced.timings],
    decoding,
  };
}

/**
 * Decoding steps for a model trained on a known task: the task's longest
 * target (or the input's length, for tasks like reverse whose output is as
 * long as the input) plus <eos>. Greedy decoding on the GPU cannot stop at
 * <eos> without a readback, so every step it does not need costs time:
 * for ko-en this is 15 steps instead of 2 * length + 10. Unknown task: the
 * decoder's general default.
 */
export function taskStepLimit(config: ModelConfig, srcTokens: number): number | undefined {
  const task = tasks.get(config.task);
  if (!task) return undefined;
  const limit = Math.max(task.maxTgtTokens, srcTokens) + 1;
  return Math.min(defaultMaxSteps(config, srcTokens + 1), limit);
}
