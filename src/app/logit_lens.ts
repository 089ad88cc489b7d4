/**
 * `lens <text>`: the logit lens of a sentence (src/models/logit_lens.ts) on any model attn
 * ships. The text is read as `run` reads it and the model's greedy output is fed back
 * (teacher forcing), so each position's actual next token is the one the model chose:
 * - GPT: a Korean sentence asked as a translation, `<bos> Korean <sep>`, then the greedy
 *   continuation (as `run` and `generate`); positions = the prompt and the generated tokens.
 * - Transformer: the decoder stack; positions = the decoder inputs <bos>, y_1 .. y_{n-1}.
 * - RNN with attention (or without): the decoder's layers, each with the run's context c_t.
 * Each position's column holds the K most probable tokens of every layer, and the layer from
 * which on the final prediction is already the top token.
 */
import { openRequestedModel } from "./open_requested_model.ts";
import type { AppContext } from "./context.ts";
import { InterruptedError, UsageError } from "./errors.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import { logitLensMessages } from "./logit_lens_messages.ts";
import { checkText } from "./open_model.ts";
import { encodeInput, taskStepLimit } from "./run_text.ts";
import { generateText } from "./generate_text.ts";
import { Tensor } from "../engine/mod.ts";
import { BOS, EOS } from "../data/vocab.ts";
import { isLoadedGpt, type LoadedGpt, type LoadedModel } from "../models/weights/registry.ts";
import { DecodeInterruptedError, greedyDecode, makeSourceBatch } from "../models/decode/greedy.ts";
import { gptLens, type LensLogits, seq2seqLens } from "../models/logit_lens.ts";
import { type LensCandidate, settledFrom, topOfLogits } from "./lens_top.ts";

const say = messagesOf(logitLensMessages);

/** Candidates per cell by default (`--top`). */
export const DEFAULT_LENS_TOP = 5;

/** What to look inside. */
export interface LensRequest {
  text: string;
  /** A model name or path; undefined: the model in use. */
  model?: string;
  /** Candidates kept per layer and position (default {@link DEFAULT_LENS_TOP}). */
  top?: number;
}

export type { LensCandidate } from "./lens_top.ts";

/** One layer's row: the best tokens at every position, best first. */
export interface LensLayer {
  /** -1: the stack input (embedding); 0..L-1: the layers, as `run --json` numbers them. */
  layer: number;
  /** top[position] = the K best tokens of this layer's readout there. */
  top: LensCandidate[][];
}

/** `lens --json` (docs/CONTRACT.md): the fields promised there, plus what the view needs. */
export interface LensResult {
  model: string;
  backend: "webgpu" | "cpu";
  arch: string;
  /** "translate": a GPT read `<bos> Korean <sep>`; "continue": `<bos> text`; "seq2seq": decoder. */
  mode: "translate" | "continue" | "seq2seq";
  input: { tokens: string[] };
  output: { tokens: string[]; text: string };
  /** The token read at each position. */
  positions: string[];
  /** The token that actually follows each position (the model's greedy choice after the prompt). */
  next: string[];
  /** Bottom-up: the embedding (when the model has a readable one) first, the output layer last. */
  layers: LensLayer[];
  /** Per position: the layer from which on the top token is the final layer's top token. */
  settled: number[];
  warnings: string[];
}

/** Runs the logit lens of `request.text` on the request's model, else the one in use. */
export async function logitLens(app: AppContext, request: LensRequest): Promise<LensResult> {
  if (request.text.trim() === "") throw new UsageError(say("lens.noText"));
  checkText(request.text);
  const top = request.top ?? DEFAULT_LENS_TOP;
  if (!(Number.isInteger(top) && top >= 1)) {
    throw new UsageError(say("lens.top", { got: String(top) }));
  }
  const warnings: string[] = [];
  const { loaded, opened: { backend } } = await openRequestedModel(app, request.model, warnings);
  const sequence = isLoadedGpt(loaded)
    ? await gptSequence(app, loaded, request.text, warnings)
    : await seq2seqSequence(app, loaded, request.text, warnings);
  if (app.signal.aborted) throw new InterruptedError();
  const rows = sequence.lens();
  const shapes = rows.map((r) => [...r.logits.shape]); // [1, T, V] each
  let host: Float32Array[];
  try {
    host = await Promise.all(rows.map((r) => r.logits.toArray()));
  } finally {
    for (const r of rows) r.logits.dispose();
    sequence.dispose();
  }
  const layers = rows.map((r, i) => ({
    layer: r.layer,
    top: topOfLogits(host[i], shapes[i], top, sequence.tokenOf),
  }));
  return {
    model: loaded.name,
    backend: backend.name,
    arch: loaded.config.arch,
    mode: sequence.mode,
    input: { tokens: sequence.inputTokens },
    output: sequence.output,
    positions: sequence.positions,
    next: sequence.next,
    layers,
    settled: settledFrom(layers),
    warnings,
  };
}

/** A model's sentence, ready for the lens pass: labels, and the pass itself. */
interface LensSequence {
  mode: LensResult["mode"];
  inputTokens: string[];
  output: { tokens: string[]; text: string };
  positions: string[];
  next: string[];
  tokenOf: (id: number) => string;
  /** The lens forward pass: every layer's logits [1, T, V] (the caller frees them). */
  lens: () => LensLogits[];
  /** Frees what the pass read (ids, source batch). */
  dispose: () => void;
}

/** A GPT's prompt and greedy continuation (as `run`), all but the last token fed. */
async function gptSequence(
  app: AppContext,
  loaded: LoadedGpt,
  text: string,
  warnings: string[],
): Promise<LensSequence> {
  const generated = await generateText(app, { prompt: text, model: loaded.path, temperature: 0 });
  warnings.push(...generated.warnings);
  const all = [...generated.prompt.ids, ...generated.output.ids];
  const fed = all.slice(0, -1);
  const backend = loaded.model.tokEmbed.weight.backend;
  const ids = Tensor.from(backend, fed, [1, fed.length]); // [1, T]
  const tokens = (xs: number[]) => loaded.tokenizer.tokensOf(xs);
  return {
    mode: generated.mode,
    inputTokens: generated.prompt.tokens,
    output: { tokens: generated.output.tokens, text: generated.output.text },
    positions: tokens(fed),
    next: tokens(all.slice(1)),
    tokenOf: (id) => tokens([id])[0],
    lens: () => gptLens(loaded.model, ids),
    dispose: () => ids.dispose(),
  };
}

/** A Seq2Seq model's source and greedy output (as `run`), the output fed back after <bos>. */
async function seq2seqSequence(
  app: AppContext,
  loaded: LoadedModel,
  text: string,
  warnings: string[],
): Promise<LensSequence> {
  const { backend } = await app.backend();
  const encoded = encodeInput(loaded, text, app, warnings);
  const batch = makeSourceBatch(backend, [loaded.source.sourceIds(encoded)]);
  let emitted: number[];
  try {
    const { rows } = await greedyDecode(loaded.model, batch, {
      maxSteps: taskStepLimit(loaded.config, encoded.tokens.length),
      trace: false,
      signal: app.signal,
    });
    emitted = rows[0].ids;
  } catch (e) {
    batch.src.dispose();
    if (e instanceof DecodeInterruptedError) throw new InterruptedError();
    throw e;
  }
  const fed = [BOS, ...emitted.slice(0, -1)];
  const tgtIn = Tensor.from(backend, fed, [1, fed.length]); // [1, T]
  const tokens = (xs: number[]) => loaded.target.tokensOf(xs);
  const kept = emitted.at(-1) === EOS ? emitted.slice(0, -1) : emitted; // as run: no <eos>
  return {
    mode: "seq2seq",
    inputTokens: encoded.tokens,
    output: { tokens: tokens(kept), text: loaded.target.decode(emitted) },
    positions: tokens(fed),
    next: tokens(emitted),
    tokenOf: (id) => tokens([id])[0],
    lens: () => seq2seqLens(loaded.model, { ...batch, tgtIn }),
    dispose: () => {
      tgtIn.dispose();
      batch.src.dispose();
    },
  };
}
