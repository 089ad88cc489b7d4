/**
 * A shipped GPT's recorded score, re-measured the way a learner uses the model: for each of the
 * held-out ko-en pairs the score was recorded on (the recipe and seed in its metadata draw the
 * same 500 test pairs, src/data/lm_corpus.ts), greedy generation (decode/generate.ts, KV cache)
 * from `<bos> ko <sep>` until <eos>, compared with `en <eos>`. Training scored the same pairs by
 * a teacher-forced argmax (src/train/evaluate_gpt.ts), which equals greedy generation's exact
 * match up to float rounding; cpu vs webgpu rounding may flip a near-tie, so the measured score
 * may fall 1 point below the recorded one, no more. Perplexity is re-measured too.
 */
import assert from "node:assert/strict";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";
import { bpeTokenizerFromMetadata } from "../../src/models/weights/checkpoint_bpe.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { generate } from "../../src/models/decode/generate.ts";
import { koEnLmCorpus, lmSequenceIds, translationPromptIds } from "../../src/data/lm_corpus.ts";
import { EOS } from "../../src/data/vocab.ts";
import { evaluateGpt } from "../../src/train/evaluate_gpt.ts";
import { cpuBackend } from "../support/backends.ts";

/** Loads the GPT at `path` on cpu and asserts its recorded exact match and perplexity hold. */
export async function assertGptReproduces(path: string): Promise<void> {
  const checkpoint = await loadCheckpoint(path);
  const meta = checkpoint.metadata;
  assert.equal(checkpoint.config.arch, "gpt");
  const recorded = Number(meta.accuracy);
  const perplexity = Number(meta.perplexity);
  assert.ok(recorded >= 0 && recorded <= 1, `expected accuracy in [0, 1], got ${meta.accuracy}`);
  assert.ok(perplexity >= 1, `expected a perplexity >= 1, got ${meta.perplexity}`);
  for (const key of ["token_accuracy", "train_seconds", "train_steps", "seed", "task"]) {
    assert(meta[key] !== undefined && meta[key] !== "", `expected metadata ${key}, got none`);
  }
  const tokenizer = bpeTokenizerFromMetadata(meta);
  const recipe = JSON.parse(meta.recipe);
  const corpus = koEnLmCorpus({ counts: { ...recipe.data, train: 1 }, seed: Number(meta.seed) });
  assert.equal(corpus.test.length, Number(meta.test_examples));

  const config = checkpoint.config;
  const model = makeModel(config, new ParamStore(cpuBackend, { loaded: checkpoint.tensors }));
  try {
    let exact = 0;
    for (const { example } of corpus.test) {
      const reference = [...tokenizer.encode(example.tgt).ids, EOS];
      const prompt = translationPromptIds(tokenizer, example.src);
      const out = await generate(model, prompt, {
        maxNew: reference.length, // one more token than the reference would be wrong anyway
        sampling: { temperature: 0 },
        stopIds: [EOS],
      });
      if (out.ids.join(" ") === reference.join(" ")) exact++;
    }
    const measured = exact / corpus.test.length;
    assert.ok(
      measured >= recorded - 0.01,
      `${path}: expected greedy exact match >= ${(recorded * 100 - 1).toFixed(1)}% (recorded ${
        (recorded * 100).toFixed(1)
      }%), got ${(measured * 100).toFixed(1)}% on ${corpus.test.length} held-out pairs`,
    );
    const sequences = corpus.test.map((s) => lmSequenceIds(tokenizer, s));
    const scored = await evaluateGpt(model, sequences, { backend: cpuBackend });
    assert.ok(
      Math.abs(scored.perplexity - perplexity) < 1e-3 * perplexity,
      `${path}: expected perplexity ${perplexity}, got ${scored.perplexity}`,
    );
  } finally {
    for (const t of model.params.values()) t.dispose();
  }
}
