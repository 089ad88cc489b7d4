/**
 * What `experiment heads-ablation` measures on a shipped model (subjects.ts): the held-out loss
 * (teacher-forced cross-entropy per target token, <eos> included) with every head on, and again
 * with each head alone zero-ablated (its output set to 0 before W^O,
 * src/models/intervention.ts); with each head's relative attention entropy on the same
 * sentences, as `experiment heads` computes it (heads/patterns.ts).
 */
import { BilingualError } from "../../platform/i18n/bilingual_error.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import { HeadAblation, type HeadRef } from "../../models/intervention.ts";
import { isLoadedGpt, loadAnyModel } from "../../models/weights/registry.ts";
import { checkAborted, type ExperimentContext } from "../experiment.ts";
import { gptSubject, seq2seqSubject, type Subject } from "./subjects.ts";
import { headsAblationMessages } from "./messages.ts";

const say = messagesOf(headsAblationMessages);

/** One head's measurements. */
export interface HeadRise extends HeadRef {
  /** How `ablate --head` names it: "encoder:1.2" (Transformer), "1.2" (GPT), "attention". */
  label: string;
  /** Held-out loss with this head alone zero-ablated (nats per token). */
  loss: number;
  /** loss - the loss with every head on. */
  rise: number;
  /** Mean row entropy of its attention as a share of the most it could be (0: one key, 1: uniform). */
  relativeEntropy: number;
}

/** Everything measured on one model. */
export interface HeadsAblationData {
  model: string;
  /** Held-out sentences and the target tokens (+ <eos>) the loss averages over. */
  sentences: number;
  tokens: number;
  /** Held-out loss with every head on. */
  baseLoss: number;
  heads: HeadRise[];
}

/**
 * Measures the shipped model `name` on `probes` test sentences; `progress(done, total, what)`
 * counts forward passes (one per head, one with every head on).
 */
export async function measureHeadsAblation(
  ctx: ExperimentContext,
  settings: { model: string; probes: number },
  progress: (done: number, total: number, what: string) => void,
): Promise<HeadsAblationData> {
  const { backend } = ctx;
  const loaded = await loadAnyModel(settings.model, backend, { dir: ctx.weightsDir });
  const subject: Subject = isLoadedGpt(loaded)
    ? await gptSubject(backend, loaded, settings.probes)
    : await seq2seqSubject(backend, loaded, settings.probes);
  if (subject.heads.length === 0) {
    throw new BilingualError(say("headsAblation.noHeads", { model: loaded.name }));
  }
  const total = subject.heads.length + 1;
  progress(0, total, "every head on");
  const baseLoss = await subject.loss({});
  const heads: HeadRise[] = [];
  for (const [i, { ref, label, relativeEntropy }] of subject.heads.entries()) {
    checkAborted(ctx.signal);
    progress(i + 1, total, `${label} off`);
    const ablation = new HeadAblation([ref]);
    try {
      const loss = await subject.loss({ ablation });
      heads.push({ ...ref, label, loss, rise: loss - baseLoss, relativeEntropy });
    } finally {
      ablation.dispose();
    }
  }
  progress(total, total, "done");
  return {
    model: loaded.name,
    sentences: subject.sentences,
    tokens: subject.tokens,
    baseLoss,
    heads,
  };
}
