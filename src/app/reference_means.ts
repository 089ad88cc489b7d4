/**
 * The reference batch of mean ablation: held-out sentences of the model's own task (the test
 * split, never trained on), each head's output averaged over every real position of them
 * (src/models/head_means.ts). Kept per loaded model for the session: a second `ablate --mean`
 * on the same model reuses them.
 */
import { UsageError } from "./errors.ts";
import { ablateMessages } from "./ablate_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { EOS } from "../data/vocab.ts";
import { tasks } from "../data/task.ts";
import { lmSequenceIds } from "../data/lm_corpus.ts";
import { gptHeadMeans, seq2seqHeadMeans } from "../models/head_means.ts";
import type { HeadMeans } from "../models/intervention.ts";
import { type AnyLoadedModel, isLoadedGpt } from "../models/weights/registry.ts";

const say = messagesOf(ablateMessages);

/** Held-out sentences the means are taken over. */
export const REFERENCE_SENTENCES = 64;

/** The means and how many sentences they average. */
export interface ReferenceMeans {
  means: HeadMeans;
  sentences: number;
}

const cache = new WeakMap<object, Promise<ReferenceMeans>>();

/** Mean head outputs of `loaded` over {@link REFERENCE_SENTENCES} test sentences of its task. */
export function referenceMeans(loaded: AnyLoadedModel, backend: Backend): Promise<ReferenceMeans> {
  const task = tasks.get(loaded.config.task);
  if (!task) {
    throw new UsageError(
      say("ablate.noReference", { model: loaded.name, task: loaded.config.task || "?" }),
    );
  }
  let known = cache.get(loaded.model);
  if (!known) {
    const examples = task.examples("test", REFERENCE_SENTENCES);
    known = (async () => {
      if (isLoadedGpt(loaded)) {
        const sequences = examples.map((example) =>
          lmSequenceIds(loaded.tokenizer, { kind: "pair", example })
        );
        const means = await gptHeadMeans(loaded.model, backend, sequences);
        return { means, sentences: examples.length };
      }
      const sources = examples.map((e) => [...loaded.source.encode(e.src).ids, EOS]);
      const outputs = examples.map((e) => [...loaded.target.encode(e.tgt).ids, EOS]);
      const means = await seq2seqHeadMeans(loaded.model, backend, { sources, outputs });
      return { means, sentences: examples.length };
    })();
    cache.set(loaded.model, known);
    known.catch(() => cache.delete(loaded.model));
  }
  return known;
}
