/**
 * What `experiment heads-ablation` measures on a shipped encoder-decoder: the held-out loss
 * (teacher-forced cross-entropy, mean over every target token, <eos> included, of the test
 * sentences) with every head on, and again with each head alone zero-ablated (its output set to
 * 0 before W^O, src/models/intervention.ts); and each head's relative attention entropy on the
 * same sentences, as `experiment heads` computes it (heads/patterns.ts).
 */
import { getTask } from "../../data/task.ts";
import type { Backend } from "../../engine/backend/contract.ts";
import { seq2seqLogProbs } from "../../models/decode/forced_log_probs.ts";
import { HeadAblation, type HeadRef } from "../../models/intervention.ts";
import type { ForwardOptions, Seq2Seq } from "../../models/model.ts";
import { type LoadedModel, loadModel } from "../../models/weights/registry.ts";
import { checkAborted, type ExperimentContext } from "../experiment.ts";
import { attentionStats, encodeProbes, type Probes, traceProbes } from "../heads/patterns.ts";

/** One head's measurements. */
export interface HeadRise extends HeadRef {
  /** How `ablate --head` names it: "encoder:1.2". */
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

/** The held-out sentences of a model's task, encoded with its vocabularies. */
export function heldOutProbes(loaded: LoadedModel, count: number): Probes {
  return encodeProbes(getTask(loaded.config.task).examples("test", count), loaded);
}

/** Mean teacher-forced cross-entropy (nats per target token) of the probes. */
export async function heldOutLoss(
  model: Seq2Seq,
  backend: Backend,
  probes: Probes,
  options: ForwardOptions = {},
): Promise<number> {
  const logp = (await seq2seqLogProbs(model, backend, probes, options)).flat();
  return -logp.reduce((s, x) => s + x, 0) / logp.length;
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
  const loaded = await loadModel(settings.model, backend, { dir: ctx.weightsDir });
  const probes = heldOutProbes(loaded, settings.probes);
  const stats = attentionStats(await traceProbes(backend, loaded.model, probes));
  const refs = stats.flatMap(({ kind, layer, heads, relativeEntropy }) =>
    Array.from({ length: heads }, (_, head) => ({
      ref: { site: kind, layer, head } as HeadRef,
      relativeEntropy: relativeEntropy[head],
    }))
  );
  const total = refs.length + 1;
  progress(0, total, "every head on");
  const baseLoss = await heldOutLoss(loaded.model, backend, probes);
  const heads: HeadRise[] = [];
  for (const [i, { ref, relativeEntropy }] of refs.entries()) {
    checkAborted(ctx.signal);
    const label = `${ref.site}:${ref.layer}.${ref.head}`;
    progress(i + 1, total, `${label} off`);
    const ablation = new HeadAblation([ref]);
    try {
      const loss = await heldOutLoss(loaded.model, backend, probes, { ablation });
      heads.push({ ...ref, label, loss, rise: loss - baseLoss, relativeEntropy });
    } finally {
      ablation.dispose();
    }
  }
  progress(total, total, "done");
  return {
    model: loaded.name,
    sentences: probes.sources.length,
    tokens: probes.outputs.reduce((s, o) => s + o.length, 0),
    baseLoss,
    heads,
  };
}
