/**
 * `saliency <text>`: gradient x input per source token for each output token
 * (gradient_saliency.ts), teacher-forced on the model's own greedy output, beside the attention
 * the model itself shows over the same cells, and how far the two orderings agree: Spearman's
 * rank correlation per output token and its mean, the number behind "is attention an
 * explanation?" (Jain & Wallace 2019; Wiegreffe & Pinter 2019).
 *
 * The attention compared: the Transformer's last cross-attention (mean of heads), an RNN's
 * alignment, the GPT's last self-attention layer on the output rows restricted to the prompt
 * columns and renormalised. An RNN without attention has none: its saliency stands alone.
 */
import type { AppContext } from "../context.ts";
import { checkText } from "../open_model.ts";
import { runText } from "../run_text.ts";
import { generateText } from "../generate_text.ts";
import { EOS } from "../../data/vocab.ts";
import { isLoadedGpt, type LoadedGpt, type LoadedModel } from "../../models/weights/registry.ts";
import { gptSaliency, type SaliencyScores, seq2seqSaliency } from "./gradient_saliency.ts";
import { significant } from "../../measure/rounding.ts";
import { openRequestedModel } from "../open_requested_model.ts";
import { spearman } from "../../measure/rank_correlation.ts";
import { normaliseRows } from "./rollout.ts";

/** Significant digits kept in the JSON (float32 carries about 7), as `run --json`. */
const sig6 = (x: number): number => significant(x, 6);

/** Which attention the saliency is compared with. */
export type ComparedAttention = "cross" | "alignment" | "decoder";

/** What `saliency` shows (docs/CONTRACT.md `saliency --json`). */
export interface SaliencyResult {
  model: string;
  backend: "webgpu" | "cpu";
  input: { tokens: string[] };
  output: { tokens: string[]; text: string };
  /** Output tokens, one per step ("<eos>" included when emitted). */
  rows: string[];
  /** Source tokens (Seq2Seq: tokens and "<eos>"; GPT: the prompt, `<bos> ... <sep>`). */
  cols: string[];
  /** |gradient x input|, each row normalised to sum 1. */
  weights: number[][];
  /** The signed gradient x input: d log p(y_t) / d h_0[j] . h_0[j]. */
  raw: number[][];
  /** The compared attention (rows sum to 1), its kind and layer; null for an RNN without one. */
  attention: { kind: ComparedAttention; layer: number; heads: number; weights: number[][] } | null;
  /** Spearman's rho of each saliency row with its attention row (null: undefined), and the mean. */
  agreement: { rows: (number | null)[]; mean: number | null } | null;
  warnings: string[];
}

/** The labels, ids and scores of one saliency run, before they are put together. */
interface Scored {
  labels: Pick<SaliencyResult, "model" | "backend" | "input" | "output" | "rows" | "cols">;
  scores: SaliencyScores;
  compared: { kind: ComparedAttention; layer: number; heads: number } | null;
  warnings: string[];
}

/** Gradient x input saliency of `request.model` (else the model in use) on `text`. */
export async function saliencyText(
  app: AppContext,
  request: { text: string; model?: string },
): Promise<SaliencyResult> {
  checkText(request.text);
  const { spec, loaded } = await openRequestedModel(app, request.model);
  const scored = isLoadedGpt(loaded)
    ? await scoreGpt(app, loaded, spec, request.text)
    : await scoreSeq2Seq(app, loaded, spec, request.text);
  const { scores, compared } = scored;
  const weights = normaliseRows(scores.raw.map((row) => row.map(Math.abs)));
  const attention = compared && scores.attention
    ? { ...compared, weights: scores.attention.map((row) => row.map(sig6)) }
    : null;
  const agreement = scores.attention ? agreementOf(weights, scores.attention) : null;
  return {
    ...scored.labels,
    weights: weights.map((row) => row.map(sig6)),
    raw: scores.raw.map((row) => row.map(sig6)),
    attention,
    agreement,
    warnings: scored.warnings,
  };
}

/** Spearman's rho row by row, and the mean of the rows where it is defined. */
function agreementOf(
  a: number[][],
  b: number[][],
): { rows: (number | null)[]; mean: number | null } {
  const rows = a.map((row, i) => {
    const rho = spearman(row, b[i]);
    return rho === null ? null : sig6(rho);
  });
  const known = rows.filter((r): r is number => r !== null);
  const mean = known.length === 0 ? null : sig6(known.reduce((s, v) => s + v, 0) / known.length);
  return { rows, mean };
}

/** A Transformer or RNN: greedy output from `run`, then one backward on it. */
async function scoreSeq2Seq(
  app: AppContext,
  loaded: LoadedModel,
  spec: string,
  text: string,
): Promise<Scored> {
  const run = await runText(app, { text, model: spec });
  const cross = run.attention.filter((a) => a.kind === "cross" || a.kind === "alignment");
  // The emitted tokens, one per step: the attention's rows; without attention, the output.
  const emitted = cross[0]?.rows ??
    [...run.output.tokens, ...(run.decoding.finished ? ["<eos>"] : [])];
  const outIds = emitted.map((t) => loaded.target.vocab.id(t));
  const srcIds = [...run.input.ids, EOS];
  const scores = await seq2seqSaliency(loaded.model, srcIds, outIds);
  const last = cross.at(-1);
  return {
    labels: {
      model: run.model,
      backend: run.backend,
      input: { tokens: run.input.tokens },
      output: run.output,
      rows: emitted,
      cols: [...run.input.tokens, "<eos>"],
    },
    scores,
    compared: last
      ? {
        kind: last.kind === "alignment" ? "alignment" : "cross",
        layer: last.layer,
        heads: cross.filter((a) => a.layer === last.layer).length,
      }
      : null,
    warnings: run.warnings,
  };
}

/** A GPT: greedy continuation of the (translation) prompt, then one backward on it. */
async function scoreGpt(
  app: AppContext,
  loaded: LoadedGpt,
  spec: string,
  text: string,
): Promise<Scored> {
  const generated = await generateText(app, { prompt: text, model: spec, temperature: 0 });
  const scores = await gptSaliency(loaded.model, generated.prompt.ids, generated.output.ids);
  const visible = generated.stopped ? generated.output.ids.slice(0, -1) : generated.output.ids;
  return {
    labels: {
      model: generated.model,
      backend: generated.backend,
      // The text's own tokens, as `run` shows them: without <bos> (and <sep> when translating).
      input: {
        tokens: generated.prompt.tokens.slice(1, generated.mode === "translate" ? -1 : undefined),
      },
      output: {
        tokens: loaded.tokenizer.tokensOf(visible),
        text: loaded.tokenizer.decode(visible),
      },
      rows: generated.output.tokens,
      cols: generated.prompt.tokens,
    },
    scores,
    compared: { kind: "decoder", layer: loaded.config.layers - 1, heads: loaded.config.heads },
    warnings: generated.warnings,
  };
}
