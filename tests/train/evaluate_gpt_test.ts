/**
 * evaluateGpt scores prompted translation by one teacher-forced pass (src/train/evaluate_gpt.ts):
 * a target counts as exact when the argmax after every position from <sep> on is the next
 * reference token. That equals greedy generation's verdict: a target that is the model's own
 * greedy continuation scores 100%, and changing one of its tokens makes that row wrong. Its
 * perplexity is exp of the mean next-token loss.
 */
import assert from "node:assert/strict";
import { tidy } from "../../src/engine/mod.ts";
import { generate } from "../../src/models/decode/generate.ts";
import { SEP } from "../../src/data/tokenizers/bpe_specials.ts";
import { evaluateGpt } from "../../src/train/evaluate_gpt.ts";
import { nextTokenLoss, packLmBatch } from "../../src/train/next_token.ts";
import { cpuBackend } from "../support/backends.ts";
import { disposeGpt, randomGpt, tinyConfig } from "../models/gpt_support.ts";

Deno.test("evaluateGpt: exact match equals greedy generation's, perplexity is exp(mean loss)", async () => {
  const model = randomGpt(cpuBackend, tinyConfig({ vocab: 12 }), 3);
  try {
    const prompts = [[1, 5, 6, SEP], [1, 7, SEP], [1, 8, 9, 10, SEP]];
    const greedy: number[][] = [];
    for (const prompt of prompts) {
      const out = await generate(model, prompt, { maxNew: 4, sampling: { temperature: 0 } });
      greedy.push([...prompt, ...out.ids]);
    }
    const own = await evaluateGpt(model, greedy, { backend: cpuBackend, batchSize: 2 });
    assert.equal(own.exactMatch, 1);
    assert.equal(own.tokenAccuracy, 1);
    assert.equal(own.count, 3);

    const changed = greedy.map((s) => [...s]);
    const at = changed[1].length - 2; // a target token after <sep>, not the last
    changed[1][at] = changed[1][at] === 11 ? 5 : 11;
    const scored = await evaluateGpt(model, changed, { backend: cpuBackend });
    assert.equal(scored.exactMatch, 2 / 3);
    assert.ok(scored.tokenAccuracy < 1 && scored.tokenAccuracy >= 10 / 12);

    const batch = packLmBatch(cpuBackend, changed);
    const loss = tidy(() => nextTokenLoss(model, batch.ids));
    const mean = (await loss.toArray())[0];
    loss.dispose();
    batch.ids.dispose();
    assert.ok(Math.abs(scored.perplexity - Math.exp(mean)) < 1e-4 * Math.exp(mean));
  } finally {
    disposeGpt(model);
  }
});
