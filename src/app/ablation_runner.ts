/**
 * One sentence through a loaded model of either kind, the three ways `ablate` needs: decoded
 * greedily as `run` decodes it (the original output), teacher-forced on given output ids (the
 * probability of each), and decoded greedily by whole forward passes under an ablation.
 */
import type { AppContext } from "./context.ts";
import { UsageError } from "./errors.ts";
import { encodeInput, taskStepLimit } from "./run_text.ts";
import { isKoreanOnly } from "./generate_text.ts";
import { DEFAULT_MAX_NEW } from "./generate_text.ts";
import { generateTextMessages } from "./generate_text_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { BOS, EOS } from "../data/vocab.ts";
import { translationPromptIds } from "../data/lm_corpus.ts";
import { defaultMaxSteps, greedyDecode, makeSourceBatch } from "../models/decode/greedy.ts";
import { generate } from "../models/decode/generate.ts";
import { gptLogProbs, seq2seqLogProbs } from "../models/decode/forced_log_probs.ts";
import {
  type ForwardGreedyResult,
  gptForwardGreedy,
  seq2seqForwardGreedy,
} from "../models/decode/forward_greedy.ts";
import type { ForwardOptions } from "../models/model.ts";
import type { LoadedGpt, LoadedModel } from "../models/weights/registry.ts";

const sayGenerate = messagesOf(generateTextMessages);

/** A sentence ready to run through one model. */
export interface AblationRunner {
  /** The input as the model reads it (source tokens, or the GPT's prompt tokens). */
  inputTokens: string[];
  /** The original output: greedy, as `run` decodes it. */
  decode(): Promise<ForwardGreedyResult>;
  /** p of each of `ids` given the input and the ids before it (teacher-forced). */
  probabilities(ids: readonly number[], options: ForwardOptions): Promise<number[]>;
  /** Greedy output by forward passes, with `options` (e.g. an ablation) applied. */
  greedy(options: ForwardOptions): Promise<ForwardGreedyResult>;
  tokensOf(ids: readonly number[]): string[];
  textOf(ids: readonly number[]): string;
}

/** The runner of an encoder-decoder (Transformer or RNN) for `text`. */
export function seq2seqRunner(
  app: AppContext,
  loaded: LoadedModel,
  backend: Backend,
  input: { text: string; warnings: string[] },
): AblationRunner {
  const encoded = encodeInput(loaded, input.text, app, input.warnings);
  const source = loaded.source.sourceIds(encoded);
  const maxSteps = taskStepLimit(loaded.config, encoded.tokens.length) ??
    defaultMaxSteps(loaded.config, source.length);
  const { model } = loaded;
  return {
    inputTokens: loaded.source.tokensOf(encoded.ids),
    async decode() {
      const batch = makeSourceBatch(backend, [source]);
      try {
        const { rows } = await greedyDecode(model, batch, { trace: false, maxSteps });
        return { ids: rows[0].ids, finished: rows[0].finished };
      } finally {
        batch.src.dispose();
      }
    },
    async probabilities(ids, options) {
      const pairs = { sources: [source], outputs: [[...ids]] };
      const [logp] = await seq2seqLogProbs(model, backend, pairs, options);
      return logp.map(Math.exp);
    },
    greedy: (options) => seq2seqForwardGreedy(model, backend, source, { ...options, maxSteps }),
    tokensOf: (ids) => loaded.target.tokensOf(ids),
    textOf: (ids) => loaded.target.decode(ids),
  };
}

/**
 * The runner of a GPT for `text`, prompted as `run` prompts it: Korean alone as a translation
 * prompt `<bos> ko <sep>`, anything else continued after `<bos>`.
 */
export function gptRunner(
  loaded: LoadedGpt,
  backend: Backend,
  input: { text: string },
): AblationRunner {
  const { tokenizer, model, config } = loaded;
  const prompt = isKoreanOnly(input.text)
    ? translationPromptIds(tokenizer, input.text)
    : [BOS, ...tokenizer.encode(input.text).ids];
  if (prompt.length > config.maxLen - 1) {
    throw new UsageError(
      sayGenerate("generate.tooLong", {
        got: prompt.length,
        max: config.maxLen - 1,
        maxLen: config.maxLen,
      }),
    );
  }
  const maxNew = Math.min(DEFAULT_MAX_NEW, config.maxLen - prompt.length);
  return {
    inputTokens: tokenizer.tokensOf(prompt),
    async decode() {
      const sampling = { temperature: 0, topK: 0, topP: 1 };
      const out = await generate(model, prompt, { maxNew, sampling, seed: 0, stopIds: [EOS] });
      return { ids: out.ids, finished: out.stopped };
    },
    async probabilities(ids, options) {
      const sequence = [...prompt, ...ids];
      const [logp] = await gptLogProbs(model, backend, [sequence], [prompt.length], options);
      return logp.map(Math.exp);
    },
    greedy: (options) => gptForwardGreedy(model, backend, prompt, { ...options, maxNew }),
    tokensOf: (ids) => tokenizer.tokensOf(ids),
    textOf: (ids) => tokenizer.decode(ids),
  };
}
