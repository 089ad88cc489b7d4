import { Option } from "commander";
import { expandHome } from "../out_path.ts";
import type { CommandContext, CommandDef } from "../command.ts";
import { emit } from "../command.ts";
import {
  AttnError,
  InterruptedError,
  stoppedWords,
  stopSignalOf,
  UsageError,
  warningLine,
} from "../errors.ts";
import { quoteInput } from "../quote_input.ts";
import { parseCount } from "../parse_number.ts";
import {
  type LoadedModel,
  loadModel,
  type LoadModelOptions,
  ModelNotFoundError,
} from "../../models/weights/registry.ts";
import {
  DecodeInterruptedError,
  defaultMaxSteps,
  greedyDecode,
  makeSourceBatch,
  traceOutputs,
} from "../../models/decode/greedy.ts";
import type { ModelConfig } from "../../models/config.ts";
import { tasks } from "../../data/task.ts";
import { beamSearch } from "../../models/decode/beam.ts";
import {
  buildRunResult,
  type RowTrace,
  type RunDecoding,
  type RunResult,
} from "../../models/run_result.ts";
import type { Backend, Timing } from "../../engine/backend/contract.ts";
import { renderRun } from "../../render/run_view.ts";
import { checkPathLength } from "../path_limit.ts";

/** The widest beam `--beam` accepts. */
const MAX_BEAM = 64;

/**
 * `run <text...> [--model NAME|PATH] [--beam K] [--max-steps N]`: tokenizes
 * the text with the model's tokenizer (the session's model, see `use`, when
 * --model is not given), decodes it (greedy on the device by default, beam search with
 * --beam) and shows the output with its trace (docs/CONTRACT.md `run --json`).
 */
export const runCommand: CommandDef = {
  name: "run",
  summary: "run a model on a sentence: output, attention and hidden states (run 나는 학생이다)",
  examples: [
    "run 나는 학생이다",
    "run 나는 학생이다 --model ko-en-gru-bahdanau",
    "run abcdef --model weights/reverse.safetensors --json",
    "run the cat sat --model NAME --beam 4",
  ],
  configure(cmd) {
    cmd.argument("<text...>", "the sentence (several words are joined with spaces)")
      .addOption(new Option("--model <name>", "a model from 'models', or a .safetensors path"))
      .addOption(
        new Option("--beam <k>", `beam search of width k (1-${MAX_BEAM}) instead of greedy`),
      )
      .addOption(
        new Option("--max-steps <n>", "decoding steps allowed (at most the model's max_len)"),
      );
  },
  async run(args, options, ctx) {
    const text = args.join(" ");
    checkText(text);
    const beam = options.beam === undefined
      ? undefined
      : parseCount(String(options.beam), "--beam", { max: MAX_BEAM });
    const { result } = await runText(text, ctx, {
      model: options.model === undefined ? undefined : String(options.model),
      beam,
      maxSteps: options.maxSteps === undefined ? undefined : String(options.maxSteps),
    });
    emit(
      ctx,
      result,
      (r) =>
        renderRun(r, {
          columns: ctx.io.columns,
          palette: ctx.session.palette(),
          colormap: ctx.session.colormap(),
          showValues: ctx.session.showValues,
        }),
    );
  },
};

/**
 * Runs `text` through a model (`--model`, else the session's model) and
 * keeps the result as the session's last run, for `attn` and `hidden`.
 * Greedy on the device unless `beam` is given.
 */
export async function runText(
  text: string,
  ctx: CommandContext,
  options: { model?: string; beam?: number; maxSteps?: string } = {},
): Promise<{ result: RunResult; loaded: LoadedModel }> {
  const spec = options.model ?? await ctx.session.defaultModel() ?? "";
  if (spec === "") {
    throw new UsageError(
      `expected --model NAME (see 'models') or --model PATH.safetensors; weights/ holds no models yet`,
    );
  }
  const { beam } = options;
  const { backend } = await ctx.session.backend(ctx.backendChoice);
  const warnings: string[] = [];
  const loaded = await openModel(spec, backend, {
    dir: ctx.session.weightsDir,
    signal: ctx.signal,
    onWarning: (w) => {
      ctx.io.err(`attn: warning: ${w}`);
      warnings.push(w);
    },
  });
  const maxLen = loaded.config.maxLen;
  const maxSteps = options.maxSteps === undefined
    ? undefined
    : parseCount(options.maxSteps, "--max-steps", { max: maxLen });

  // 1. Text -> tokens -> source ids (tokens + <eos>).
  const encoded = loaded.source.encode(text);
  if (encoded.tokens.length === 0) {
    throw new UsageError(`expected some text to run, got only spaces`);
  }
  if (encoded.tokens.length > maxLen - 1) {
    throw new UsageError(
      `expected a sentence of at most ${maxLen - 1} tokens, got ${encoded.tokens.length}`,
    );
  }
  if (encoded.unknown.length > 0) {
    const list = encoded.unknown.map((t) => quoteInput(t)).join(", ");
    const warning = `not in the vocabulary of ${loaded.name}, read as <unk>: ${list}`;
    warnings.push(warning);
    ctx.io.err(warningLine(warning));
  }

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
      ? await decodeGreedy(loaded, batch, { maxSteps: steps, ctx })
      : await decodeBeam(loaded, batch, { beam, maxSteps: steps, signal: ctx.signal });
  } catch (e) {
    if (!(e instanceof DecodeInterruptedError)) throw e;
    const signal = stopSignalOf(ctx.signal);
    throw new InterruptedError(
      `${stoppedWords(signal)} after decoding ${e.done} of ${e.total} steps; nothing to show`,
      { signal },
    );
  } finally {
    batch.src.dispose();
  }
  if (ctx.signal.aborted) throw new InterruptedError();

  // 3. The result object: labels, per-head matrices, hidden states.
  const result = buildRunResult({
    model: loaded.name,
    backend: backend.name,
    sourceTokens: encoded.tokens,
    emittedTokens: loaded.target.tokensOf(decoded.ids),
    separator: loaded.source.kind === "char" ? "" : " ",
    trace: decoded.trace,
    timings: decoded.timings,
    decoding: decoded.decoding,
    warnings,
  });
  ctx.session.lastRun = result;
  return { result, loaded };
}

/** A decode still running after this long says so once, and that Ctrl-C stops it. */
const SLOW_DECODE_MS = 1000;

async function decodeGreedy(
  loaded: LoadedModel,
  batch: ReturnType<typeof makeSourceBatch>,
  options: { maxSteps: number | undefined; ctx: CommandContext },
) {
  const { ctx, maxSteps } = options;
  const started = performance.now();
  let told = false;
  const { rows, timings } = await greedyDecode(loaded.model, batch, {
    maxSteps,
    signal: ctx.signal,
    onProgress(done, total) {
      if (told || performance.now() - started < SLOW_DECODE_MS) return;
      told = true;
      ctx.io.err(
        `attn: decoding ${total} steps (max_len ${loaded.config.maxLen}) takes a while: ${done} done; Ctrl-C stops it`,
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
  options: { beam: number; maxSteps?: number; signal: AbortSignal },
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
 * Loads a model, turning "no such model" into a usage error and file
 * problems into runtime ones. Pass the command's signal: Ctrl-C then stops
 * a long load (InterruptedError).
 */
export async function openModel(
  spec: string,
  backend: Backend,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  checkPathLength("--model", spec);
  try {
    return await loadModel(expandHome(spec), backend, options);
  } catch (e) {
    if (options.signal?.aborted) throw options.signal.reason ?? new InterruptedError();
    if (e instanceof ModelNotFoundError) throw new UsageError(e.message);
    throw new AttnError(e instanceof Error ? e.message : String(e));
  }
}

/** Refuses empty text and text with control characters (they would be echoed to the terminal). */
export function checkText(text: string): void {
  if (text.trim() === "") {
    throw new UsageError(`expected some text to run, e.g. run 나는 학생이다 --model NAME`);
  }
  // deno-lint-ignore no-control-regex
  const control = /[\u0000-\u001f\u007f-\u009f]/.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    throw new UsageError(
      `expected text without control characters, got U+${code} at character ${control.index + 1}`,
    );
  }
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
