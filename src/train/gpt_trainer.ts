/**
 * `train gpt ko-en`: a decoder-only GPT trained by next-token prediction on the ko-en
 * language-modelling corpus (src/data/lm_corpus.ts), with the same loop as the encoder-decoder
 * models (train_loop.ts: progress, loss readback once per interval, dev evaluations, early
 * stopping, the best parameters kept, a signal stops between steps).
 *
 * 1. Data: the corpus's splits drawn with the seed; a BPE tokenizer learned on the training
 *    split's sentences (recipe `bpeVocab`), so no held-out sentence shapes the merges.
 * 2. The model and Adam; training sequences in length-bucketed, reshuffled batches.
 * 3. The loop: `nextTokenStep` per batch; dev = prompted translation exact match on held-out
 *    pairs (evaluate_gpt.ts), which chooses the kept parameters; then test and perplexity.
 */
import { Adam } from "../engine/optim/adam.ts";
import { mixSeed, pcgHash } from "../engine/random.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { type GptConfig, gptDefaults } from "../models/config.ts";
import { Gpt } from "../models/gpt.ts";
import { ParamStore } from "../models/weights/param_store.ts";
import { koEnLmCorpus, lmSequenceIds, lmTexts } from "../data/lm_corpus.ts";
import { LmBatchStream } from "../data/lm_batches.ts";
import { BpeTokenizer } from "../data/tokenizers/bpe.ts";
import { bpeSpecialTokens } from "../data/tokenizers/bpe_specials.ts";
import { UNSCORED } from "./evaluate.ts";
import { evaluateGpt, type GptMetrics } from "./evaluate_gpt.ts";
import { nextTokenStep, packLmBatch } from "./next_token.ts";
import { type Recipe, recipeFor } from "./recipes.ts";
import { TrainLoop } from "./train_loop.ts";
import { checkRecipe, disposeModel, type TrainedModel, type TrainHooks } from "./trainer.ts";

/** What to train: a GPT on a task of the LM corpus (ko-en). */
export interface GptTrainSetup {
  task: string;
  /** Positions: learned (GPT-2, the default) or rope. */
  pe?: GptConfig["pe"];
  recipe?: Partial<Recipe>;
  seed?: number;
}

/** A trained GPT: the encoder-decoder's record, with the GPT, its tokenizer and perplexities. */
export interface TrainedGpt
  extends Omit<TrainedModel, "model" | "config" | "data" | "dev" | "test"> {
  model: Gpt;
  config: GptConfig;
  tokenizer: BpeTokenizer;
  /** Held-out tokens read as <unk> (none for the corpus's grammar: kept for the report). */
  data: { unknown: string[] };
  dev: GptMetrics;
  test: GptMetrics;
}

/** The tasks `train gpt` knows (the LM corpus is built from the ko-en grammar). */
export const gptTasks: readonly string[] = ["ko-en"];

/** Trains a GPT for `setup`; returns it with the best parameters (by dev exact match) loaded. */
export async function trainGpt(
  setup: GptTrainSetup,
  backend: Backend,
  hooks: TrainHooks = {},
): Promise<TrainedGpt> {
  const started = performance.now();
  const seed = setup.seed ?? 1;
  if (!gptTasks.includes(setup.task)) {
    throw new Error(`a gpt trains on ${gptTasks.join(", ")}, got task ${setup.task}`);
  }
  const recipe: Recipe = { ...recipeFor("gpt", setup.task), ...setup.recipe };
  checkRecipe(recipe);
  const data = prepareGptData(recipe, seed);
  const config = gptConfigFor(recipe, { vocab: data.tokenizer.vocab.size, longest: data.longest });
  config.pe = setup.pe ?? config.pe;
  config.task = setup.task;

  const model = new Gpt(config, new ParamStore(backend, { seed }));
  const adam = new Adam([...model.params.values()], { lr: recipe.lr, clipNorm: recipe.clipNorm });
  const batches = new LmBatchStream(data.train, {
    batchSize: recipe.batchSize,
    seed: pcgHash(seed ^ 0x5eed),
  });
  const scoring = (split: "dev" | "test") => ({
    backend,
    onProgress: (done: number, total: number) => hooks.onScoring?.({ split, done, total }),
  });
  const loop = new TrainLoop({
    params: adam.params,
    recipe,
    hooks,
    startedAt: started,
    epoch: () => batches.epoch,
    step(step, lr) {
      const batch = packLmBatch(backend, batches.next() as number[][]);
      const loss = nextTokenStep(model, batch, adam, {
        seed: mixSeed(seed, step),
        lr,
        labelSmoothing: recipe.labelSmoothing,
      });
      batch.ids.dispose();
      return { loss, tokens: batch.tokens };
    },
    evaluate: (signal) => evaluateGpt(model, data.dev, { signal, ...scoring("dev") }),
  });
  try {
    const run = await loop.run();
    const stopped = run.stopReason === "interrupted";
    const unscored = { ...UNSCORED, perplexity: 0 };
    let test: GptMetrics = unscored;
    if (!stopped || hooks.scoreOnStop) {
      const signal = stopped ? undefined : hooks.signal;
      test = await evaluateGpt(model, data.test, { signal, ...scoring("test") });
      if (signal?.aborted) test = unscored;
    }
    return {
      model,
      config,
      tokenizer: data.tokenizer,
      data: { unknown: [] },
      recipe,
      seed,
      ...run,
      dev: { perplexity: 0, ...run.dev },
      seconds: (performance.now() - started) / 1000,
      test,
      stoppedEarly: run.stopReason === "patience" || run.stopReason === "target",
      interrupted: stopped || (hooks.signal?.aborted ?? false),
    };
  } catch (e) {
    disposeModel(model);
    throw e;
  } finally {
    adam.dispose();
  }
}

/** The corpus as ids: the tokenizer learned on train, then every split's sequences. */
function prepareGptData(recipe: Recipe, seed: number) {
  const corpus = koEnLmCorpus({ counts: recipe.data, seed });
  const vocabSize = recipe.bpeVocab ?? 800;
  if (!Number.isInteger(vocabSize) || vocabSize <= bpeSpecialTokens.length) {
    throw new Error(
      `recipe bpeVocab: expected a whole number > ${bpeSpecialTokens.length}, got ${vocabSize}`,
    );
  }
  const tokenizer = BpeTokenizer.train(lmTexts(corpus.train), { vocabSize });
  const ids = (split: "train" | "dev" | "test") =>
    corpus[split].map((s) => lmSequenceIds(tokenizer, s));
  const [train, dev, test] = [ids("train"), ids("dev"), ids("test")];
  const longest = Math.max(...[...train, ...dev, ...test].map((s) => s.length));
  return { tokenizer, train, dev, test, longest };
}

/**
 * The GPT config of a recipe: GPT defaults, the recipe's sizes and dropout, the vocabulary, and
 * a max_len that covers the longest sequence (generation then never runs out of positions).
 */
export function gptConfigFor(
  recipe: Recipe,
  sizes: { vocab: number; longest: number },
): GptConfig {
  // Only a GPT's own sizes: a recipe file shared with other models may hold theirs too.
  const given = recipe.model as Partial<GptConfig>;
  const own = Object.fromEntries(
    (["dModel", "heads", "layers", "ffn"] as const)
      .filter((k) => given[k] !== undefined)
      .map((k) => [k, given[k]]),
  );
  return {
    ...gptDefaults,
    ...own,
    vocab: sizes.vocab,
    maxLen: Math.max(gptDefaults.maxLen, sizes.longest + 1),
    dropout: recipe.dropout,
  };
}
