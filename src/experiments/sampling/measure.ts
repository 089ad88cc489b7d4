/**
 * What `experiment sampling` measures: the shipped GPT continues one prompt N times per sampling
 * setting, with seeds 1..N, through the same generation loop and sampler `generate` uses
 * (src/models/decode/generate.ts, sample.ts). Each draw keeps its tokens and, per step, the
 * probability and entropy the sampler reports plus the drawn token's probability under the
 * model's own softmax (T = 1, unfiltered), read from the step's logits.
 */
import { translationPromptIds } from "../../data/lm_corpus.ts";
import { SEP } from "../../data/tokenizers/bpe_specials.ts";
import { BOS, EOS } from "../../data/vocab.ts";
import { generate } from "../../models/decode/generate.ts";
import { softmaxRow } from "../../models/decode/sample.ts";
import { isLoadedGpt, loadAnyModel, type LoadedGpt } from "../../models/weights/registry.ts";
import { checkAborted, type ExperimentContext } from "../experiment.ts";

/** One way of choosing: temperature, then the top-k and top-p filters (0 and 1: off). */
export interface SamplingSetting {
  temperature: number;
  topK: number;
  topP: number;
}

/** A prompt as `generate` takes it: Korean to translate (with its reference), or to continue. */
export interface PromptSpec {
  text: string;
  mode: "translate" | "continue";
  /** The reference translation (translate only): exact match is scored against it. */
  reference?: string;
}

/** One step of one draw. */
export interface DrawStep {
  /** The drawn token's probability in the distribution drawn from (after T, top-k, top-p). */
  p: number;
  /** Entropy (nats) of that distribution. */
  entropy: number;
  /** The drawn token's probability under softmax(logits), T = 1 and no filter. */
  modelP: number;
}

/** One generation. */
export interface Draw {
  seed: number;
  /** The new tokens, <eos> included when the model wrote it. */
  ids: number[];
  /** As a learner reads it (a <sep> the model wrote is shown as " <sep> "). */
  text: string;
  steps: DrawStep[];
}

/** All draws of one setting. */
export interface SettingDraws {
  setting: SamplingSetting;
  draws: Draw[];
}

/** Everything measured on one prompt. */
export interface PromptDraws {
  prompt: PromptSpec;
  /** The greedy continuation (T = 0), generated once apart from the rows. */
  greedy: Draw;
  /** Its logits, one row [V] per step (for the chart of what T does to one distribution). */
  greedyLogits: Float32Array[];
  /** The tokens of greedy's ids, to label its steps. */
  greedyTokens: string[];
  /** The token an id stands for. */
  tokenOf: (id: number) => string;
  /** The reference's ids followed by <eos> (translate only). */
  referenceIds: number[] | null;
  rows: SettingDraws[];
  /** Tokens at most a draw adds. */
  maxNew: number;
}

/** What {@link measureSampling} draws. */
export interface MeasureOptions {
  model: string;
  prompts: PromptSpec[];
  settings: SamplingSetting[];
  /** Draws per setting, seeds 1..draws. */
  draws: number;
  /** Tokens a draw adds at most (capped by the model's max_len). */
  maxNew: number;
}

/** The prompt's ids as `generate` writes them: `<bos> ko <sep>` to translate, `<bos> text`. */
export function promptIds(loaded: LoadedGpt, prompt: PromptSpec): number[] {
  return prompt.mode === "translate"
    ? translationPromptIds(loaded.tokenizer, prompt.text)
    : [BOS, ...loaded.tokenizer.encode(prompt.text).ids];
}

/** Text of generated ids, a <sep> kept visible (the model switching to the translation). */
function textOf(loaded: LoadedGpt, ids: readonly number[]): string {
  const parts: number[][] = [[]];
  for (const id of ids) id === SEP ? parts.push([]) : parts[parts.length - 1].push(id);
  return parts.map((p) => loaded.tokenizer.decode(p)).join(" <sep> ").trim();
}

/** Loads the GPT `name` names (a Seq2Seq model is refused). */
async function loadGpt(ctx: ExperimentContext, name: string): Promise<LoadedGpt> {
  const loaded = await loadAnyModel(name, ctx.backend, { dir: ctx.weightsDir, signal: ctx.signal });
  if (!isLoadedGpt(loaded)) throw new Error(`expected a GPT checkpoint, got ${name}`);
  return loaded;
}

/** Draws every setting's N continuations of every prompt. */
export async function measureSampling(
  ctx: ExperimentContext,
  options: MeasureOptions,
): Promise<{ model: LoadedGpt; prompts: PromptDraws[] }> {
  const loaded = await loadGpt(ctx, options.model);
  const total = options.prompts.length * (1 + options.settings.length * options.draws);
  let done = 0;
  const prompts: PromptDraws[] = [];
  for (const prompt of options.prompts) {
    const ids = promptIds(loaded, prompt);
    const maxNew = Math.min(options.maxNew, loaded.config.maxLen - ids.length);
    const draw = async (setting: SamplingSetting, seed: number) => {
      checkAborted(ctx.signal);
      ctx.progress(done++, total, `'${prompt.text}' T=${setting.temperature} seed ${seed}`);
      const result = await generate(loaded.model, ids, {
        maxNew,
        sampling: setting,
        seed,
        stopIds: [EOS],
      });
      const steps = result.steps.map((s, i) => ({
        p: s.p,
        entropy: s.entropy,
        modelP: softmaxRow(result.logits[i])[s.id],
      }));
      return { draw: { seed, ids: result.ids, text: textOf(loaded, result.ids), steps }, result };
    };
    const greedy = await draw({ temperature: 0, topK: 0, topP: 1 }, 0);
    const rows: SettingDraws[] = [];
    for (const setting of options.settings) {
      const draws: Draw[] = [];
      for (let seed = 1; seed <= options.draws; seed++) {
        draws.push((await draw(setting, seed)).draw);
      }
      rows.push({ setting, draws });
    }
    prompts.push({
      prompt,
      greedy: greedy.draw,
      greedyLogits: greedy.result.logits,
      greedyTokens: loaded.tokenizer.tokensOf(greedy.draw.ids),
      tokenOf: (id) => loaded.tokenizer.tokensOf([id])[0],
      referenceIds: prompt.reference === undefined
        ? null
        : [...loaded.tokenizer.encode(prompt.reference).ids, EOS],
      rows,
      maxNew,
    });
  }
  ctx.progress(total, total, "done");
  return { model: loaded, prompts };
}
