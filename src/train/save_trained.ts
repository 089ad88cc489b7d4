/**
 * Saving a trained model without ever losing a better one. A checkpoint records the dev
 * scores its parameters were chosen and scored by (metadata `dev_accuracy`,
 * `dev_token_accuracy`, `dev_examples`), so a later run can compare before it writes:
 *
 * - no file at the path: the model is written there;
 * - a file of the same task scoring no better on dev: replaced, and the old one kept beside
 *   it as `<name>.prev.safetensors`;
 * - otherwise (it scores better, has no dev score, is of another task, or is not a
 *   checkpoint attn can read): left untouched, and the model is written beside it as
 *   `<name>.new.safetensors`.
 *
 * Every write is atomic (checkpoint.ts), and a replacement first writes the new file in full,
 * so a full disk or a crash leaves the old file as it was.
 */
import type { Tensor } from "../engine/tensor.ts";
import {
  type CheckpointInfo,
  loadCheckpoint,
  saveCheckpoint,
} from "../models/weights/checkpoint.ts";
import { isScored, type Metrics } from "./evaluate.ts";
import type { TrainedModel } from "./trainer.ts";
import type { TrainedGpt } from "./gpt_trainer.ts";
import { BPE_MERGES_KEY, bpeMergesToMetadata } from "../models/weights/checkpoint_bpe.ts";
import { trainedMetadata } from "./report.ts";

/** What a save needs of a trained model: its checkpoint, its dev scores and its task. */
export interface TrainedCheckpoint {
  info: CheckpointInfo;
  params: ReadonlyMap<string, Tensor>;
  dev: Metrics;
  task: string;
}

/** Why an existing file was left in place. */
export type KeptReason =
  /** It scores better on dev (`existingDev` holds its scores). */
  | "better"
  /** Its metadata has no dev score to compare with. */
  | "unscored"
  /** The new model was not scored (stopped before a dev evaluation): nothing to compare. */
  | "new-unscored"
  /** It is a model of another task (`existingTask`). */
  | "other-task"
  /** It is not a checkpoint attn can read (`problem` says why). */
  | "unreadable"
  /** It would have been replaced, but no copy of it could be kept (`problem` says why). */
  | "no-backup";

/** What a save did (data; render/train_view.ts says it in one line). */
export interface SaveOutcome {
  /** The path asked for (--out, or `save FILE`). */
  requested: string;
  /** The file written: `requested`, or `<name>.new.safetensors` beside it. */
  written: string;
  /** The file that was at `requested` and was replaced: where it is kept now; else null. */
  previousKeptAs: string | null;
  /** When the file at `requested` was left in place: why; else null. */
  kept: KeptReason | null;
  /** The task of the saved model. */
  task: string;
  /** The dev scores of the saved model; null when it was not scored (a stopped run). */
  dev: { exactMatch: number; tokenAccuracy: number } | null;
  /** The dev scores recorded in the file that was at `requested`, when it had them. */
  existingDev: { exactMatch: number; tokenAccuracy: number } | null;
  /** The task of the file at `requested`, when it was a readable checkpoint. */
  existingTask: string | null;
  /** Why the file at `requested` could not be read or copied (kept "unreadable", "no-backup"). */
  problem: string | null;
}

/** The checkpoint of a trained model, with the scores a later save compares. */
export function trainedCheckpoint(trained: TrainedModel | TrainedGpt): TrainedCheckpoint {
  if (trained.config.arch === "gpt") return gptCheckpoint(trained as TrainedGpt);
  trained = trained as TrainedModel;
  return {
    info: {
      config: trained.config,
      srcVocab: trained.data.tokenizers.source.vocab.tokens,
      tgtVocab: trained.data.tokenizers.target.vocab.tokens,
      tokenizer: trained.data.tokenizers.source.kind,
      extra: trainedMetadata(trained),
    },
    params: trained.model.params,
    dev: trained.dev,
    task: trained.config.task,
  };
}

/** A GPT's checkpoint: one vocabulary (src = tgt), tokenizer "bpe" and its merges in metadata. */
function gptCheckpoint(trained: TrainedGpt): TrainedCheckpoint {
  const tokens = trained.tokenizer.vocab.tokens;
  return {
    info: {
      config: trained.config,
      srcVocab: tokens,
      tgtVocab: tokens,
      tokenizer: "bpe",
      extra: {
        ...trainedMetadata(trained),
        [BPE_MERGES_KEY]: bpeMergesToMetadata(trained.tokenizer),
      },
    },
    params: trained.model.params,
    dev: trained.dev,
    task: trained.config.task,
  };
}

/** `<dir>/<stem>.<tag>.safetensors` beside `path` (which ends in .safetensors). */
export function sidePath(path: string, tag: "new" | "prev"): string {
  return `${path.replace(/\.safetensors$/, "")}.${tag}.safetensors`;
}

/**
 * Saves `model` at `path` unless a better (or incomparable) model is there: see the module
 * comment. Throws (CheckpointError, one line) when nothing could be written; the file at
 * `path` is then unchanged.
 */
export async function saveTrained(model: TrainedCheckpoint, path: string): Promise<SaveOutcome> {
  const dev = isScored(model.dev)
    ? { exactMatch: model.dev.exactMatch, tokenAccuracy: model.dev.tokenAccuracy }
    : null;
  const outcome: SaveOutcome = {
    requested: path,
    written: path,
    previousKeptAs: null,
    kept: null,
    task: model.task,
    dev,
    existingDev: null,
    existingTask: null,
    problem: null,
  };
  const checkpoint = { ...model.info, params: model.params };
  if (!(await exists(path))) {
    await saveCheckpoint(path, checkpoint);
    return outcome;
  }

  // 1. Compare with the file that is there.
  try {
    const existing = await loadCheckpoint(path);
    outcome.existingTask = existing.config.task;
    outcome.existingDev = devScores(existing.metadata);
  } catch (e) {
    outcome.kept = "unreadable";
    outcome.problem = e instanceof Error ? e.message : String(e);
  }
  if (outcome.kept === null) {
    if (outcome.existingTask !== model.task) outcome.kept = "other-task";
    else if (outcome.existingDev === null) outcome.kept = "unscored";
    else if (dev === null) outcome.kept = "new-unscored";
    else if (better(outcome.existingDev, dev)) outcome.kept = "better";
  }

  // 2. Write the new model beside it in full first: a full disk stops here, harmlessly.
  const fresh = sidePath(path, "new");
  await saveCheckpoint(fresh, checkpoint);
  if (outcome.kept !== null) {
    outcome.written = fresh;
    return outcome;
  }

  // 3. Replace: keep the old file as .prev (a hard link costs no space), then move the new one in.
  const previous = sidePath(path, "prev");
  try {
    await keepCopy(path, previous);
  } catch (e) {
    outcome.kept = "no-backup";
    outcome.problem = e instanceof Error ? e.message.split("\n")[0] : String(e);
    outcome.written = fresh;
    return outcome;
  }
  await Deno.rename(fresh, path);
  outcome.previousKeptAs = previous;
  return outcome;
}

/** The dev scores in a checkpoint's metadata, or null when it has none. */
export function devScores(
  metadata: Record<string, string>,
): { exactMatch: number; tokenAccuracy: number } | null {
  const exactMatch = Number(metadata.dev_accuracy);
  const tokenAccuracy = Number(metadata.dev_token_accuracy ?? 0);
  if (metadata.dev_accuracy === undefined || !Number.isFinite(exactMatch)) return null;
  return { exactMatch, tokenAccuracy: Number.isFinite(tokenAccuracy) ? tokenAccuracy : 0 };
}

/** True when scores `a` beat `b`: higher exact match, or equal with higher token accuracy. */
function better(
  a: { exactMatch: number; tokenAccuracy: number },
  b: { exactMatch: number; tokenAccuracy: number },
): boolean {
  return a.exactMatch > b.exactMatch ||
    (a.exactMatch === b.exactMatch && a.tokenAccuracy > b.tokenAccuracy);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/**
 * Makes `to` a copy of `from`, replacing any file there atomically: a hard link under a
 * temporary name (or a byte copy where links are refused), then a rename.
 */
async function keepCopy(from: string, to: string): Promise<void> {
  const slash = to.lastIndexOf("/");
  const temp = `${to.slice(0, slash + 1)}.${to.slice(slash + 1)}.tmp-${Deno.pid}`;
  await Deno.remove(temp).catch(() => {});
  try {
    try {
      await Deno.link(from, temp);
    } catch {
      await Deno.copyFile(from, temp);
    }
    await Deno.rename(temp, to);
  } catch (e) {
    await Deno.remove(temp).catch(() => {});
    throw e;
  }
}
