/**
 * `ablate <text> --head SPEC[,SPEC...] [--mean]`: what switching attention heads off does to
 * one sentence's output. The sentence runs as `run` runs it (greedy); then
 * - teacher-forced on that original output, each step's probability of the original token,
 *   without and with the heads ablated (before.p, after.p: a drop says the head carried what
 *   that token needed), and
 * - the output the ablated model writes itself (greedy by forward passes under the ablation).
 * Zero ablation sets the heads' outputs to 0 before W^O; mean ablation (--mean) to their mean
 * over held-out sentences of the model's task (reference_means.ts), so the layers after still
 * see a typical input (src/models/intervention.ts).
 */
import { openRequestedModel } from "./open_requested_model.ts";
import type { AppContext } from "./context.ts";
import { checkText } from "./open_model.ts";
import { parseHeadSpecs } from "./head_specs.ts";
import { type AblationRunner, gptRunner, seq2seqRunner } from "./ablation_runner.ts";
import { referenceMeans } from "./reference_means.ts";
import { HeadAblation } from "../models/intervention.ts";
import { isLoadedGpt } from "../models/weights/registry.ts";

/** What to ablate. */
export interface AblateRequest {
  text: string;
  /** The --head specs, comma-separated (head_specs.ts). */
  heads: string;
  /** Replace the heads' outputs by their reference mean instead of 0. */
  mean?: boolean;
  /** A model name or path; undefined: the model in use. */
  model?: string;
}

/** One output's tokens and each one's probability at its step (teacher-forced). */
export interface ForcedTokens {
  tokens: string[];
  p: number[];
}

/** What `ablate` shows (`--json` prints it as is; docs/CONTRACT.md `ablate --json`). */
export interface AblateResult {
  model: string;
  backend: "webgpu" | "cpu";
  /** The heads switched off, as the specs name them ("cross:0.1", "1.2", "attention"). */
  heads: string[];
  /** "zero": outputs set to 0; "mean": set to their mean over the reference sentences. */
  mode: "zero" | "mean";
  /** Held-out sentences the means average (0 in zero mode). */
  referenceSentences: number;
  input: { tokens: string[] };
  /** The original output (<eos> last when emitted) and p of each token, heads on. */
  before: ForcedTokens & { text: string; finished: boolean };
  /** The same tokens (the original output) and p of each with the heads off. */
  after: ForcedTokens;
  /** What the model writes itself with the heads off (greedy under the ablation). */
  ablated: { tokens: string[]; text: string; finished: boolean };
  /** The numbers the verdict rests on. */
  summary: AblateSummary;
  warnings: string[];
}

/** How much changed. */
export interface AblateSummary {
  /** The ablated greedy output equals the original one, token for token. */
  sameOutput: boolean;
  /** First step (from 0) where the two outputs differ; null when they do not. */
  firstDifference: number | null;
  /** Mean of before.p and of after.p over the original output's steps. */
  meanBefore: number;
  meanAfter: number;
  /** The step whose p fell most (from 0), and by how much (negative: every step rose). */
  largestDropStep: number;
  largestDrop: number;
}

/** Runs the sentence with and without the heads and reports the change. */
export async function ablateHeads(app: AppContext, request: AblateRequest): Promise<AblateResult> {
  checkText(request.text);
  const warnings: string[] = [];
  const { loaded, opened: { backend } } = await openRequestedModel(app, request.model, warnings);
  const selection = parseHeadSpecs(request.heads, loaded.config, loaded.name);
  const input = { text: request.text, warnings };
  const runner: AblationRunner = isLoadedGpt(loaded)
    ? gptRunner(loaded, backend, input)
    : seq2seqRunner(app, loaded, backend, input);
  const reference = request.mean ? await referenceMeans(loaded, backend) : null;
  const ablation = new HeadAblation(selection.refs, reference?.means ?? null);
  try {
    const original = await runner.decode();
    const before = await runner.probabilities(original.ids, {});
    const after = await runner.probabilities(original.ids, { ablation });
    const ablated = await runner.greedy({ ablation });
    const tokens = runner.tokensOf(original.ids);
    return {
      model: loaded.name,
      backend: backend.name,
      heads: selection.labels,
      mode: reference ? "mean" : "zero",
      referenceSentences: reference?.sentences ?? 0,
      input: { tokens: runner.inputTokens },
      before: { tokens, p: before, text: runner.textOf(original.ids), finished: original.finished },
      after: { tokens, p: after },
      ablated: {
        tokens: runner.tokensOf(ablated.ids),
        text: runner.textOf(ablated.ids),
        finished: ablated.finished,
      },
      summary: summarize(original.ids, ablated.ids, before, after),
      warnings,
    };
  } finally {
    ablation.dispose();
  }
}

/** The numbers of the verdict: whether the output changed, and how the probabilities moved. */
export function summarize(
  original: readonly number[],
  ablated: readonly number[],
  before: readonly number[],
  after: readonly number[],
): AblateSummary {
  const length = Math.max(original.length, ablated.length);
  let firstDifference: number | null = null;
  for (let i = 0; i < length; i++) {
    if (original[i] !== ablated[i]) {
      firstDifference = i;
      break;
    }
  }
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(xs.length, 1);
  let largestDropStep = 0;
  before.forEach((p, i) => {
    if (p - after[i] > before[largestDropStep] - after[largestDropStep]) largestDropStep = i;
  });
  return {
    sameOutput: firstDifference === null,
    firstDifference,
    meanBefore: mean(before),
    meanAfter: mean(after),
    largestDropStep,
    largestDrop: before.length === 0 ? 0 : before[largestDropStep] - after[largestDropStep],
  };
}
